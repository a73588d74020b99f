import { wholeLoad, type LoadShare } from '../load-share.js';

/**
 * The open model's timetable: request i of the run is meant to start `i × 1000 / rate` ms after
 * the start of the warm-up, whatever the server does. A share of the load (a generator thread, a
 * shard) takes requests share.index, share.index + share.count, …: its own request j is request
 * `share.index + j × share.count` of the run. Phases are decided by the run's index, so that a
 * request belongs to the phase of its intended start with no rounding at the boundary. Offsets
 * are in ms from the start of the warm-up; pure arithmetic, no clock. Indices below are the
 * share's own (j), except where a name says otherwise.
 */
export class OpenSchedule {
  /** This share's requests in the whole run (warm-up and measured): those with an offset below warm-up + duration. */
  readonly total: number;
  /** This share's index of its first request of the measured phase. */
  readonly firstMeasured: number;
  /** Between two intended starts of the whole run. */
  readonly intervalMs: number;
  private readonly runTotal: number;

  constructor(
    readonly rate: number,
    warmupMs: number,
    durationMs: number,
    readonly share: LoadShare = wholeLoad,
  ) {
    if (!(rate > 0) || !Number.isFinite(rate)) throw new RangeError(`rate must be a positive number of requests per second, but is ${rate}`);
    if (!Number.isInteger(share.count) || share.count < 1 || !Number.isInteger(share.index) || share.index < 0 || share.index >= share.count)
      throw new RangeError(`a share must be index 0…count-1 of a whole count, but is ${share.index} of ${share.count}`);
    this.intervalMs = 1000 / rate;
    this.runTotal = countBelow(warmupMs + durationMs, rate);
    this.firstMeasured = this.ownBelow(countBelow(warmupMs, rate));
    this.total = this.ownBelow(this.runTotal);
  }

  /** Between two of this share's intended starts. */
  get spacingMs(): number {
    return this.intervalMs * this.share.count;
  }

  /** The run's index of this share's request `index`: which request of the mix it sends. */
  runIndex(index: number): number {
    return this.share.index + index * this.share.count;
  }

  /** When this share's request `index` is meant to start, in ms from the start of the warm-up. */
  offsetMs(index: number): number {
    return this.runIndex(index) * this.intervalMs;
  }

  /** How many of this share's requests are due (intended start at or before `elapsedMs`), never more than total. */
  dueAt(elapsedMs: number): number {
    if (elapsedMs < 0) return 0;
    return this.ownBelow(Math.min(this.runTotal, Math.floor((elapsedMs * this.rate) / 1000 + epsilon) + 1));
  }

  /** This share's requests of the measured phase among its indices [from, to). */
  measuredIn(from: number, to: number): number {
    return Math.max(0, Math.min(to, this.total) - Math.max(from, this.firstMeasured));
  }

  /** This share's requests among the run's indices below `runIndex`. */
  private ownBelow(runIndex: number): number {
    return Math.max(0, Math.ceil((runIndex - this.share.index) / this.share.count));
  }
}

// 1000 / rate is seldom exact in binary: without a little slack, 0.3 × 10 000 / 1000 = 2.9999…
// would put a request that is due exactly now into the next tick
const epsilon = 1e-9;

/** Indices i ≥ 0 with i × 1000 / rate < ms. */
function countBelow(ms: number, rate: number): number {
  return Math.max(0, Math.ceil((ms * rate) / 1000 - epsilon));
}
