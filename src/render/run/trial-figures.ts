import { bottleneckUnsaid, describeGenerators } from '../../analysis/verdicts/client-bottleneck.js';
import { answeredLatency } from '../../analysis/figures.js';
import { queueingGap } from '../../analysis/run/queueing.js';
import { trialLabel } from '../../contract/trial-name.js';
import type { Comparison, RunReport } from '../../contract/run-report.js';
import type { TrialResult } from '../../contract/trial.js';
import type { Verdict } from '../../contract/verdict.js';
import { runWarningsOf } from '../../contract/run-warning.js';
import type { Note } from '../sections/model.js';
import { formatDuration } from '../../text/duration.js';
import { formatLatency, formatRatio, formatRps, formatStatusCodes, groupThousands, missing } from '../../text/format.js';

export { trialLabel };

/**
 * The figures of a trial as text cells, shared by the markdown and HTML renderers so that a
 * number reads the same in every format. Pure.
 */

/** The headings of trialCells, in order. */
export const trialColumns = ['topology', 'instances', 'rps', 'p50', 'p99', 'p99.9', 'errors', 'non-2xx', '× baseline'] as const;

/** The workloads of the run in the order they first appear in the trials. */
export function workloadsOf(report: RunReport): string[] {
  return unique(report.trials.map((trial) => trial.workload));
}

/** The trials of one workload, in run order. */
export function trialsOf(report: RunReport, workload: string): TrialResult[] {
  return report.trials.filter((trial) => trial.workload === workload);
}

/**
 * How the workload was driven, from its first trial: '50 connections, 5 s measured after 1 s
 * warm-up', or for the open model '200 req/s arrival rate (open model), up to 20 connections, …'.
 */
export function loadDescription(trials: readonly TrialResult[]): string {
  const first = trials[0];
  if (!first) return '';
  const { load } = first;
  const phases = `${formatDuration(load.durationMs)} measured after ${formatDuration(load.warmupMs)} warm-up`;
  if (load.model === 'open' && load.rate !== undefined) {
    return `${formatRps(load.rate)} req/s arrival rate (open model), up to ${load.maxConnections ?? load.connections} connections, ${phases}`;
  }
  const pipelining = load.pipelining > 1 ? `, pipelining ${load.pipelining}` : '';
  return `${load.connections} connections${pipelining}, ${phases}`;
}

/**
 * Open model only: per trial the achieved rate against the target, the dropped requests, and
 * the service time beside the latency from the intended start (a gap between them is queueing).
 */
export function openModelLines(trials: readonly TrialResult[]): string[] {
  return trials.flatMap((trial) => {
    const { requests, serviceLatencyMs } = trial;
    if (trial.load.model !== 'open' || requests.targetRps === undefined) return [];
    const service = serviceLatencyMs
      ? `; p99 ${formatLatency(answeredLatency(trial)?.p99 ?? null)} from the intended start, ${formatLatency(answeredLatency({ latencyMs: serviceLatencyMs, requests })?.p99 ?? null)} service time`
      : '';
    const late = requests.delayed ? `, ${groupThousands(requests.delayed)} sent late (no free connection)` : '';
    const line = `${trialLabel(trial, trials)}: ${formatRps(requests.sentRps ?? requests.rps)} of ${formatRps(requests.targetRps)} req/s sent, ${groupThousands(requests.dropped ?? 0)} dropped${late}${service}`;
    const queued = queueingGap(trial);
    if (!queued) return [line];
    const times = (queued.intendedMs / queued.serviceMs).toFixed(1);
    const figures = `${formatLatency(queued.intendedMs)} against ${formatLatency(queued.serviceMs)}`;
    return [
      line,
      `  requests queued: users waited ${times}× the service time at ${queued.percentile} (${figures}) — a closed-model run (connections) would not show this wait; it hides stalls (coordinated omission)`,
    ];
  });
}

/**
 * How noisy the workload's trials were, in one line: 'noise: requests/s varied ±4% from one
 * 100 ms window to the next on single, ±12% on cluster; …'. None without windows (an older report).
 */
export function noiseLines(trials: readonly TrialResult[]): string[] {
  const measured = trials.filter((trial) => trial.noise?.rpsCv !== undefined && trial.noise.rpsCv !== null);
  const [first] = measured;
  if (!first?.noise) return [];
  const width = first.noise.widthMs % 1000 === 0 ? `${first.noise.widthMs / 1000} s` : `${first.noise.widthMs} ms`;
  const parts = measured.map(
    (trial, index) =>
      `±${Math.round((trial.noise?.rpsCv ?? 0) * 100)}%${index === 0 ? ` from one ${width} window to the next` : ''} on ${trialLabel(trial, trials)}`,
  );
  return [`noise: requests/s varied ${parts.join(', ')}; a difference of less than about twice that is hard to tell from noise in one run`];
}

