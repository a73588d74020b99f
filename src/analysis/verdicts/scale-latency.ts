import { formatLatency } from '../../text/format.js';
import { formatLatencyAgainst } from '../../text/format.js';
import { answeredLatency } from '../figures.js';
import { judged, notEnoughData, type VerdictRule } from './judgement.js';

/**
 * p99 above scaleWhen.latencyMs fails; at or below passes. value and limit in milliseconds.
 * Default 500 ms: a simple request that an idle app answers in milliseconds takes half a second
 * only when it waits in a queue, so the app (or what it calls) is saturated: scale or fix.
 */
export const scaleLatency: VerdictRule = (trial, { scenario }) => {
  const limit = scenario.scaleWhen.latencyMs;
  const latency = answeredLatency(trial);
  if (!latency) return notEnoughData(limit, 'no response was received, so there is no latency');
  const value = latency.p99;
  return value <= limit
    ? judged('pass', value, limit, `p99 ${formatLatencyAgainst(value, limit)} is within ${formatLatency(limit)}`)
    : judged(
        'fail',
        value,
        limit,
        `p99 ${formatLatencyAgainst(value, limit)} is above ${formatLatency(limit)}: simple requests this slow are queueing — scale out, or fix what makes them slow`,
      );
};
