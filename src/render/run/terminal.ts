import asciichart from 'asciichart';
import { joinBlocks } from '../common/text-blocks.js';
import { describeMachine } from '../common/environment.js';
import { labelWidth, legendMark, paint, plotLayers, seriesLook, type Look } from '../common/terminal-chart.js';
import Table from 'cli-table3';
import type { Comparison, RunReport } from '../../contract/run-report.js';
import type { TrialResult } from '../../contract/trial.js';
import type { Verdict } from '../../contract/verdict.js';
import { eventEntries } from '../common/event-entries.js';
import { formatLatency, formatRps } from '../../text/format.js';
import { checkKind, describeEntryVersion, outcomeLines } from '../gate/outcome-text.js';
import { regressionLines } from '../gate/terminal-regression.js';
import { serverTable } from './terminal-servers.js';
import { scalingBlocks } from './terminal-scaling.js';
import { sectionsOfRun, sectionsOfWorkload } from '../sections/run.js';
import { terminalSection } from '../sections/terminal.js';
import type { Section } from '../sections/model.js';
import type { ScalingCurve } from '../../contract/scaling.js';
import { loadDescription, noiseLines, openModelLines, runNotes, trialCells, trialColumns, trialLabel } from './trial-figures.js';
import type { TerminalOptions } from '../report-kind.js';
import { runNotices, noticeLine } from '../common/notices.js';

interface Style {
  color: boolean;
  width: number | undefined;
  /** Every topology of the run in order, so that a topology keeps its colour and marker in every chart. */
  topologies: string[];
}

/**
 * The run for a person at a terminal: a header and the summary in plain words, then per workload
 * a table of the topologies, a table of their server processes, the verdicts that did not pass
 * and charts of throughput and p99 over time, then warnings (the run's, and every trial whose
 * load generator was the bottleneck when no verdict says so), notes on unavailable probes, and
 * the gate. Pure: the same report and options always give the same text.
 */
export function renderTerminal(report: RunReport, options: TerminalOptions): string {
  const style: Style = {
    color: options.color,
    width: options.width,
    topologies: unique(report.trials.map((trial) => trial.topology)),
  };
  const workloads = unique(report.trials.map((trial) => trial.workload));
  const sections = [
    header(report, style),
    outcomeBlock(report, style),
    (report.summary ?? []).filter((line) => line !== report.outcome.headline),
    workloads.length === 0 && !report.connectionCost ? ['No trial finished: there are no figures to show.'] : [],
    ...workloads.map((workload) =>
      workloadSection(
        report.trials.filter((trial) => trial.workload === workload),
        report.comparisons,
        style,
        (report.scaling ?? []).filter((curve) => curve.workload === workload),
        sectionsOfWorkload(report, workload),
      ),
    ),
    ...sectionsOfRun(report).map((section) => terminalSection(section, style.color)),
    report.regression ? regressionLines(report.regression, style.color) : [],
    footer(report, style),
  ];
  return joinBlocks(sections);
}

function header(report: RunReport, style: Style): string[] {
  const { scenario, environment } = report;
  return [
    `loadlab ${report.loadlab} · ${scenario.name}`,
    ...(scenario.description ? [scenario.description] : []),
    describeMachine(environment),
    `response-time target: p50 ${formatLatency(scenario.slo.p50)}, p99 ${formatLatency(scenario.slo.p99)}`,
    ...runNotices(report).map((notice) => paint(noticeLine(notice), asciichart.yellow, style.color)),
    ...(scenario.app ? [`app: ${describeEntryVersion(scenario.app)}`] : []),
  ];
}

/** The outcome first: the headline (which says its status), coloured, and every check that did not pass, each said here only. */
function outcomeBlock(report: RunReport, style: Style): string[] {
  const { outcome } = report;
  const color =
    outcome.status === 'failed' ? asciichart.red : outcome.status === 'passed' && outcome.unjudgedVerdicts === 0 ? asciichart.green : asciichart.yellow;
  return [paint(outcome.headline, color, style.color), ...outcomeLines(outcome).map(({ check }) => `  - ${check.message} (${checkKind(check, outcome)})`)];
}

/** trials: those of one workload, in run order. */
function workloadSection(
  trials: TrialResult[],
  comparisons: readonly Comparison[],
  style: Style,
  curves: readonly ScalingCurve[],
  parts: readonly Section[],
): string[] {
  return [
    `${trials[0]?.workload ?? ''} · ${loadDescription(trials)}`,
    trialTable(trials, comparisons, style),
    ...eventLines(trials),
    ...openModelLines(trials),
    ...noiseLines(trials),
    '',
    'servers over the measured phase',
    serverTable(trials, (trial) => trialLabel(trial, trials), style.color),
    ...parts.flatMap((part) => terminalSection(part, style.color)),
    ...verdictLines(trials, style),
    ...charts(trials, style),
    ...scalingBlocks(curves, style),
  ];
}

/** A line per event of the workload's trials, under the trial table. */
function eventLines(trials: TrialResult[]): string[] {
  const entries = eventEntries(trials, (trial) => trialLabel(trial, trials));
  if (entries.length === 0) return [];
  const width = Math.max(...entries.map((entry) => entry.label.length));
  return ['events', ...entries.map((entry) => `  ${entry.label.padEnd(width)}  ${entry.text}`)];
}

/** How a verdict's status reads: a mark with colour, a word without (CI logs). */
const statusMarks = {
  pass: { mark: '✓', word: 'pass', color: asciichart.green },
  warn: { mark: '!', word: 'warn', color: asciichart.yellow },
  fail: { mark: '✗', word: 'FAIL', color: asciichart.red },
  'no-data': { mark: '?', word: 'n/a', color: asciichart.yellow },
} satisfies Record<Verdict['status'], { mark: string; word: string; color: string | undefined }>;

