import type { RunReport } from '../../contract/run-report.js';
import type { TrialResult } from '../../contract/trial.js';
import { describeEvent } from '../../text/event-text.js';
import { trialLabel, trialsOf, unique, workloadsOf } from './trial-figures.js';

/**
 * What the HTML report plots, as plain data: the page embeds it as JSON and a small inline
 * script (html-script.ts) draws it onto SVG. Deciding what to plot here, typed and pure, keeps
 * the browser code a generic line and bar drawer.
 */

/** The `data-chart` attribute of each kind of chart of a run. */
export const chartNames = ['latency-over-time', 'rps-over-time', 'latency-percentiles', 'cpu-per-process', 'rss-per-process', 'worker-shares'] as const;
/** Those of a capacity search. */
export const capacityChartNames = ['p99-by-rate'] as const;
/** A scaling sweep's throughput against instances (./html-scaling.ts). */
export const scalingChartNames = ['scaling-curve'] as const;
export type ChartName = (typeof chartNames)[number] | (typeof capacityChartNames)[number] | (typeof scalingChartNames)[number];

/** How the script formats values on an axis: ms as latencies, share and cores as percentages. */
export type Unit = 'ms' | 'rps' | 'cores' | 'bytes' | 'share';

export interface LineSeries {
  label: string;
  /** Palette slot: a topology keeps its colour in every chart of the run. */
  color: number;
  dashed: boolean;
  /** [x, y]; y null is a gap (not measured), never drawn as 0. */
  points: [number, number | null][];
  /**
   * Null: points are instants (samples), joined by lines. A number: each point is the value of
   * the interval up to the next point (a second of the load series), the last one until this x;
   * drawn as steps, so one second of data is still a line.
   */
  until: number | null;
  /** True: the points are drawn as dots only, not joined (measurements apart from the line, e.g. steps not counted). */
  dotsOnly?: boolean;
}

/**
 * A point of note on a line chart (a capacity, a knee): a symbol at it and a dotted line down to
 * the x axis. An 'event' mark (a fault of the timeline) is a moment, not a point: a line across
 * the whole plot at x, and y is null.
 */
export type ChartMark =
  | { label: string; /** Palette slot: the series' colour. */ color: number; symbol: 'triangle' | 'diamond'; x: number; y: number }
  | { label: string; color: number; symbol: 'event'; x: number; y: null };

export interface LineChart {
  type: 'line';
  id: string;
  name: ChartName;
  title: string;
  xLabel: string;
  /** Categorical x axis (the percentiles): x of a point is its index here. */
  xCategories: string[] | null;
  unit: Unit;
  /** A log y axis when the values span more than two decades (a 0.2 ms p50 under a 150 ms target). */
  log: boolean;
  series: LineSeries[];
  /** Horizontal reference lines: the response-time target. */
  guides: { label: string; value: number }[];
  marks: ChartMark[];
}

export interface BarChart {
  type: 'bars';
  id: string;
  name: ChartName;
  title: string;
  unit: 'share';
  /** What each bar of a row shows, in order: 'requests', 'connections'. */
  legend: string[];
  groups: { label: string; fairShare: number; rows: { label: string; values: (number | null)[] }[] }[];
}

export type Chart = LineChart | BarChart;

export interface WorkloadCharts {
  workload: string;
  charts: Chart[];
  /** Why a chart is missing: the run too short, the probes unavailable. */
  notes: string[];
}

/** The charts of each workload, in the order of the report's workloads. */
export function chartsOf(report: RunReport): WorkloadCharts[] {
  const topologies = unique(report.trials.map((trial) => trial.topology));
  const colorOf = (trial: TrialResult) => Math.max(0, topologies.indexOf(trial.topology));
  return workloadsOf(report).map((workload, index) => {
    const trials = trialsOf(report, workload);
    const label = (trial: TrialResult) => trialLabel(trial, trials);
    const id = (name: ChartName) => `${name}-${index}`;
    const notes: string[] = [];
    const charts: (Chart | null)[] = [
      latencyOverTime(report, trials, label, colorOf, id('latency-over-time')),
      rpsOverTime(trials, label, colorOf, id('rps-over-time')),
      percentiles(trials, label, colorOf, id('latency-percentiles')),
      processChart('cpu-per-process', trials, label, id('cpu-per-process'), notes),
      processChart('rss-per-process', trials, label, id('rss-per-process'), notes),
      workerShares(trials, label, id('worker-shares')),
    ];
    return { workload, charts: charts.filter((chart): chart is Chart => chart !== null), notes: unique(notes) };
  });
}

type Label = (trial: TrialResult) => string;

function latencyOverTime(report: RunReport, trials: TrialResult[], label: Label, colorOf: (trial: TrialResult) => number, id: string): LineChart {
  const { slo } = report.scenario;
  // A second without responses has no latency: a gap, not 0.
  const point = (t: number, ms: number, rps: number): [number, number | null] => [t, rps > 0 ? ms : null];
  const series = trials.flatMap((trial): LineSeries[] => [
    {
      label: `${label(trial)} p99`,
      color: colorOf(trial),
      dashed: false,
      points: trial.series.map((p) => point(p.t, p.p99Ms, p.rps)),
      until: measuredEnd(trial),
    },
    {
      label: `${label(trial)} p50`,
      color: colorOf(trial),
      dashed: true,
      points: trial.series.map((p) => point(p.t, p.p50Ms, p.rps)),
      until: measuredEnd(trial),
    },
  ]);
  const guides = [
    { label: `p99 target ${slo.p99} ms`, value: slo.p99 },
    { label: `p50 target ${slo.p50} ms`, value: slo.p50 },
  ];
  return {
    type: 'line',
    id,
    name: 'latency-over-time',
    title: 'p50 and p99 over the measured phase',
    xLabel: 's',
    xCategories: null,
    unit: 'ms',
    log: wide(series, guides),
    series,
    guides,
    marks: eventMarks(trials, label, colorOf),
  };
}

