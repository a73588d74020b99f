/**
 * The open model's timetable: request i is meant to start `i × 1000 / rate` ms after the start of
 * the warm-up, whatever the server does. Phases are decided by index, so that a request belongs
 * to the phase of its intended start with no rounding at the boundary. Offsets are in ms from
 * the start of the warm-up; pure arithmetic, no clock.
 */
export class OpenSchedule {
  /** Requests in the whole run (warm-up and measured): those with an offset below warm-up + duration. */
  readonly total: number;
  /** Index of the first request of the measured phase. */
  readonly firstMeasured: number;
  /** Between two intended starts. */
  readonly intervalMs: number;

  constructor(
    readonly rate: number,
    warmupMs: number,
    durationMs: number,
  ) {
    if (!(rate > 0) || !Number.isFinite(rate)) throw new RangeError(`rate must be a positive number of requests per second, but is ${rate}`);
    this.intervalMs = 1000 / rate;
    this.firstMeasured = countBelow(warmupMs, rate);
    this.total = countBelow(warmupMs + durationMs, rate);
  }

  /** When request `index` is meant to start, in ms from the start of the warm-up. */
  offsetMs(index: number): number {
    return index * this.intervalMs;
  }

  /** How many requests are due (intended start at or before `elapsedMs`), never more than total. */
  dueAt(elapsedMs: number): number {
    if (elapsedMs < 0) return 0;
    return Math.min(this.total, Math.floor((elapsedMs * this.rate) / 1000 + epsilon) + 1);
  }

  /** Requests of the measured phase among indices [from, to). */
  measuredIn(from: number, to: number): number {
    return Math.max(0, Math.min(to, this.total) - Math.max(from, this.firstMeasured));
  }
}

// 1000 / rate is seldom exact in binary: without a little slack, 0.3 × 10 000 / 1000 = 2.9999…
// would put a request that is due exactly now into the next tick
const epsilon = 1e-9;

/** Indices i ≥ 0 with i × 1000 / rate < ms. */
function countBelow(ms: number, rate: number): number {
  return Math.max(0, Math.ceil((ms * rate) / 1000 - epsilon));
}
