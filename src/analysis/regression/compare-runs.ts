import { median } from 'simple-statistics';
import { answeredLatency } from '../figures.js';
import type {
  Direction,
  RegressionMetric,
  RegressionReport,
  RunIdentity,
  SampleComparison,
  SampleUnit,
  TrialComparison,
  TrialKey,
} from '../../contract/regression-report.js';
import type { RegressionWarning } from '../../contract/regression-warning.js';
import { warningFields } from '../../contract/typed-warning.js';
import type { RunReport } from '../../contract/run-report.js';

/** A run as a comparison reads it: the current one is compared before its outcome is decided. */
type ComparedRun = Omit<RunReport, 'outcome'>;
import type { TrialResult } from '../../contract/trial.js';
import { formatLatency, formatRps } from '../../text/format.js';
import { groupTrials } from '../run/trial-groups.js';
import { alpha, compareSamples } from './compare-samples.js';
import { compareRequests } from './compare-requests.js';
import { formatChange } from './format-change.js';

/** Which way is better for each compared metric, in the order they are listed. */
export const regressionMetrics: readonly { metric: RegressionMetric; direction: Direction }[] = [
  { metric: 'p50', direction: 'lower-is-better' },
  { metric: 'p99', direction: 'lower-is-better' },
  { metric: 'rps', direction: 'higher-is-better' },
];

export interface RegressionOptions {
  /** The largest change that is not a regression, as a fraction: 0.10 = 10%. */
  maxRegression: number;
}

/**
 * The current run against a base run: per topology × workload that ran in both, the change in
 * p50, p99 and rps with a verdict each (see compareSamples), and in a workload of several
 * requests each request's p99 and errors (compareRequests). The samples are the short windows
 * of every repeat's measured phase (windows[].p50Ms, .p99Ms, .rps; for latency only the windows
 * with a response), or the per-second points where a report has no windows. A topology ×
 * workload on one side only is listed and inconclusive, never compared. Pure.
 */
export function compareRuns(base: ComparedRun, current: ComparedRun, options: RegressionOptions): RegressionReport {
  const compared = compareTrials(base.trials, current.trials, options);
  const warnings = [...runWarnings(base, current), ...compared.warnings];
  // a request's metrics judge as the trial's do: a request that regressed fails the gate, named
  const metrics = compared.comparisons.flatMap((comparison) => [...comparison.metrics, ...(comparison.requests ?? [])]);
  const regressions = metrics.filter((metric) => metric.verdict === 'regression').map((metric) => metric.message);
  const inconclusive = [
    ...(compared.comparisons.length === 0 ? [nothingCompared(compared.onlyInBase, compared.onlyInCurrent)] : []),
    ...metrics.filter((metric) => metric.verdict === 'not-enough-data').map((metric) => metric.message),
    ...onlyOneSide(compared.onlyInBase, 'base', 'current'),
    ...onlyOneSide(compared.onlyInCurrent, 'current', 'base'),
  ];
  return {
    base: identity(base),
    current: identity(current),
    maxRegression: options.maxRegression,
    alpha,
    comparisons: compared.comparisons,
    onlyInBase: compared.onlyInBase,
    onlyInCurrent: compared.onlyInCurrent,
    regressed: regressions.length > 0,
    passed: regressions.length === 0 && inconclusive.length === 0,
    regressions,
    inconclusive,
    ...warningFields(warnings),
  };
}

function onlyOneSide(keys: readonly TrialKey[], side: string, other: string): string[] {
  return keys.map(
    (key) =>
      `${key.topology} on ${key.workload}: ran in the ${side} run only, so it was not compared: run it in the ${other} run too, or leave it out of both (--topology, --workload)`,
  );
}

/**
 * The comparison of two sets of trials, grouped by topology × workload (repeats pooled; an A/B
 * run splits its trials by variant before calling this). warnings: pairs whose load settings differ.
 */
