import { formatRps, groupThousands } from '../../text/format.js';
import { judged, notEnoughData, type VerdictRule } from './judgement.js';

/** Below this share of the target rate the run did not offer the load it claims. */
export const minAchievedShare = 0.95;

/**
 * Open model only: warns when the rate requests were sent at fell more than 5% short of the
 * arrival rate asked for; passes otherwise. Short means the server, or maxConnections, could not
 * keep up: the latencies then describe a lower load than the one named. value: achieved ÷ target;
 * limit: 0.95.
 */
export const arrivalRate: VerdictRule = (trial) => {
  const target = trial.requests.targetRps;
  if (target === undefined || target <= 0) return notEnoughData(minAchievedShare, 'no arrival rate was set (closed model)');
  // a report from before sentRps was recorded: the answers' rate, the nearest it has
  const sent = trial.requests.sentRps ?? trial.requests.rps;
  const share = sent / target;
  const achieved = `sent ${formatRps(sent)} of the ${formatRps(target)} req/s asked for`;
  if (share >= minAchievedShare) return judged('pass', share, minAchievedShare, achieved);
  const dropped = trial.requests.dropped ? `, ${groupThousands(trial.requests.dropped)} requests dropped` : '';
  return judged(
    'warn',
    share,
    minAchievedShare,
    `${achieved} (${Math.round((1 - share) * 100)}% short${dropped}): the server (or maxConnections) could not keep up — the latencies describe a lower load than asked for`,
  );
};