/** One row of the workload's topology table, label first (unescaped: the renderer escapes it). */
export function trialCells(trial: TrialResult, trials: readonly TrialResult[], comparisons: readonly Comparison[]): string[] {
  const { requests } = trial;
  // With no response there is no latency: a 0 would read as infinitely fast.
  const latencyMs = answeredLatency(trial);
  const latency = (ms: number | undefined) => formatLatency(ms ?? null);
  const timeouts = requests.timeouts === 1 ? '1 timeout' : `${groupThousands(requests.timeouts)} timeouts`;
  const errors = requests.timeouts > 0 ? `${groupThousands(requests.errors)} (${timeouts})` : groupThousands(requests.errors);
  return [
    trialLabel(trial, trials),
    String(trial.instances),
    formatRps(requests.rps),
    latency(latencyMs?.p50),
    latency(latencyMs?.p99),
    latency(latencyMs?.p999),
    errors,
    requests.non2xx > 0 ? `${groupThousands(requests.non2xx)} (${formatStatusCodes(requests.statusCodes ?? {})})` : '0',
    throughputCell(trial, trials, comparisons),
  ];
}

/** Throughput against the workload's baseline (compareTo, else the first topology), as analysis computed it. */
function throughputCell(trial: TrialResult, trials: readonly TrialResult[], comparisons: readonly Comparison[]): string {
  const comparison = comparisons.find((entry) => entry.workload === trial.workload && entry.topology === trial.topology);
  if (comparison ? comparison.baseline === trial.topology : trial.topology === trials[0]?.topology) return 'baseline';
  // with repeats whose 95% intervals overlap, a ratio would claim what the runs cannot tell
  if (comparison?.clearDifference === false && !comparison.suspect) return 'no clear difference';
  return `${formatRatio(comparison?.throughputRatio)}${comparison?.suspect ? ' (suspect)' : ''}`;
}

/** A verdict's outcome for people. A status this version does not know (e.g. not enough data) is never shown as a pass. */
export function verdictOutcome(verdict: Verdict): { icon: string; text: string; level: 'pass' | 'warn' | 'fail' } {
  const status: string = verdict.status;
  if (status === 'pass') return { icon: '✅', text: 'pass', level: 'pass' };
  if (status === 'fail') return { icon: '❌', text: 'fail', level: 'fail' };
  return { icon: '⚠️', text: status, level: 'warn' };
}

/** A run-level note: a warning (with its kind when it is one of the run's), a client bottleneck, a probe that was unavailable. */
export type { Note } from '../sections/model.js';

/**
 * The run's warnings, then every trial whose load generator was the bottleneck (unless its
 * client-bottleneck verdict says so already, under its workload), then each reason a probe was
 * unavailable once per run (every trial usually misses the same figures for the same reason).
 */
export function runNotes(report: RunReport): Note[] {
  const notes: Note[] = runWarningsOf(report).map((warning) => ({ level: 'warning', text: warning.text, id: warning.id }));
  for (const trial of report.trials.filter(bottleneckUnsaid)) {
    const label = trialLabel(trial, trialsOf(report, trial.workload));
    notes.push({ level: 'warning', text: `${label} on ${trial.workload}: ${trial.client.reason || 'the load generator was the bottleneck'}` });
  }
  for (const reason of unique(report.trials.flatMap((trial) => trial.probes.unavailable))) notes.push({ level: 'note', text: reason });
  notes.push(...generatorNotes(report).map((text) => ({ level: 'note' as const, text })));
  return notes;
}

/** Each trial driven by several generator threads: their CPU, thread by thread ('… on hello: its 2 generator threads used 45% · 47% of a core each'). */
export function generatorNotes(report: RunReport): string[] {
  return report.trials
    .filter((trial) => (trial.client.generators?.length ?? 0) > 1)
    .map((trial) => `${trialLabel(trial, trialsOf(report, trial.workload))} on ${trial.workload}: ${describeGenerators(trial.client.generators ?? [])}`);
}

/** The run's elapsed time from its stamps: '26 s'; `—` when a stamp cannot be read. */
export function runDuration(report: RunReport): string {
  const ms = Date.parse(report.finishedAt) - Date.parse(report.startedAt);
  return Number.isFinite(ms) && ms >= 0 ? formatDuration(ms) : missing;
}

export function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
