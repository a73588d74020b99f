import type { ProcessProbe, Distribution } from '../../contract/probes.js';
import type { TrialResult } from '../../contract/trial.js';
import { acceptTimeSplit, traitsOf, type TraitsByKind } from '../../scenario/topology-catalogue.js';
import { formatPercent, formatRatio } from '../../text/format.js';
import { judged, listNames, notEnoughData, processName, type VerdictRule } from './judgement.js';
import { exitReason } from './process-exited.js';

/**
 * A process with half again its fair share does half again the work of the others: it reaches
 * its CPU limit (and its queueing) first, while the others idle, so the deployment's capacity is
 * set by it, not by the number of processes.
 */
const shareLimit = 1.5;
/** Jain's fairness index below 0.8: the spread as a whole is uneven, even when no single process stands out. */
const jainLimit = 0.8;

interface Spread {
  /** 'requests' or 'connections'. */
  of: string;
  distribution: Distribution;
  /** Highest share allowed, in fair shares: 1.5, or what the most even split of whole connections gives when that is more. */
  shareLimit: number;
  jainLimit: number;
}

/**
 * Warns when a serving process (worker or instance) had more than 1.5× its fair share of the
 * requests (from the in-app agent's counts) or of the connections (from /proc), or when Jain's
 * index of either is under 0.8; passes otherwise. A split of few connections cannot be even (10
 * over 8 workers puts 2 on some): the limits are then those of the most even split of whole
 * connections. value: the highest share ÷ fair share against 1.5 (or the Jain index against
 * 0.8 when only that is off). Judged only with more than one serving process (see ./index.ts).
 */
export const balance: VerdictRule = (trial, context) => {
  const serving = trial.probes.processes.filter((probe) => probe.role === 'worker' || probe.role === 'instance');
  const spreads = spreadsOf(trial, serving.length);
  if (spreads.length === 0) {
    const exit = exitReason(trial, { noneLeft: true });
    return notEnoughData(
      shareLimit,
      `no request or connection count per serving process${exit ? `: ${exit}` : ' (it needs the probes, and the in-app agent for requests)'}`,
    );
  }
  const [first] = spreads as [Spread, ...Spread[]];
  const highest = spreads.reduce(
    (worst, spread) => (spread.distribution.imbalance / spread.shareLimit > worst.distribution.imbalance / worst.shareLimit ? spread : worst),
    first,
  );
  const lowestJain = spreads.reduce((worst, spread) => (spread.distribution.jainIndex < worst.distribution.jainIndex ? spread : worst), first);
  const overShare = spreads.filter((spread) => spread.distribution.imbalance > spread.shareLimit);
  const underJain = spreads.filter((spread) => spread.distribution.jainIndex < spread.jainLimit);
  if (overShare.length === 0 && underJain.length === 0) {
    const fair = 1 / serving.length;
    return judged(
      'pass',
      highest.distribution.imbalance,
      highest.shareLimit,
      `even enough: the busiest of ${serving.length} serving processes had ${formatPercent(fair * highest.distribution.imbalance)} of the ${highest.of} (fair share ${formatPercent(fair)}), Jain's index ${lowestJain.distribution.jainIndex.toFixed(2)}`,
    );
  }
  const worst = overShare.length > 0 ? highest : lowestJain;
  // a process that died serves no more: its exit, not the scheduling policy, split the work
  const text = `${describeUneven(trial, worst, serving)} — ${exitReason(trial) ?? likelyCause(trial.kind, context.topologies)}`;
  return overShare.length > 0
    ? judged('warn', highest.distribution.imbalance, highest.shareLimit, text)
    : judged('warn', lowestJain.distribution.jainIndex, lowestJain.jainLimit, text);
};

function spreadsOf(trial: TrialResult, processes: number): Spread[] {
  const even = evenestSplit(trial.load.connections, processes);
  const limits = { shareLimit: Math.max(shareLimit, even.highestShare * processes), jainLimit: Math.min(jainLimit, even.jainIndex) };
  const { requests, connections } = trial.probes.distribution;
  return [
    ...(requests ? [{ of: 'requests', distribution: requests, ...limits }] : []),
    ...(connections ? [{ of: 'connections', distribution: connections, ...limits }] : []),
  ];
}

/** The most even split of `connections` whole connections over `processes`: its highest share and its Jain index. */
export function evenestSplit(connections: number, processes: number): { highestShare: number; jainIndex: number } {
  if (connections <= 0 || processes <= 0) return { highestShare: 1 / Math.max(1, processes), jainIndex: 1 };
  const low = Math.floor(connections / processes);
  const high = connections % processes;
  const amounts = Array.from({ length: processes }, (_, index) => (index < high ? low + 1 : low));
  const sumOfSquares = amounts.reduce((sum, amount) => sum + amount * amount, 0);
  return { highestShare: Math.max(...amounts) / connections, jainIndex: (connections * connections) / (processes * sumOfSquares) };
}

/** 'worker 3 (pid 6112) had 41% of the requests and worker 5 (pid 6114) 25%, against a fair share of 12.5% of 8 (Jain's index 0.46)'. */
function describeUneven(trial: TrialResult, spread: Spread, serving: readonly ProcessProbe[]): string {
  const fair = 1 / serving.length;
  const sorted = [...spread.distribution.shares].sort((a, b) => b.share - a.share);
  const over = sorted.filter((entry) => entry.share > fair * shareLimit);
  const named = (over.length > 0 ? over : sorted.slice(0, 2)).map((entry) => ({
    name: nameOf(entry.pid, trial),
    share: formatPercent(entry.share),
  }));
  const [top, ...rest] = named;
  const shares = top ? listNames([`${top.name} had ${top.share} of the ${spread.of}`, ...rest.map((entry) => `${entry.name} ${entry.share}`)]) : '';
  return `uneven: ${shares}, against a fair share of ${formatPercent(fair)} of ${serving.length} (the busiest ${formatRatio(spread.distribution.imbalance)} its share; Jain's index ${spread.distribution.jainIndex.toFixed(2)}, 1 is even)`;
}

function nameOf(pid: number, trial: TrialResult): string {
  const probe = trial.probes.processes.find((entry) => entry.pid === pid);
  return probe ? processName(probe, trial.probes.processes) : `pid ${pid}`;
}

/** Why it is likely uneven, by how the topology hands out work (its traits say). */
function likelyCause(kind: string, traits: TraitsByKind): string {
  return `likely cause: ${traitsOf(traits, kind)?.unevenBecause ?? acceptTimeSplit}`;
}
