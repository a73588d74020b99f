import type { TrialResult } from '../../contract/trial.js';

/** Below this the two clocks differ by the pacer's own timing, not by a wait users would notice. */
const queueingFloorMs = 2;

/** Where an open-model trial's users waited for a connection: the percentile, and the latency by each clock there. */
export interface QueueingGap {
  percentile: 'p99' | 'p90' | 'p50';
  intendedMs: number;
  serviceMs: number;
}

/**
 * The highest percentile at which an open-model trial's users waited twice the service time or
 * more (the wait for a free connection was most of what they saw); undefined when they did not.
 * Not p99 alone: when a server stalls, the requests already on the connections are slow by both
 * clocks and can set both p99s, while the many who arrived during the stall show at p90 or p50.
 * The clocks also differ by the pacer's lateness and the client's pauses, so queueing needs
 * requests that waited (requests.delayed; reports without it are taken at their figures).
 */
export function queueingGap(trial: TrialResult): QueueingGap | undefined {
  const service = trial.serviceLatencyMs;
  const intended = trial.latencyMs;
  const waited = trial.requests.delayed === undefined || trial.requests.delayed > 0;
  if (trial.load.model !== 'open' || !service || !intended || !waited) return undefined;
  for (const percentile of ['p99', 'p90', 'p50'] as const) {
    const intendedMs = intended[percentile];
    const serviceMs = service[percentile];
    if (serviceMs > 0 && intendedMs >= 2 * serviceMs && intendedMs - serviceMs >= queueingFloorMs) return { percentile, intendedMs, serviceMs };
  }
  return undefined;
}
