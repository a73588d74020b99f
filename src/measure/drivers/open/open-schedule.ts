import type { StageSpec } from '../../../scenario/types.js';
import { wholeLoad, type LoadShare } from '../load-share.js';
import { RateProfile } from './rate-profile.js';

/**
 * The open model's timetable: request i of the run is meant to start `i × 1000 / rate` ms after
 * the start of the warm-up, whatever the server does; with stages, at the time the integral of
 * the piecewise-linear rate reaches i (see RateProfile). A share of the load (a generator thread, a
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
  /** Between two intended starts of the whole run, at the start rate. */
  readonly intervalMs: number;
  /** The rate over time; null when it never changes (then intervalMs apart, plain arithmetic). */
  readonly profile: RateProfile | null;
  private readonly runTotal: number;

  constructor(
    readonly rate: number,
    private readonly warmupMs: number,
    private readonly durationMs: number,
    readonly share: LoadShare = wholeLoad,
    stages: readonly StageSpec[] = [],
  ) {
    if (!(rate > 0) || !Number.isFinite(rate)) throw new RangeError(`rate must be a positive number of requests per second, but is ${rate}`);
    if (!Number.isInteger(share.count) || share.count < 1 || !Number.isInteger(share.index) || share.index < 0 || share.index >= share.count)
      throw new RangeError(`a share must be index 0…count-1 of a whole count, but is ${share.index} of ${share.count}`);
    this.intervalMs = 1000 / rate;
    const profile = stages.length === 0 ? null : new RateProfile(rate, warmupMs, durationMs, stages);
    this.profile = profile && !profile.constant ? profile : null;
    this.runTotal = this.startingBefore(warmupMs + durationMs);
    this.firstMeasured = this.ownBelow(this.startingBefore(warmupMs));
    this.total = this.ownBelow(this.runTotal);
  }

  /** Between two of this share's intended starts, when they are evenly spaced (no stages); null otherwise. */
  get spacingMs(): number | null {
    return this.profile ? null : this.intervalMs * this.share.count;
  }

  /** The arrival rate asked for at `elapsedMs` from the start of the warm-up, for the whole run (every share), in requests per second. */
  rateAt(elapsedMs: number): number {
    return this.profile ? this.profile.rateAt(elapsedMs) : this.rate;
  }

  /** The measured phase's mean arrival rate asked of this share, in requests per second. */
  get measuredRps(): number {
    if (!this.profile) return this.rate / this.share.count;
    const asked = this.profile.countBefore(this.warmupMs + this.durationMs) - this.profile.countBefore(this.warmupMs);
    return asked / (this.durationMs / 1000) / this.share.count;
  }

  /** The run's index of this share's request `index`: which request of the mix it sends. */
  runIndex(index: number): number {
    return this.share.index + index * this.share.count;
  }

  /** When this share's request `index` is meant to start, in ms from the start of the warm-up. */
  offsetMs(index: number): number {
    return this.profile ? this.profile.timeOf(this.runIndex(index)) : this.runIndex(index) * this.intervalMs;
  }

  /** How many of this share's requests are due (intended start at or before `elapsedMs`), never more than total. */
  dueAt(elapsedMs: number): number {
    if (elapsedMs < 0) return 0;
    const by = this.profile ? this.profile.countStartingBy(elapsedMs) : Math.floor((elapsedMs * this.rate) / 1000 + epsilon) + 1;
    return this.ownBelow(Math.min(this.runTotal, by));
  }

  /** This share's requests of the measured phase among its indices [from, to). */
  measuredIn(from: number, to: number): number {
    return Math.max(0, Math.min(to, this.total) - Math.max(from, this.firstMeasured));
  }

  /** The run's indices whose intended start is before `ms`. */
  private startingBefore(ms: number): number {
    return this.profile ? this.profile.countStartingBefore(ms) : countBelow(ms, this.rate);
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
