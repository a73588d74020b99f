import { formatLatency } from '../../text/format.js';
import { formatLatencyAgainst } from '../../text/format.js';
import { answeredLatency } from '../figures.js';
import { judged, notEnoughData, type VerdictRule } from './judgement.js';

/**
 * The response-time target, for p50 and for p99: at or below the scenario's slo passes, above
 * fails. value and limit in milliseconds. The limits are the user's (defaults 100 and 150 ms):
 * about 100 ms is where an answer stops feeling immediate, and the p99 is what one request in a
 * hundred waits, which a page making dozens of requests meets on nearly every visit.
 */
function sloRule(percentile: 'p50' | 'p99'): VerdictRule {
  return (trial, { scenario }) => {
    const limit = scenario.slo[percentile];
    // Without a response there is no latency: the summary's 0 would read as infinitely fast.
    const latency = answeredLatency(trial);
    if (!latency) return notEnoughData(limit, 'no response was received, so there is no latency');
    const value = latency[percentile];
    return value <= limit
      ? judged('pass', value, limit, `${percentile} ${formatLatencyAgainst(value, limit)} is within the ${formatLatency(limit)} target`)
      : judged('fail', value, limit, `${percentile} ${formatLatencyAgainst(value, limit)} is above the ${formatLatency(limit)} target`);
  };
}

export const sloP50 = sloRule('p50');
export const sloP99 = sloRule('p99');
