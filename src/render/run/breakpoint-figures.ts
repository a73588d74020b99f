import { stageLevelAt } from '../../contract/stage-level.js';
import type { RunReport } from '../../contract/run-report.js';
import type { SeriesPoint, TrialResult } from '../../contract/trial.js';
import { trialLabel } from '../../contract/trial-name.js';
import { describeBreakpoint } from '../../analysis/breakpoint/breakpoint-text.js';
import { formatDuration } from '../../text/duration.js';
import { formatLatency, formatRps, groupThousands } from '../../text/format.js';
import { tableBlock, type Block, type Section } from '../sections/model.js';
import { trialsOf } from './trial-figures.js';
import { breakpointCharts } from './breakpoint-chart.js';

/** A long ramp's seconds are joined so that its table keeps to this many rows. */
const mostRows = 30;

export const breakpointColumns = ['time', 'asked', 'served req/s', 'p50', 'p99', 'errors', ''] as const;

/**
 * The staged trials of a workload: where each broke, in words, and its latency and errors against
 * the load asked for — charted against that load with where it broke marked, and second by second
 * in a table (joined into at most 30 rows: the highest p50 and p99 of the seconds joined, their
 * errors added), the row it broke in marked.
 */
export function breakpointSection(report: RunReport, workload: string): Section | null {
  const trials = trialsOf(report, workload).filter((trial) => trial.breakpoint !== undefined);
  if (trials.length === 0) return null;
  const blocks = trials.flatMap((trial): Block[] => [
    { kind: 'paragraph', text: `${trialLabel(trial, trials)}: ${headline(trial)}` },
    ...breakpointCharts(trial, `breakpoint-${report.trials.indexOf(trial)}`, report.scenario.slo.p99),
    tableBlock(breakpointColumns, breakpointRows(trial), 1),
  ]);
  return { title: 'Where it broke as the load grew', level: 'workload', blocks };
}

function headline(trial: TrialResult): string {
  if (trial.breakpoint) return `${describeBreakpoint(trial.breakpoint)}.`;
  const last = trial.load.stages?.at(-1)?.target ?? 0;
  return `held its targets through the ramp, up to ${trial.load.model === 'open' ? `${formatRps(last)} req/s` : `${groupThousands(last)} connections`}.`;
}

/** One row per second of the measured phase, or per group of seconds on a long ramp. Pure. */
export function breakpointRows(trial: TrialResult): string[][] {
  const { series } = trial;
  const size = Math.max(1, Math.ceil(series.length / mostRows));
  const rows: string[][] = [];
  for (let from = 0; from < series.length; from += size) {
    const group = series.slice(from, from + size);
    const startMs = (group[0] as SeriesPoint).t * 1000;
    const endMs = ((group.at(-1) as SeriesPoint).t + 1) * 1000;
    const broke = trial.breakpoint && trial.breakpoint.atMs >= startMs && (trial.breakpoint.atMs < endMs || from + size >= series.length);
    rows.push([
      `${startMs / 1000} s`,
      asked(trial, (startMs + endMs) / 2),
      formatRps(group.reduce((sum, point) => sum + point.rps, 0) / group.length),
      formatLatency(highest(group.map((point) => point.p50Ms))),
      formatLatency(highest(group.map((point) => point.p99Ms))),
      groupThousands(group.reduce((sum, point) => sum + point.errors, 0)),
      broke ? '◀ broke here' : '',
    ]);
  }
  return rows;
}

/** The load the stages asked for at `ms` into the measured phase: a rate (open) or connections (closed). */
function asked(trial: TrialResult, ms: number): string {
  const stages = trial.load.stages ?? [];
  if (trial.load.model === 'open') return `${formatRps(stageLevelAt(trial.load.rate ?? 0, stages, ms))} req/s`;
  return `${groupThousands(Math.floor(stageLevelAt(trial.load.connections, stages, ms)))} conn.`;
}

function highest(values: readonly (number | null)[]): number | null {
  const known = values.filter((value): value is number => value !== null);
  return known.length === 0 ? null : Math.max(...known);
}

/** The trials of a workload stopped early because a threshold failed while they ran: when, and which. */
export function abortedSection(report: RunReport, workload: string): Section | null {
  const trials = trialsOf(report, workload);
  const notes = trials.flatMap((trial) =>
    trial.aborted
      ? [
          {
            level: 'warning' as const,
            text: `${trialLabel(trial, trials)}: stopped ${formatDuration(trial.aborted.atMs)} into the measured phase: ${trial.aborted.message}`,
          },
        ]
      : [],
  );
  return notes.length === 0 ? null : { title: 'Stopped early: a threshold failed while it ran', level: 'workload', blocks: [{ kind: 'notes', notes }] };
}
