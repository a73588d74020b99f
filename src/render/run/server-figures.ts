import type { ProbeSummary, ProcessProbe } from '../../contract/probes.js';
import type { TrialResult } from '../../contract/trial.js';
import { tableBlock, type Section } from '../sections/model.js';
import { formatBytes, formatLatency, formatPercent, groupThousands, missing, unavailable } from '../../text/format.js';

/** The headings of serverFigureCells, in order. */
export const serverFigureColumns = ['max cpu', 'peak rss', 'peak fds', 'peak conns', 'loop p99', 'loop max', 'request shares'] as const;

/**
 * What the server processes of one trial did over the measured phase, as text cells: the
 * busiest process's CPU (of one core; with its main thread and other threads apart, where they
 * were read), the processes' summed peak RSS, the highest fds,
 * connections and event-loop delay of any process, and each serving process's share of the
 * requests. A figure no process could measure is 'n/a', never 0. Every renderer shows these
 * same cells.
 */
export function serverFigureCells(probes: ProbeSummary): string[] {
  const highest = (pick: (probe: ProcessProbe) => number | undefined) => highestOf(probes.processes.map(pick));
  return [
    cpuCell(probes.processes),
    known(probes.totals.rssBytes, formatBytes),
    known(
      highest((probe) => probe.fds?.max),
      groupThousands,
    ),
    known(
      highest((probe) => probe.connections?.max),
      groupThousands,
    ),
    known(
      highest((probe) => probe.eventLoopDelayMs?.p99),
      formatLatency,
    ),
    known(
      highest((probe) => probe.eventLoopDelayMs?.max),
      formatLatency,
    ),
    requestShares(probes),
  ];
}

/**
 * The busiest process's CPU, and where its threads were read, how it split at most between the
 * main thread and the others: '190% (main 12%, others 180%)'.
 */
function cpuCell(processes: readonly ProcessProbe[]): string {
  const busiest = processes.reduce<ProcessProbe | undefined>((top, probe) => ((probe.cpu?.max ?? -1) > (top?.cpu?.max ?? -1) ? probe : top), undefined);
  if (!busiest?.cpu) return unavailable;
  const { threads } = busiest;
  const split = threads ? ` (main ${formatPercent(threads.main.max)}, others ${formatPercent(threads.others.max)})` : '';
  return formatPercent(busiest.cpu.max) + split;
}

/** The serving processes' shares in process order (analysis keeps that order): '51% / 49%'. */
function requestShares(probes: ProbeSummary): string {
  const distribution = probes.distribution.requests;
  if (distribution) return distribution.shares.map((entry) => formatPercent(entry.share)).join(' / ');
  const serving = probes.processes.filter((probe) => probe.role === 'worker' || probe.role === 'instance');
  // Null because a process went uncounted is unknown; null with every process counted means
  // there was nothing to share: one process, or no requests.
  return serving.length === 0 || serving.some((probe) => probe.requests === null) ? unavailable : missing;
}

/** The highest of the values that were measured; null when none was. */
function highestOf(values: readonly (number | undefined)[]): number | null {
  const measured = values.filter((value): value is number => value !== undefined);
  return measured.length === 0 ? null : Math.max(...measured);
}

function known(value: number | null, format: (value: number) => string): string {
  return value === null ? unavailable : format(value);
}

/** What the server processes of each trial did over the measured phase, one row a trial. label: the trial's name, as in the workload's table. */
export function serversSection(trials: readonly TrialResult[], label: (trial: TrialResult) => string): Section {
  return {
    title: 'Servers',
    qualifier: ' over the measured phase',
    level: 'workload',
    blocks: [
      tableBlock(
        ['topology', ...serverFigureColumns],
        trials.map((trial) => [label(trial), ...serverFigureCells(trial.probes)]),
      ),
    ],
  };
}