/**
 * The verdicts of the workload's trials that did not pass, one a line, after a count of those that
 * did; those that failed only counted when the outcome at the top names them.
 */
function verdictLines(trials: TrialResult[], style: Style): string[] {
  const all = trials.flatMap((trial) => trial.verdicts.map((verdict) => ({ label: trialLabel(trial, trials), verdict })));
  if (all.length === 0) return [];
  const passed = all.filter(({ verdict }) => verdict.status === 'pass').length;
  const failed = all.filter(({ verdict }) => verdict.status === 'fail').length;
  // a failed verdict is named by the outcome at the top: said once
  const shown = all.filter(({ verdict }) => verdict.status !== 'pass' && verdict.status !== 'fail');
  const namedAtTop = failed > 0 ? `, ${failed} failed: named at the top` : '';
  if (passed === all.length) return ['', `${statusText('pass', style)} verdicts: all ${passed} passed`];
  if (shown.length === 0) return ['', `verdicts (${passed} of ${all.length} passed${namedAtTop})`];
  const labelWidth = Math.max(...shown.map(({ label }) => label.length));
  const idWidth = Math.max(...shown.map(({ verdict }) => verdict.id.length));
  return [
    '',
    `verdicts (${passed} of ${all.length} passed${namedAtTop})`,
    ...shown.map(
      ({ label, verdict }) => `  ${statusText(verdict.status, style)} ${label.padEnd(labelWidth)}  ${verdict.id.padEnd(idWidth)}  ${verdict.message}`,
    ),
  ];
}

function statusText(status: Verdict['status'], style: Style): string {
  const look = statusMarks[status];
  return style.color ? paint(look.mark, look.color, style.color) : look.word.padEnd(4);
}

function trialTable(trials: TrialResult[], comparisons: readonly Comparison[], style: Style): string {
  const table = new Table({
    head: [...trialColumns],
    colAligns: ['left', ...trialColumns.slice(1).map(() => 'right' as const)],
    style: style.color ? {} : { head: [], border: [] },
  });
  for (const trial of trials) table.push(trialCells(trial, trials, comparisons));
  return table.toString();
}

/** Rows above the lowest: 8 rows in all. */
const chartHeight = 7;
/** Short series are stretched to about this many columns. */
const chartColumns = 60;

function lookOf(topology: string, style: Style): Look {
  return seriesLook(Math.max(0, style.topologies.indexOf(topology)));
}

function charts(trials: TrialResult[], style: Style): string[] {
  const plotted = trials.filter((trial) => trial.series.length >= 2);
  const tooShort = trials
    .filter((trial) => trial.series.length < 2)
    .map((trial) => `${trialLabel(trial, trials)}: the run was too short for a chart (${trial.series.length} s of data)`);
  if (plotted.length === 0) return ['', ...tooShort];
  const looks = plotted.map((trial) => lookOf(trial.topology, style));
  const legend = plotted.map((trial, index) => `${legendMark(looks[index], style.color)} ${trialLabel(trial, trials)}`).join('  ');
  const rps = plotted.map((trial) => trial.series.map((point) => point.rps));
  // asciichart draws no gaps: a second without an answer sits on the axis, where the rps chart shows why
  const p99 = plotted.map((trial) => trial.series.map((point) => point.p99Ms ?? 0));
  return [
    '',
    `rps over the measured phase   ${legend}`,
    ...chart(rps, mean, formatRps, looks, style),
    '',
    `p99 over the measured phase   ${legend}`,
    // The highest p99 of each merged stretch: downsampling must not hide a spike.
    ...chart(p99, (values) => Math.max(...values), formatLatency, looks, style),
    ...(tooShort.length > 0 ? ['', ...tooShort] : []),
  ];
}

/** The series on one y axis from 0: each is plotted alone with its own line set, then the plots are laid over each other. */
function chart(series: number[][], reduce: (values: number[]) => number, format: (value: number) => string, looks: Look[], style: Style): string[] {
  const limit = style.width === undefined ? Infinity : Math.max(2, style.width - labelWidth - 2);
  const values = series.map((points) => stretch(downsample(points, limit, reduce), Math.min(limit, chartColumns)));
  const highest = Math.max(...values.flat());
  return plotLayers(
    values.map((points, index) => ({ points, look: looks[index] ?? seriesLook(index) })),
    { max: highest > 0 ? highest : 1, height: chartHeight, format },
    style.color,
  );
}

/** Repeats each point so that a short run (a few seconds) still draws a readable chart of about `columns` columns. */
function stretch(values: number[], columns: number): number[] {
  const times = Math.max(1, Math.floor(columns / Math.max(1, values.length)));
  return values.flatMap((value) => Array<number>(times).fill(value));
}

/** Merges consecutive points with `reduce` so that at most `limit` remain. */
function downsample(values: number[], limit: number, reduce: (values: number[]) => number): number[] {
  if (values.length <= limit) return values;
  return Array.from({ length: limit }, (_, index) =>
    reduce(values.slice(Math.floor((index * values.length) / limit), Math.floor(((index + 1) * values.length) / limit))),
  );
}

function footer(report: RunReport, style: Style): string[] {
  const warning = paint('warning:', asciichart.yellow, style.color);
  const lines = runNotes(report).map((note) => (note.level === 'warning' ? `${warning} ${note.text}` : `note: ${note.text}`));
  // the outcome at the top names what failed, once; here only which thresholds were asked for
  if (report.scenario.thresholds.length > 0) lines.push(`Thresholds: ${report.scenario.thresholds.join(', ')}`);
  return lines;
}

function mean(values: number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
