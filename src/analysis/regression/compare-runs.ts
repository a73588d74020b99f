import type { RunReport, TrialResult } from '../../model.js';
import { formatLatency, formatRps } from '../../report/format.js';
import { alpha, compareSamples, type Direction, type SampleComparison } from './compare-samples.js';

export type RegressionMetric = 'p50' | 'p99' | 'rps';

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

/** One metric of one topology × workload, base against current. Medians in ms (p50, p99) or requests per second (rps). */
export interface MetricComparison extends SampleComparison {
  metric: RegressionMetric;
  direction: Direction;
  /** For a person: 'cluster on cpu: p99 +23.5% (31.2 ms → 38.5 ms): worse by more than the 10% tolerance, significantly (p < 0.001)'. */
  message: string;
}

export interface TrialKey {
  topology: string;
  workload: string;
}

export interface TrialComparison extends TrialKey {
  /** Trials (repeats) on each side whose per-second samples were pooled. */
  repeats: { base: number; current: number };
  metrics: MetricComparison[];
}

/** Enough of a run to say which one it was. */
export interface RunIdentity {
  scenario: string;
  startedAt: string;
  loadlab: string;
  node: string;
  cpus: number;
  cpuModel: string;
}

export interface RegressionReport {
  base: RunIdentity;
  current: RunIdentity;
  maxRegression: number;
  alpha: number;
  /** Per topology × workload that ran in both, in the current run's order. */
  comparisons: TrialComparison[];
  /** Ran in one run only: listed, not compared. */
  onlyInBase: TrialKey[];
  onlyInCurrent: TrialKey[];
  /** A metric of some topology × workload regressed. */
  regressed: boolean;
  /** No regression, no metric without enough data, and something was compared: what a gate should require. */
  passed: boolean;
  /** Why it did not pass, one line each (empty when passed). */
  failures: string[];
  /** What makes the comparison mean less than it says: different machines, different load settings. */
  warnings: string[];
}

/**
 * The current run against a base run: per topology × workload that ran in both, the change in
 * p50, p99 and rps with a verdict each (see compareSamples). The samples are the per-second
 * points of every repeat of the measured phase (series[].p50Ms, .p99Ms, .rps; for latency only
 * the seconds with a response). Trials on one side only are listed, never compared. Pure.
 */
export function compareRuns(base: RunReport, current: RunReport, options: RegressionOptions): RegressionReport {
  const compared = compareTrials(base.trials, current.trials, options);
  const warnings = [...runWarnings(base, current), ...compared.warnings];
  const failures = [
    ...(compared.comparisons.length === 0 ? [nothingCompared(compared.onlyInBase, compared.onlyInCurrent)] : []),
    ...compared.comparisons.flatMap((comparison) =>
      comparison.metrics.filter((metric) => metric.verdict === 'regression' || metric.verdict === 'not-enough-data').map((metric) => metric.message),
    ),
  ];
  return {
    base: identity(base),
    current: identity(current),
    maxRegression: options.maxRegression,
    alpha,
    comparisons: compared.comparisons,
    onlyInBase: compared.onlyInBase,
    onlyInCurrent: compared.onlyInCurrent,
    regressed: compared.comparisons.some((comparison) => comparison.metrics.some((metric) => metric.verdict === 'regression')),
    passed: failures.length === 0,
    failures,
    warnings,
  };
}

/**
 * The comparison of two sets of trials, grouped by topology × workload (repeats pooled; an A/B
 * run splits its trials by variant before calling this). warnings: pairs whose load settings differ.
 */
export function compareTrials(
  base: readonly TrialResult[],
  current: readonly TrialResult[],
  options: RegressionOptions,
): { comparisons: TrialComparison[]; onlyInBase: TrialKey[]; onlyInCurrent: TrialKey[]; warnings: string[] } {
  const baseGroups = groupByTrial(base);
  const currentGroups = groupByTrial(current);
  const comparisons: TrialComparison[] = [];
  const warnings: string[] = [];
  for (const [key, currentTrials] of currentGroups) {
    const baseTrials = baseGroups.get(key);
    if (!baseTrials) continue;
    const [{ topology, workload }] = currentTrials as [TrialResult];
    const name = `${topology} on ${workload}`;
    const loadDifference = differentLoad(baseTrials[0] as TrialResult, currentTrials[0] as TrialResult);
    if (loadDifference) warnings.push(`${name}: the load differs (${loadDifference}): the comparison is not like for like`);
    comparisons.push({
      topology,
      workload,
      repeats: { base: baseTrials.length, current: currentTrials.length },
      metrics: regressionMetrics.map(({ metric, direction }) => {
        const result = compareSamples(samples(baseTrials, metric), samples(currentTrials, metric), direction, options.maxRegression);
        return { metric, direction, ...result, message: `${name}: ${describeChange(metric, result)}: ${result.reason}` };
      }),
    });
  }
  const keysOf = (groups: Map<string, TrialResult[]>, others: Map<string, TrialResult[]>) =>
    [...groups].filter(([key]) => !others.has(key)).map(([, [trial]]) => ({ topology: (trial as TrialResult).topology, workload: (trial as TrialResult).workload }));
  return { comparisons, onlyInBase: keysOf(baseGroups, currentGroups), onlyInCurrent: keysOf(currentGroups, baseGroups), warnings };
}

