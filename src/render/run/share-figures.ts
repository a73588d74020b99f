import type { TrialResult } from '../../contract/trial.js';
import { formatPercent, formatRatio, unavailable } from '../../text/format.js';
import { tableBlock, type Section } from '../sections/model.js';

type Distribution = TrialResult['probes']['distribution']['requests'];

/** Each serving process's share of the requests and of the connections, for the trials that have more than one; null when none has. */
export function sharesSection(trials: readonly TrialResult[], label: (trial: TrialResult) => string): Section | null {
  const shared = trials.filter((trial) => trial.probes.distribution.requests || trial.probes.distribution.connections);
  if (shared.length === 0) return null;
  const rows = shared.flatMap((trial) => {
    const { requests, connections } = trial.probes.distribution;
    const pids = [...new Set([...(requests?.shares ?? []), ...(connections?.shares ?? [])].map((entry) => entry.pid))];
    const rolesByPid = new Map(trial.probes.processes.map((probe) => [probe.pid, probe.role]));
    return [
      ...pids.map((pid) => [label(trial), `${rolesByPid.get(pid) ?? 'process'} ${pid}`, shareOf(requests, pid), shareOf(connections, pid)]),
      [label(trial), 'highest ÷ fair share', imbalance(requests), imbalance(connections)],
      [label(trial), 'Jain index (1 = even)', jain(requests), jain(connections)],
    ];
  });
  return { title: 'Worker shares', level: 'workload', blocks: [tableBlock(['topology', 'process', 'requests', 'connections'], rows, 2)] };
}

function shareOf(distribution: Distribution, pid: number): string {
  const entry = distribution?.shares.find((share) => share.pid === pid);
  return entry ? formatPercent(entry.share) : unavailable;
}

function imbalance(distribution: Distribution): string {
  return distribution ? formatRatio(distribution.imbalance) : unavailable;
}

function jain(distribution: Distribution): string {
  return distribution ? distribution.jainIndex.toFixed(2) : unavailable;
}
