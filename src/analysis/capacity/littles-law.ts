import type { LittlesLaw } from '../../contract/capacity-report.js';

/**
 * In-flight ÷ (rate × mean latency) may be off 1 by this much before it is flagged: 20%. Both
 * sides come from the same driver over the same window, so in a steady state they agree within
 * a few percent (the requests that straddle the window's edges). A larger gap means the step was
 * not in a steady state (a queue that grew through it: overload) or the figures are not what
 * they seem (the client stamped late, requests counted in one and not the other).
 */
export const littlesLawTolerance = 0.2;

/**
 * Little's law, L = λ·W, over one step: the time-averaged number of requests outstanding
 * (`meanInFlight`, from each intended start) against the arrival rate (the target: arrivals
 * follow the timetable, whatever the server does) × the mean latency from the intended start.
 * Null when there is no latency to multiply (no response).
 */
export function checkLittlesLaw(
  input: { targetRps: number; meanLatencyMs: number; meanInFlight: number; responses: number },
  tolerance = littlesLawTolerance,
): LittlesLaw | null {
  if (input.responses === 0) return null;
  const expected = (input.targetRps * input.meanLatencyMs) / 1000;
  const ratio = expected > 0 ? input.meanInFlight / expected : null;
  return { inFlight: input.meanInFlight, expected, ratio, ok: ratio !== null && Math.abs(ratio - 1) <= tolerance };
}