export function compareTrials(
  base: readonly TrialResult[],
  current: readonly TrialResult[],
  options: RegressionOptions,
): { comparisons: TrialComparison[]; onlyInBase: TrialKey[]; onlyInCurrent: TrialKey[]; warnings: RegressionWarning[] } {
  const baseGroups = groupTrials(base);
  const currentGroups = groupTrials(current);
  const comparisons: TrialComparison[] = [];
  const warnings: RegressionWarning[] = [];
  for (const [key, currentTrials] of currentGroups) {
    const baseTrials = baseGroups.get(key);
    if (!baseTrials) continue;
    const [{ topology, workload }] = currentTrials as [TrialResult];
    const name = `${topology} on ${workload}`;
    const loadDifference = differentLoad(baseTrials[0] as TrialResult, currentTrials[0] as TrialResult);
    if (loadDifference) warnings.push({ id: 'load', text: `${name}: the load differs (${loadDifference}): the comparison is not like for like` });
    const unit = sampleUnit(baseTrials, currentTrials);
    const perRequest = compareRequests(name, baseTrials, currentTrials, options.maxRegression, moreData(baseTrials, currentTrials));
    warnings.push(...perRequest.warnings);
    comparisons.push({
      topology,
      workload,
      repeats: { base: baseTrials.length, current: currentTrials.length },
      samples: unit,
      ...(perRequest.requests ? { requests: perRequest.requests } : {}),
      metrics: regressionMetrics.map(({ metric, direction }) => {
        const result = compareSamples(samples(baseTrials, metric, unit.unit), samples(currentTrials, metric, unit.unit), direction, options.maxRegression);
        const advice = result.verdict === 'not-enough-data' ? moreData(baseTrials, currentTrials) : '';
        return {
          metric,
          direction,
          ...result,
          baseRun: runFigure(baseTrials, metric),
          currentRun: runFigure(currentTrials, metric),
          message: `${name}: ${describeChange(metric, result)}: ${result.reason}${advice}`,
        };
      }),
    });
  }
  const keysOf = (groups: Map<string, TrialResult[]>, others: Map<string, TrialResult[]>) =>
    [...groups]
      .filter(([key]) => !others.has(key))
      .map(([, [trial]]) => ({ topology: (trial as TrialResult).topology, workload: (trial as TrialResult).workload }));
  return { comparisons, onlyInBase: keysOf(baseGroups, currentGroups), onlyInCurrent: keysOf(currentGroups, baseGroups), warnings };
}

/** Windows when every trial on both sides has them; else the per-second series (a report of an older version), on both sides alike. */
function sampleUnit(base: readonly TrialResult[], current: readonly TrialResult[]): SampleUnit {
  const all = [...base, ...current];
  const width = (trials: readonly TrialResult[]) => Math.max(...trials.map((trial) => trial.windows?.widthMs ?? 0));
  if (all.every((trial) => trial.windows !== undefined && trial.windows.points.length > 0))
    return { unit: 'window', widthMs: { base: width(base), current: width(current) } };
  return { unit: 'second', widthMs: { base: 1000, current: 1000 } };
}

/** The samples of every repeat; latency only from the windows (or seconds) that had a response. */
function samples(trials: readonly TrialResult[], metric: RegressionMetric, unit: SampleUnit['unit']): number[] {
  return trials.flatMap((trial) => {
    if (unit === 'window') {
      return (trial.windows?.points ?? []).flatMap((point) => {
        const value = metric === 'rps' ? point.rps : metric === 'p50' ? point.p50Ms : point.p99Ms;
        return value === null ? [] : [value];
      });
    }
    return trial.series.flatMap((point) => {
      if (metric === 'rps') return [point.rps];
      const value = point.rps <= 0 ? null : metric === 'p50' ? point.p50Ms : point.p99Ms;
      return value === null ? [] : [value];
    });
  });
}

/** The figure each trial's report shows for the metric, the median over repeats; null when no trial received a response. */
function runFigure(trials: readonly TrialResult[], metric: RegressionMetric): number | null {
  const values = trials.flatMap((trial) => {
    if (metric === 'rps') return [trial.requests.rps];
    const latency = answeredLatency(trial);
    return latency ? [metric === 'p50' ? latency.p50 : latency.p99] : [];
  });
  return values.length === 0 ? null : median(values);
}

