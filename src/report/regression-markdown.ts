import type { ChangeVerdict } from '../analysis/regression/compare-samples.js';
import { formatP, formatTolerance } from '../analysis/regression/compare-samples.js';
import { formatChange, type MetricComparison, type RegressionReport, type RunIdentity, type TrialKey } from '../analysis/regression/compare-runs.js';
import { formatLatency, formatRps, missing } from './format.js';
import { escapeMarkdown, table } from './markdown.js';

const verdicts: Record<ChangeVerdict, string> = {
  regression: '❌ regression',
  improvement: '🟢 improvement',
  'no-change': '✅ no change',
  'not-enough-data': '⚠️ not enough data',
};

/**
 * A regression report as GitHub-flavoured markdown, for a pull-request comment or
 * GITHUB_STEP_SUMMARY: the outcome first, the two runs, one table row per topology × workload ×
 * metric (medians of the per-second samples, the change, the Mann–Whitney p-value and the
 * verdict), then what ran on one side only, the warnings and the failures. Pure.
 */
export function renderRegressionMarkdown(report: RegressionReport): string {
  const tolerance = formatTolerance(report.maxRegression);
  const sections = [
    [
      `## loadlab · ${report.passed ? '✅ no regression' : report.regressed ? '❌ regression' : '⚠️ comparison incomplete'}`,
      '',
      `- **Base**: ${describeRun(report.base)}`,
      `- **Current**: ${describeRun(report.current)}`,
      '',
      `A change counts when a median moved by more than ${tolerance} and a Mann–Whitney U test on the per-second samples of every repeat shows, at α = ${report.alpha}, that it moved beyond the ${tolerance} tolerance. p-value: whether the samples differ at all.`,
    ],
    report.comparisons.length === 0
      ? []
      : table(
          ['topology', 'workload', 'metric', 'base', 'current', 'change', 'p-value', 'verdict'],
          report.comparisons.flatMap((comparison) => comparison.metrics.map((metric) => row(comparison, metric))),
          3,
        ),
    onlyOneSide('Only in base (not compared)', report.onlyInBase),
    onlyOneSide('Only in current (not compared)', report.onlyInCurrent),
    report.warnings.length === 0 ? [] : ['### Warnings', '', ...report.warnings.map((warning) => `- ⚠️ ${escapeMarkdown(warning)}`)],
    report.failures.length === 0 ? [] : [`**${report.regressed ? '❌ Regression' : '⚠️ Not passed'}**`, '', ...report.failures.map((failure) => `- ${escapeMarkdown(failure)}`)],
  ];
  return `${sections.filter((lines) => lines.length > 0).map((lines) => lines.join('\n')).join('\n\n')}\n`;
}

function row(key: TrialKey, metric: MetricComparison): string[] {
  const format = (value: number | null) => (value === null ? missing : metric.metric === 'rps' ? formatRps(value) : formatLatency(value));
  const note = metric.verdict === 'no-change' && metric.pBeyondTolerance !== null ? ` (not beyond the tolerance: ${formatP(metric.pBeyondTolerance)})` : '';
  const why = metric.verdict === 'not-enough-data' ? ` (${metric.reason})` : '';
  return [
    key.topology,
    key.workload,
    metric.metric,
    format(metric.baseMedian),
    format(metric.currentMedian),
    metric.change === null ? missing : formatChange(metric.change),
    metric.pValue === null ? missing : formatPValue(metric.pValue),
    `${verdicts[metric.verdict]}${note}${why}`,
  ];
}

/** 0.0032 → '0.0032', below 0.001 → '< 0.001'. */
function formatPValue(p: number): string {
  return p < 0.001 ? '< 0.001' : String(Number(p.toPrecision(2)));
}

function onlyOneSide(title: string, keys: readonly TrialKey[]): string[] {
  return keys.length === 0 ? [] : [`**${title}**: ${keys.map((key) => escapeMarkdown(`${key.topology} on ${key.workload}`)).join(', ')}`];
}

function describeRun(run: RunIdentity): string {
  return escapeMarkdown(`${run.scenario}, started ${run.startedAt} · loadlab ${run.loadlab} · node ${run.node} · ${run.cpus} CPUs (${run.cpuModel})`);
}
