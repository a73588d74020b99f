import { median } from 'simple-statistics';
import type { Direction, RequestMetric, RequestMetricComparison, SampleComparison } from '../../contract/regression-report.js';
import type { RegressionWarning } from '../../contract/regression-warning.js';
import type { RequestFigures, TrialResult, WindowPoint } from '../../contract/trial.js';
import { formatLatency, formatShare } from '../../text/format.js';
import { compareErrorShares } from './compare-error-shares.js';
import { compareSamples } from './compare-samples.js';
import { formatChange } from './format-change.js';

const requestMetrics: readonly { metric: RequestMetric; direction: Direction }[] = [
  { metric: 'p99', direction: 'lower-is-better' },
  { metric: 'errors', direction: 'lower-is-better' },
];

export interface RequestsCompared {
  /** Absent when the workload was not compared per request. */
  requests?: RequestMetricComparison[];
  warnings: RegressionWarning[];
}

/**
 * The requests of one topology × workload (`name`, e.g. 'cluster on checkout'), base against
 * current, each from its own windows: its p99 by compareSamples, its share of failures by
 * compareErrorShares. So a request that regressed is caught and named even when the trial's own
 * figures, which pool every request, did not move. Compared only for a workload of several
 * requests (one request is the trial itself) whose reports carry each request's windows on both
 * sides; else a warning says why not, and the comparison of the trial stands alone, as for a
 * baseline saved by an older version. A request on one side only is a warning, not a failure.
 * `advice`: what to do about too few samples. Pure.
 */
export function compareRequests(
  name: string,
  base: readonly TrialResult[],
  current: readonly TrialResult[],
  maxRegression: number,
  advice: string,
): RequestsCompared {
  const currentNames = requestNames(current);
  if (currentNames.length < 2) return { warnings: [] };
  if (!base.every((trial) => trial.byRequest))
    return {
      warnings: [
        {
          id: 'requests-unmeasured',
          text: `${name}: not compared per request: the base run has no figures per request (a report of an older loadlab): save a new baseline`,
        },
      ],
    };
  const baseNames = new Set(requestNames(base));
  const warnings: RegressionWarning[] = [];
  const oneSide = [...currentNames.filter((request) => !baseNames.has(request)).map((request) => `'${request}' (current only)`)];
  oneSide.push(...[...baseNames].filter((request) => !currentNames.includes(request)).map((request) => `'${request}' (base only)`));
  if (oneSide.length > 0)
    warnings.push({ id: 'requests-one-side', text: `${name}: requests that ran in one run only were not compared: ${oneSide.join(', ')}` });
  const both = currentNames.filter((request) => baseNames.has(request));
  const withoutWindows = both.filter((request) => !hasWindows(base, request) || !hasWindows(current, request));
  if (withoutWindows.length > 0)
    warnings.push({
      id: 'requests-unmeasured',
      text: `${name}: not compared per request: ${withoutWindows.map((request) => `'${request}'`).join(', ')} without windows in a run of an older loadlab: save a new baseline`,
    });
  const compared = both.filter((request) => !withoutWindows.includes(request));
  if (compared.length === 0) return { warnings };
  const requests = compared.flatMap((request) =>
    requestMetrics.map(({ metric, direction }): RequestMetricComparison => {
      const [b, c] = [samples(base, request, metric), samples(current, request, metric)];
      const result: SampleComparison = metric === 'errors' ? compareErrorShares(b, c, maxRegression) : compareSamples(b, c, direction, maxRegression);
      const more = result.verdict === 'not-enough-data' ? advice : '';
      return {
        request,
        metric,
        direction,
        ...result,
        samples: { unit: 'window', widthMs: { base: widest(base, request), current: widest(current, request) } },
        baseRun: runFigure(base, request, metric),
        currentRun: runFigure(current, request, metric),
        message: `${name} · ${request}: ${describeChange(metric, result)}: ${result.reason}${more}`,
      };
    }),
  );
  return { requests, warnings };
}

/** The request names of the trials, in the order the first trial lists them. */
function requestNames(trials: readonly TrialResult[]): string[] {
  return [...new Set(trials.flatMap((trial) => Object.keys(trial.byRequest ?? {})))];
}

function hasWindows(trials: readonly TrialResult[], request: string): boolean {
  const figures = trials.flatMap((trial) => (trial.byRequest?.[request] ? [trial.byRequest[request]] : []));
  return figures.length > 0 && figures.every((entry) => entry.windows !== undefined);
}

function windowsOf(trials: readonly TrialResult[], request: string): WindowPoint[] {
  return trials.flatMap((trial) => trial.byRequest?.[request]?.windows?.points ?? []);
}

function widest(trials: readonly TrialResult[], request: string): number {
  return Math.max(0, ...trials.map((trial) => trial.byRequest?.[request]?.windows?.widthMs ?? 0));
}

/** p99: each window's with an answer. errors: each window's failures ÷ (answers + failures), where it had either. */
function samples(trials: readonly TrialResult[], request: string, metric: RequestMetric): number[] {
  return windowsOf(trials, request).flatMap((point) => {
    if (metric === 'p99') return point.p99Ms === null ? [] : [point.p99Ms];
    const attempts = point.responses + point.errors;
    return attempts > 0 ? [point.errors / attempts] : [];
  });
}

/** The request's own figure over each trial's measured phase, the median over repeats; null when none had an answer. */
function runFigure(trials: readonly TrialResult[], request: string, metric: RequestMetric): number | null {
  const values = trials.flatMap((trial) => {
    const figures: RequestFigures | undefined = trial.byRequest?.[request];
    if (!figures) return [];
    if (metric === 'p99') return figures.latencyMs ? [figures.latencyMs.p99] : [];
    const attempts = figures.requests.total + figures.errors;
    return attempts > 0 ? [figures.errors / attempts] : [];
  });
  return values.length === 0 ? null : median(values);
}

/** 'p99 +23.5% (31.2 ms → 38.5 ms)', 'errors (0.0% → 3.1%)' (no change to give against no failure). */
function describeChange(metric: RequestMetric, result: SampleComparison): string {
  const format = (value: number | null) => (value === null ? 'no sample' : metric === 'errors' ? formatShare(value) : formatLatency(value));
  const figures = `(${format(result.baseMedian)} → ${format(result.currentMedian)})`;
  return result.change === null ? `${metric} ${figures}` : `${metric} ${formatChange(result.change)} ${figures}`;
}
