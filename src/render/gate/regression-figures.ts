import { describeEntryVersion } from './outcome-text.js';
import { formatChange, formatTolerance } from '../../analysis/regression/index.js';
import type {
  ChangeVerdict,
  MetricComparison,
  RegressionReport,
  RequestMetricComparison,
  RunIdentity,
  SampleComparison,
  SampleUnit,
  TrialComparison,
} from '../../contract/regression-report.js';
import { formatLatency, formatRps, formatShare, missing } from '../../text/format.js';

/** The cells of a comparison table, for the markdown and terminal renderers alike. */
export const regressionColumns = ['topology', 'workload', 'metric', 'samples', 'base (run)', 'current (run)', 'change', 'p', 'verdict'] as const;

export const changeVerdicts: Record<ChangeVerdict, string> = {
  regression: '❌ regression',
  improvement: '🟢 improvement',
  'no-change': '✅ no change',
  'not-enough-data': '⚠️ not enough data',
};

/** The rows of one topology × workload: its metrics, then each request's (a workload of several requests). */
export function comparisonRows(comparison: TrialComparison): string[][] {
  return [...comparison.metrics, ...(comparison.requests ?? [])].map((metric) => regressionCells(comparison, metric));
}

/** One row: a metric of one topology × workload, or of one of its requests ('login · p99'). */
export function regressionCells(comparison: TrialComparison, metric: MetricComparison | RequestMetricComparison): string[] {
  const format = (value: number | null) =>
    value === null ? missing : metric.metric === 'rps' ? formatRps(value) : metric.metric === 'errors' ? formatShare(value) : formatLatency(value);
  const figure = (median: number | null, run: number | null) => `${format(median)} (${format(run)})`;
  const why =
    metric.verdict === 'not-enough-data'
      ? ` (${metric.reason})`
      : metric.verdict === 'no-change' && metric.pBeyondTolerance !== null
        ? ' (could be noise)'
        : '';
  const request = 'request' in metric ? metric : undefined;
  return [
    comparison.topology,
    comparison.workload,
    request ? `${request.request} · ${metric.metric}` : metric.metric,
    sampleCounts(request?.samples ?? comparison.samples, metric),
    figure(metric.baseMedian, metric.baseRun),
    figure(metric.currentMedian, metric.currentRun),
    metric.change === null ? missing : formatChange(metric.change),
    metric.pBeyondTolerance === null ? missing : formatPValue(metric.pBeyondTolerance),
    `${changeVerdicts[metric.verdict]}${why}`,
  ];
}

/** '20 / 20 × 100 ms', '60 / 30 × 1 s', or with widths that differ, '20 × 100 ms / 10 × 200 ms'. */
function sampleCounts(samples: SampleUnit, metric: SampleComparison): string {
  const width = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`);
  const { base, current } = samples.widthMs;
  if (base === current) return `${metric.baseCount} / ${metric.currentCount} × ${width(base)}`;
  return `${metric.baseCount} × ${width(base)} / ${metric.currentCount} × ${width(current)}`;
}

/** 0.0032 → '0.0032', below 0.001 → '< 0.001'. */
function formatPValue(p: number): string {
  return p < 0.001 ? '< 0.001' : String(Number(p.toPrecision(2)));
}

/** What every column of the table is, in plain text. */
export function regressionLegend(report: RegressionReport): string {
  const tolerance = formatTolerance(report.maxRegression);
  return (
    'base and current: the medians of the samples the test compared, each sample a short window of the measured phase (its own p50, p99 and requests/s; ' +
    "one second where a report has no windows), with each run's own figure over its whole measured phase in brackets — a median of windows' p99 is not the run's p99. " +
    `samples: base and current, of every repeat. p: the p-value of the test that decided the verdict, a Mann–Whitney U test of current against base moved by the ${tolerance} tolerance; ` +
    `a change beyond the tolerance counts when p < ${report.alpha}; — when the change is within the tolerance (nothing to test) or there are too few samples.`
  );
}

export function describeRun(run: RunIdentity): string {
  const app = run.app ? ` · app ${describeEntryVersion(run.app)}` : '';
  return `${run.scenario}, started ${run.startedAt}${app} · loadlab ${run.loadlab} · node ${run.node} · ${run.cpus} CPUs (${run.cpuModel})`;
}