/** Per-second samples of every repeat; latency only from the seconds that had a response (else p50Ms is a placeholder 0). */
function samples(trials: readonly TrialResult[], metric: RegressionMetric): number[] {
  return trials.flatMap((trial) =>
    trial.series.flatMap((point) => {
      if (metric === 'rps') return [point.rps];
      if (point.rps <= 0) return [];
      return [metric === 'p50' ? point.p50Ms : point.p99Ms];
    }),
  );
}

function groupByTrial(trials: readonly TrialResult[]): Map<string, TrialResult[]> {
  const groups = new Map<string, TrialResult[]>();
  for (const trial of trials) {
    const key = JSON.stringify([trial.topology, trial.workload]);
    groups.set(key, [...(groups.get(key) ?? []), trial]);
  }
  return groups;
}

/** 'p99 +23.5% (31.2 ms → 38.5 ms)', 'rps −4.0% (2,000 → 1,920)', 'p50 (no sample → 3.10 ms)'. */
function describeChange(metric: RegressionMetric, result: SampleComparison): string {
  const format = (value: number | null) => (value === null ? 'no sample' : metric === 'rps' ? formatRps(value) : formatLatency(value));
  const figures = `(${format(result.baseMedian)} → ${format(result.currentMedian)})`;
  return result.change === null ? `${metric} ${figures}` : `${metric} ${formatChange(result.change)} ${figures}`;
}

/** +0.235 → '+23.5%', −0.04 → '−4.0%' (a true minus sign), 0 → '0.0%'. */
export function formatChange(change: number): string {
  const percent = (Math.abs(change) * 100).toFixed(1);
  if (percent === '0.0') return '0.0%';
  return `${change > 0 ? '+' : '−'}${percent}%`;
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

function runWarnings(base: RunReport, current: RunReport): string[] {
  const warnings: string[] = [];
  if (base.scenario.name !== current.scenario.name) warnings.push(`different scenarios: '${current.scenario.name}' against the base's '${base.scenario.name}'`);
  const [a, b] = [base.environment, current.environment];
  if (a.cpus !== b.cpus || a.cpuModel !== b.cpuModel) {
    warnings.push(`different machines: ${b.cpus} CPUs (${b.cpuModel}) against the base's ${a.cpus} (${a.cpuModel}); a baseline from another machine can show changes the code did not make (loadlab ab runs both in one job)`);
  }
  if (a.node !== b.node) warnings.push(`different Node.js versions: ${b.node} against the base's ${a.node}`);
  for (const [side, report] of [['base', base], ['current', current]] as const) {
    if (report.interrupted) warnings.push(`the ${side} run was interrupted: its trials may be fewer or shorter than planned`);
    const variants = new Set(report.trials.map((trial) => trial.variant).filter((variant) => variant !== undefined));
    if (variants.size > 1) warnings.push(`the ${side} run is an A/B run: its base and current trials were pooled`);
  }
  return warnings;
}

function nothingCompared(onlyInBase: readonly TrialKey[], onlyInCurrent: readonly TrialKey[]): string {
  const names = (keys: readonly TrialKey[]) => (keys.length === 0 ? 'none' : keys.map((key) => `${key.topology} on ${key.workload}`).join(', '));
  return `nothing to compare: no topology × workload ran in both runs (base: ${names(onlyInBase)}; current: ${names(onlyInCurrent)})`;
}

function identity(report: RunReport): RunIdentity {
  const { environment } = report;
  return { scenario: report.scenario.name, startedAt: report.startedAt, loadlab: report.loadlab, node: environment.node, cpus: environment.cpus, cpuModel: environment.cpuModel };
}
