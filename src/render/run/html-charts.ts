import type { RunReport } from '../../contract/run-report.js';
import { answeredLatency } from '../../analysis/figures.js';
import type { ProcessProbe } from '../../contract/probes.js';
import { isProcessExit, type TrialResult } from '../../contract/trial.js';
import { describeEvent, describeExit } from '../../text/event-text.js';
import { trialLabel, trialsOf, unique, workloadsOf } from './trial-figures.js';
import type { BarChart, Chart, ChartMark, ChartName, LineChart, LineSeries } from '../common/chart-data.js';

/**
 * What the HTML report of a run plots, as plain data (common/chart-data.ts): the page embeds it
 * as JSON and its script (common/browser/) draws it onto SVG. Deciding what to plot here, typed
 * and pure, keeps the browser code a generic line and bar drawer.
 */

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
  const point = (t: number, ms: number | null, rps: number): [number, number | null] => [t, rps > 0 ? ms : null];
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

/**
 * A mark at the second each event of the trials began (skipped ones never did), and at each
 * process's exit in the measured phase, on the per-second charts.
 */
function eventMarks(trials: TrialResult[], label: Label, colorOf: (trial: TrialResult) => number): ChartMark[] {
  return trials.flatMap((trial) =>
    (trial.events ?? []).flatMap((event): ChartMark[] => {
      const at = isProcessExit(event) ? (event.phase === 'measured' ? event.atMs : null) : event.startedMs;
      if (at === null) return [];
      const text = isProcessExit(event) ? describeExit(event) : describeEvent(event, { detail: false });
      return [{ label: `${label(trial)}: ${text}`, color: colorOf(trial), symbol: 'event', x: at / 1000, y: null }];
    }),
  );
}

const percentileNames = ['p50', 'p90', 'p99', 'p99.9', 'max'];

/** Equally spaced, p50 → p90 → p99 → p99.9 is a log scale of 1 ÷ (1 − p), as latency percentile plots are drawn. */
function percentiles(trials: TrialResult[], label: Label, colorOf: (trial: TrialResult) => number, id: string): LineChart {
  const series = trials.flatMap((trial): LineSeries[] => {
    const latency = answeredLatency(trial);
    if (!latency) return [];
    const { p50, p90, p99, p999, max } = latency;
    return [
      {
        label: label(trial),
        color: colorOf(trial),
        dashed: false,
        points: [p50, p90, p99, p999, max].map((ms, x): [number, number] => [x, ms]),
        until: null,
      },
    ];
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
      .flatMap((probe) => [
        {
          label: `${label(trial)} · ${probe.role} ${probe.pid}`,
          dashed: probe.role === 'primary' || probe.role === 'balancer' || probe.role === 'daemon',
          points: probe.series.map((sample): [number, number | null] => [sample.t, cpu ? sample.cpu : sample.rssBytes]),
          until: null,
        },
        ...(cpu ? mainThreadSeries(trial, probe, label) : []),
      ]),
  );
  if (series.length === 0) {
    notes.push('No CPU and memory charts: no server process was sampled (probes off or unavailable).');
    return null;
  }
  const threads = series.some((entry) => entry.label.endsWith(' main thread'));
  const title = cpu ? `CPU per process (100% = one core${threads ? '; each main thread dashed' : ''})` : 'Resident memory (RSS) per process';
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

/** A serving process's main thread on its own, dashed under the process's line, where its threads were read: the gap between them is the other threads. */
function mainThreadSeries(trial: TrialResult, probe: ProcessProbe, label: Label) {
  const serving = probe.role === 'worker' || probe.role === 'instance';
  if (!serving || !probe.series.some((sample) => sample.mainThreadCpu !== undefined)) return [];
  return [
    {
      label: `${label(trial)} · ${probe.role} ${probe.pid} main thread`,
      dashed: true,
      points: probe.series.map((sample): [number, number | null] => [sample.t, sample.mainThreadCpu ?? null]),
      until: null,
    },
  ];
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
