import type { CapacityKnee, CapacityStep } from '../../contract/capacity-report.js';

/** p99 has climbed steeply once it is this many times its lowest value over the steps… */
const climbFactor = 2;
/** …and at least this share of the SLO above it. */
const climbFloorShareOfSlo = 0.1;

/**
 * The knee: the last step, in order of rate, before p99 climbs steeply, and the step after it.
 * p99 has climbed steeply at a step when it is more than twice the lowest p99 of all the steps
 * and more than 10% of slo.p99 above it (or the step got no response at all). Doubling is what
 * queueing does as a server nears saturation; the absolute floor keeps a loopback server's
 * 0.3 → 0.7 ms jitter from counting as a climb.
 *
 * Why not simply the highest passing step: that is the capacity, which the report has already.
 * The knee says where latency starts to suffer, which can be well below the capacity when the
 * SLO is loose: the headroom is then smaller than the capacity suggests. With a tight SLO the
 * two coincide. Null when p99 never climbed within the rates measured (or the lowest did).
 * Only the steps the search counted are read.
 */
export function findKnee(all: readonly CapacityStep[], sloP99Ms: number): CapacityKnee | null {
  // a step the search did not believe (disturbed and measured again, cut short) is not the server's curve
  const steps = all.filter((step) => step.counted);
  const answered = steps.filter((step) => step.responses > 0);
  if (answered.length === 0) return null;
  const lowest = Math.min(...answered.map((step) => step.latencyMs.p99));
  const limit = Math.max(lowest * climbFactor, lowest + climbFloorShareOfSlo * sloP99Ms);
  const byRate = [...steps].sort((a, b) => a.targetRps - b.targetRps);
  const climbed = byRate.findIndex((step) => step.responses === 0 || step.latencyMs.p99 > limit);
  const before = byRate[climbed - 1];
  const after = byRate[climbed];
  if (climbed < 1 || !before || !after) return null;
  return { rps: before.targetRps, p99Ms: before.latencyMs.p99, nextRps: after.targetRps, nextP99Ms: after.responses > 0 ? after.latencyMs.p99 : null };
}
