import type { RequestFigures, TrialResult } from '../../contract/trial.js';
import { describeTopology, judged, listNames, notEnoughData, type VerdictRule } from './judgement.js';

/**
 * Beside other topologies that ran the same flow, a request counts as failing here only when it
 * failed by this much more than on the best of them. State lost between N processes fails about
 * (N−1)/N of the requests that need it (half, behind 2); failures of the app's own (a declined
 * payment) differ between topologies by a few points over a short trial, not by tens.
 */
const marginOverPeers = 0.05;

/**
 * A flow spread over several processes: fails when a request after one that passed (a login)
 * fails in more than errorTolerance of its answers — its checks where it has `expect`, else its
 * errors (a 401 or 403 is one) — and, where other topologies ran the same workload, by more than
 * 5 points over the best of them. That is what an app that keeps state in one process's memory
 * (sessions) shows where one client's requests reach different processes: behind a balancer that
 * spreads them (nginx, HAProxy), the instance that answers the cart never saw the login. Behind
 * the cluster module or PM2 a keep-alive connection stays on one worker, so the same app passes
 * there: the stateless rule of horizontal scaling, seen on the topology where it breaks. Steps are
 * read in the order of byRequest (the workload's). value: the failing share of the first such
 * request (where authorised requests started failing); limit: errorTolerance. Judged only for
 * flows on more than one process (see ./index.ts).
 */
export const flowState: VerdictRule = (trial, { scenario, topologies, trials = [] }) => {
  const limit = scenario.errorTolerance;
  if (!trial.flow) return notEnoughData(limit, 'the workload is no flow');
  const steps = Object.entries(trial.byRequest ?? {});
  const firstPassing = steps.findIndex(([, figures]) => failingShare(figures) <= limit);
  if (steps.length < 2 || firstPassing < 0) return notEnoughData(limit, 'no request of the flow passed before another: none was authorised by an earlier one');
  const peers = peerTrials(trial, trials);
  const failing = steps.slice(firstPassing + 1).filter(([, figures]) => failingShare(figures) > limit);
  const lost = failing.filter(([name, figures]) => {
    const best = bestShare(name, peers);
    return best === undefined || failingShare(figures) - best > Math.max(limit, marginOverPeers);
  });
  const [first] = lost;
  if (!first) return passed(steps, failing, peers, limit);
  const [name, figures] = first;
  const passedBefore = steps.slice(0, steps.indexOf(first)).findLast(([, earlier]) => failingShare(earlier) <= limit)?.[0];
  const then = lost.slice(1).map(([other, otherFigures]) => `'${other}' ${percent(failingShare(otherFigures))}`);
  return judged(
    'fail',
    failingShare(figures),
    limit,
    `on ${describeTopology(trial, topologies)} authorised requests started failing at '${name}' (${percent(failingShare(figures))} of its answers` +
      `${then.length > 0 ? `, then ${listNames(then)}` : ''}) after '${passedBefore}' passed${elsewhere(name, peers, limit)}: ` +
      "sessions (state kept in one process's memory) are not shared, and a client's next request reached a process that never saw its login. " +
      'Keep them in a shared store (Redis, a database) or in the token itself, or have the balancer keep each client on one instance (sticky sessions).',
  );
};

/** A request's share of failed answers: its failed checks where it has `expect`, else its errors (a non-2xx answer, or none). */
function failingShare(figures: RequestFigures): number {
  if ((figures.checked ?? 0) > 0) return figures.checksFailed / (figures.checked ?? 1);
  return Math.min(1, figures.errors / Math.max(1, figures.requests.total));
}

/** The lowest failing share of a request among the peers that ran it; undefined when none did. */
function bestShare(name: string, peers: readonly TrialResult[]): number | undefined {
  const shares = peers.flatMap((peer) => (peer.byRequest?.[name] ? [failingShare(peer.byRequest[name])] : []));
  return shares.length > 0 ? Math.min(...shares) : undefined;
}

/** Trials of the same workload (and A/B variant) on other topologies that ran it as a flow. */
function peerTrials(trial: TrialResult, trials: readonly TrialResult[]): TrialResult[] {
  return trials.filter(
    (peer) => peer.workload === trial.workload && peer.variant === trial.variant && peer.topology !== trial.topology && peer.flow && peer.byRequest,
  );
}

/** ', while it passed on single and cluster', or ', against 4% on single at best'; nothing when no other topology ran it. */
function elsewhere(name: string, peers: readonly TrialResult[], limit: number): string {
  const shares = peers.flatMap((peer) => (peer.byRequest?.[name] ? [{ topology: peer.topology, share: failingShare(peer.byRequest[name]) }] : []));
  if (shares.length === 0) return ' (no other topology ran the flow to compare)';
  const passing = shares.filter((entry) => entry.share <= limit);
  const topologies = (entries: typeof shares) => listNames([...new Set(entries.map((entry) => entry.topology))]);
  if (passing.length > 0) return `, while it passed on ${topologies(passing)}`;
  const best = Math.min(...shares.map((entry) => entry.share));
  return `, against ${percent(best)} on ${topologies(shares.filter((entry) => entry.share === best))}`;
}

function passed(steps: [string, RequestFigures][], failing: [string, RequestFigures][], peers: readonly TrialResult[], limit: number) {
  const [worstName, worstFigures] = steps.reduce((worst, step) => (failingShare(step[1]) > failingShare(worst[1]) ? step : worst));
  const worst = failingShare(worstFigures);
  if (failing.length === 0)
    return judged('pass', worst, limit, `no request failed more than the tolerance allows${worst > 0 ? ` (the most: '${worstName}' ${percent(worst)})` : ''}`);
  const names = listNames(failing.map(([name, figures]) => `'${name}' ${percent(failingShare(figures))}`));
  const on = listNames([...new Set(peers.map((peer) => peer.topology))]);
  return judged('pass', worst, limit, `${names} failed about as much on ${on}: the app's own failures, not state lost between processes (see errors)`);
}

function percent(fraction: number): string {
  return `${Math.round(fraction * 1000) / 10}%`;
}
