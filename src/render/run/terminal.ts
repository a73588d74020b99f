import asciichart from 'asciichart';
import { joinBlocks } from '../common/text-blocks.js';
import { describeMachine } from '../common/environment.js';
import { labelWidth, legendMark, paint, plotLayers, seriesLook, type Look } from '../common/terminal-chart.js';
import type { RunReport } from '../../contract/run-report.js';
import type { TrialResult } from '../../contract/trial.js';
import { formatLatency, formatRps } from '../../text/format.js';
import { checkKind, describeEntryVersion, outcomeLines } from '../gate/outcome-text.js';
import { regressionSection } from '../sections/gate.js';
import { scalingBlocks } from './terminal-scaling.js';
import { curvesOf } from './scaling-figures.js';
import { notesSection, sectionOfWorkload, sectionsOfRun } from '../sections/run.js';
import { terminalSection, terminalWorkload } from '../sections/terminal.js';
import { trialLabel, trialsOf, unique, workloadsOf } from './trial-figures.js';
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
 * its section (sections/run.ts: the topologies, events, verdicts that did not pass, servers,
 * worker shares…) and charts of throughput and p99 over time, then the run's sections, the
 * gate against a baseline, the warnings and notes, and the thresholds asked for. Pure: the same
 * report and options always give the same text.
 */
export function renderTerminal(report: RunReport, options: TerminalOptions): string {
  const style: Style = {
    color: options.color,
    width: options.width,
    topologies: unique(report.trials.map((trial) => trial.topology)),
  };
  const workloads = workloadsOf(report);
  const sections = [
    header(report, style),
    outcomeBlock(report, style),
    (report.summary ?? []).filter((line) => line !== report.outcome.headline),
    workloads.length === 0 && !report.connectionCost ? ['No trial finished: there are no figures to show.'] : [],
    ...workloads.map((workload) => workloadBlock(report, workload, style)),
    ...sectionsOfRun(report).map((section) => terminalSection(section, style.color)),
    report.regression ? terminalSection(regressionSection(report.regression), style.color) : [],
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

/** The workload's section, then its charts over time and its scaling curves. */
function workloadBlock(report: RunReport, workload: string, style: Style): string[] {
  const trials = trialsOf(report, workload);
  return [...terminalWorkload(sectionOfWorkload(report, workload), style.color), ...charts(trials, style), ...scalingBlocks(curvesOf(report, workload), style)];
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
  const notes = notesSection(report);
  const lines = notes ? terminalSection(notes, style.color) : [];
  // the outcome at the top names what failed, once; here only which thresholds were asked for
  if (report.scenario.thresholds.length > 0) lines.push(`Thresholds: ${report.scenario.thresholds.join(', ')}`);
  return lines;
}

function mean(values: number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}