/** What to do about too few samples: a measured phase long enough for 10 windows a side, at the least 10 s. */
function moreData(base: readonly TrialResult[], current: readonly TrialResult[]): string {
  const longest = Math.max(...[...base, ...current].map((trial) => trial.load.durationMs));
  const seconds = Math.max(10, Math.ceil((2 * longest) / 1000));
  return ` (--duration ${seconds}s, or --repeat 3)`;
}

/** 'p99 +23.5% (31.2 ms → 38.5 ms)', 'rps −4.0% (2,000 → 1,920)', 'p50 (no sample → 3.10 ms)'. */
function describeChange(metric: RegressionMetric, result: SampleComparison): string {
  const format = (value: number | null) => (value === null ? 'no sample' : metric === 'rps' ? formatRps(value) : formatLatency(value));
  const figures = `(${format(result.baseMedian)} → ${format(result.currentMedian)})`;
  return result.change === null ? `${metric} ${figures}` : `${metric} ${formatChange(result.change)} ${figures}`;
}

/** The settings that change what is measured, as 'connections 50 against 100'; null when they agree. */
function differentLoad(base: TrialResult, current: TrialResult): string | null {
  const settings = [
    ['connections', base.load.connections, current.load.connections],
    ['pipelining', base.load.pipelining, current.load.pipelining],
    ['model', base.load.model, current.load.model],
    ['rate', base.load.rate ?? 'none', current.load.rate ?? 'none'],
  ] as const;
  const differing = settings.filter(([, a, b]) => a !== b).map(([name, a, b]) => `${name} ${b} against ${a}`);
  return differing.length > 0 ? differing.join(', ') : null;
}

function runWarnings(base: ComparedRun, current: ComparedRun): RegressionWarning[] {
  const warnings: RegressionWarning[] = [];
  if (base.scenario.name !== current.scenario.name)
    warnings.push({
      id: 'scenario',
      text: `different scenarios: '${current.scenario.name}' against the base's '${base.scenario.name}': the topologies and workloads of the same names may not be the same`,
    });
  if (Date.parse(base.startedAt) > Date.parse(current.startedAt)) {
    warnings.push({
      id: 'order',
      text: `the base run started after the current one (${base.startedAt} against ${current.startedAt}): are the two the right way round?`,
    });
  }
  const [a, b] = [base.environment, current.environment];
  if (a.cpus !== b.cpus || a.cpuModel !== b.cpuModel) {
    warnings.push({
      id: 'machine',
      text: `different machines: ${b.cpus} CPUs (${b.cpuModel}) against the base's ${a.cpus} (${a.cpuModel}); a baseline from another machine can show changes the code did not make (loadlab ab runs both in one job)`,
    });
  }
  if (a.node !== b.node) warnings.push({ id: 'node-version', text: `different Node.js versions: ${b.node} against the base's ${a.node}` });
  for (const [side, report] of [
    ['base', base],
    ['current', current],
  ] as const) {
    if (report.complete === false)
      warnings.push({ id: 'incomplete', text: `the ${side} run is incomplete (loadlab did not finish it): it holds the trials finished before it stopped` });
    if (report.interrupted) warnings.push({ id: 'interrupted', text: `the ${side} run was interrupted: its trials may be fewer or shorter than planned` });
    const variants = new Set(report.trials.map((trial) => trial.variant).filter((variant) => variant !== undefined));
    if (variants.size > 1) warnings.push({ id: 'ab-pooled', text: `the ${side} run is an A/B run: its base and current trials were pooled` });
  }
  return warnings;
}

function nothingCompared(onlyInBase: readonly TrialKey[], onlyInCurrent: readonly TrialKey[]): string {
  const names = (keys: readonly TrialKey[]) => (keys.length === 0 ? 'none' : keys.map((key) => `${key.topology} on ${key.workload}`).join(', '));
  return `nothing to compare: no topology × workload ran in both runs (base: ${names(onlyInBase)}; current: ${names(onlyInCurrent)})`;
}

function identity(report: ComparedRun): RunIdentity {
  const { environment } = report;
  return {
    scenario: report.scenario.name,
    startedAt: report.startedAt,
    loadlab: report.loadlab,
    node: environment.node,
    cpus: environment.cpus,
    cpuModel: environment.cpuModel,
    ...(report.scenario.app ? { app: report.scenario.app } : {}),
  };
}