function rpsOverTime(trials: TrialResult[], label: Label, colorOf: (trial: TrialResult) => number, id: string): LineChart {
  const series = trials.map((trial): LineSeries => ({
    label: label(trial),
    color: colorOf(trial),
    dashed: false,
    points: trial.series.map((p) => [p.t, p.rps]),
    until: measuredEnd(trial),
  }));
  return {
    type: 'line',
    id,
    name: 'rps-over-time',
    title: 'Requests per second',
    xLabel: 's',
    xCategories: null,
    unit: 'rps',
    log: false,
    series,
    guides: [],
    marks: eventMarks(trials, label, colorOf),
  };
}

/** A mark at the second each event of the trials began (skipped ones never did), on the per-second charts. */
function eventMarks(trials: TrialResult[], label: Label, colorOf: (trial: TrialResult) => number): ChartMark[] {
  return trials.flatMap((trial) =>
    (trial.events ?? []).flatMap((event): ChartMark[] =>
      event.startedMs === null
        ? []
        : [
            {
              label: `${label(trial)}: ${describeEvent(event, { detail: false })}`,
              color: colorOf(trial),
              symbol: 'event',
              x: event.startedMs / 1000,
              y: null,
            },
          ],
    ),
  );
}

const percentileNames = ['p50', 'p90', 'p99', 'p99.9', 'max'];

/** Equally spaced, p50 → p90 → p99 → p99.9 is a log scale of 1 ÷ (1 − p), as latency percentile plots are drawn. */
function percentiles(trials: TrialResult[], label: Label, colorOf: (trial: TrialResult) => number, id: string): LineChart {
  const series = trials
    .filter((trial) => trial.requests.total > 0)
    .map((trial): LineSeries => {
      const { p50, p90, p99, p999, max } = trial.latencyMs;
      return {
        label: label(trial),
        color: colorOf(trial),
        dashed: false,
        points: [p50, p90, p99, p999, max].map((ms, x): [number, number] => [x, ms]),
        until: null,
      };
    });
  return {
    type: 'line',
    id,
    name: 'latency-percentiles',
    title: 'Latency by percentile',
    xLabel: 'percentile',
    xCategories: percentileNames,
    unit: 'ms',
    log: wide(series, []),
    series,
    guides: [],
    marks: [],
  };
}

function processChart(name: 'cpu-per-process' | 'rss-per-process', trials: TrialResult[], label: Label, id: string, notes: string[]): LineChart | null {
  const cpu = name === 'cpu-per-process';
  const series = trials.flatMap((trial) =>
    trial.probes.processes
      .filter((probe) => probe.series.length > 0)
      .map((probe) => ({
        label: `${label(trial)} · ${probe.role} ${probe.pid}`,
        dashed: probe.role === 'primary' || probe.role === 'balancer' || probe.role === 'daemon',
        points: probe.series.map((sample): [number, number | null] => [sample.t, cpu ? sample.cpu : sample.rssBytes]),
        until: null,
      })),
  );
  if (series.length === 0) {
    notes.push('No CPU and memory charts: no server process was sampled (probes off or unavailable).');
    return null;
  }
  const title = cpu ? 'CPU per process (100% = one core)' : 'Resident memory (RSS) per process';
  return {
    type: 'line',
    id,
    name,
    title,
    xLabel: 's',
    xCategories: null,
    unit: cpu ? 'cores' : 'bytes',
    log: false,
    series: series.map((entry, index) => ({ ...entry, color: index })),
    guides: [],
    marks: [],
  };
}

function workerShares(trials: TrialResult[], label: Label, id: string): BarChart | null {
  const groups = trials.flatMap((trial) => {
    const { requests, connections } = trial.probes.distribution;
    const pids = unique([...(requests?.shares ?? []), ...(connections?.shares ?? [])].map((entry) => entry.pid));
    if (pids.length === 0) return [];
    const roles = new Map(trial.probes.processes.map((probe) => [probe.pid, probe.role]));
    const shareOf = (distribution: typeof requests, pid: number) => distribution?.shares.find((entry) => entry.pid === pid)?.share ?? null;
    return [
      {
        label: label(trial),
        fairShare: 1 / pids.length,
        rows: pids.map((pid) => ({ label: `${roles.get(pid) ?? 'process'} ${pid}`, values: [shareOf(requests, pid), shareOf(connections, pid)] })),
      },
    ];
  });
  if (groups.length === 0) return null;
  return {
    type: 'bars',
    id,
    name: 'worker-shares',
    title: 'Share of requests and connections per worker',
    unit: 'share',
    legend: ['requests', 'connections'],
    groups,
  };
}

/** Where the last second of the load series ends: the measured phase's end (its last second may be partial). */
function measuredEnd(trial: TrialResult): number {
  const last = trial.series.at(-1);
  return Math.max(trial.phases.measured.durationMs / 1000, last ? last.t + 1 : 0);
}

/** True when the positive values (and guides) span more than two decades: a linear axis would flatten the small ones to 0. */
export function wide(series: readonly LineSeries[], guides: readonly { value: number }[]): boolean {
  const values = [...series.flatMap((entry) => entry.points.map((point) => point[1])), ...guides.map((guide) => guide.value)].filter(
    (value): value is number => value !== null && value > 0,
  );
  return values.length > 0 && Math.max(...values) / Math.min(...values) > 100;
}
