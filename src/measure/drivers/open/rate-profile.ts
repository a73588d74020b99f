import { stageLevelAt } from '../../../contract/stage-level.js';
import type { StageSpec } from '../../../scenario/types.js';

/** A stretch of the profile where the rate moves linearly from fromRps to toRps. */
interface Segment {
  startMs: number;
  endMs: number;
  fromRps: number;
  toRps: number;
  /** Requests due before startMs: the integral of the rate up to it. */
  countBefore: number;
}

// the integral is a sum of products: a request due exactly at t can come out 1e-12 short of a
// whole number; without slack it would be counted a tick late
const epsilon = 1e-7;
// two times this close are one: the sums of the inverse and the integral differ by their rounding
const timeSlackMs = 1e-9;

/**
 * The open model's arrival rate over a load, piecewise linear (k6's ramping-arrival-rate): the
 * warm-up holds `startRps`, then each stage moves the rate linearly to its target over its
 * duration (a stage with the start's own target holds it). Request n of the timetable is due at
 * the time t where the integral of the rate from 0 to t is n, exactly, so that every intended
 * start, and with it every latency, is as a user arriving then would see it. Times in ms from the
 * start of the warm-up, rates in requests per second. Pure arithmetic, no clock.
 */
export class RateProfile {
  readonly totalMs: number;
  /** The integral of the rate over the whole load: requests due in [0, totalMs) are those below it. */
  readonly totalCount: number;
  private readonly segments: Segment[];
  // the pacer asks for times in increasing order: the last segment found is nearly always the next one's
  private hint = 0;

  constructor(
    private readonly startRps: number,
    private readonly warmupMs: number,
    durationMs: number,
    private readonly stages: readonly StageSpec[] = [],
  ) {
    if (!(startRps >= 0) || !Number.isFinite(startRps)) throw new RangeError(`rate must be a number of requests per second, but is ${startRps}`);
    const pieces = stages.length === 0 ? [{ durationMs, target: startRps }] : stages;
    this.segments = [];
    let at = 0;
    let rate = startRps;
    let count = 0;
    const push = (lengthMs: number, toRps: number) => {
      if (!(lengthMs > 0)) throw new RangeError(`a stage must last more than 0 ms, but lasts ${lengthMs}`);
      if (!(toRps >= 0) || !Number.isFinite(toRps)) throw new RangeError(`a stage's target must be at least 0, but is ${toRps}`);
      this.segments.push({ startMs: at, endMs: at + lengthMs, fromRps: rate, toRps, countBefore: count });
      count += (lengthMs * (rate + toRps)) / 2000;
      at += lengthMs;
      rate = toRps;
    };
    if (warmupMs > 0) push(warmupMs, startRps);
    for (const piece of pieces) push(piece.durationMs, piece.target);
    this.totalMs = at;
    this.totalCount = count;
  }

  /** True when the rate never changes: one interval apart, the pacer's plain arithmetic. */
  get constant(): boolean {
    return this.segments.every((segment) => segment.fromRps === segment.toRps && segment.fromRps === this.segments[0]?.fromRps);
  }

  /** The rate at `ms`, in requests per second (the last stage's target after the end). */
  rateAt(ms: number): number {
    return stageLevelAt(this.startRps, this.stages, ms - this.warmupMs);
  }

  /** Requests due in [0, ms): the integral of the rate, in requests (fractional). */
  countBefore(ms: number): number {
    if (ms <= 0) return 0;
    if (ms >= this.totalMs) return this.totalCount;
    const segment = this.segmentAtTime(ms);
    const into = ms - segment.startMs;
    const rateThere = segment.fromRps + ((segment.toRps - segment.fromRps) * into) / (segment.endMs - segment.startMs);
    return segment.countBefore + (into * (segment.fromRps + rateThere)) / 2000;
  }

  /** Indices n ≥ 0 whose time is before `ms`. */
  countStartingBefore(ms: number): number {
    return this.settle(Math.max(0, Math.ceil(this.countBefore(ms) - epsilon)), (at) => at < ms - timeSlackMs);
  }

  /** Indices n ≥ 0 whose time is at or before `ms`. */
  countStartingBy(ms: number): number {
    if (ms < 0) return 0;
    return this.settle(Math.floor(this.countBefore(ms) + epsilon) + 1, (at) => at <= ms + timeSlackMs);
  }

  /**
   * The count of indices whose time passes `started`, from a guess by the integral: where the rate
   * is near 0, a request is far in time from its neighbours and the integral's slack could count
   * it early; its own time decides.
   */
  private settle(guess: number, started: (at: number) => boolean): number {
    let count = guess;
    while (count > 0 && !started(this.timeOf(count - 1))) count -= 1;
    while (started(this.timeOf(count))) count += 1;
    return count;
  }

  /** When request `n` (0-based) is due: the time whose integral is n. Infinity when the load ends before. */
  timeOf(n: number): number {
    if (n >= this.totalCount) return Infinity;
    const segment = this.segmentAtCount(n);
    const left = n - segment.countBefore;
    if (left <= 0) return segment.startMs;
    const slope = (segment.toRps - segment.fromRps) / (segment.endMs - segment.startMs);
    // the root of from·τ + slope·τ²/2 = 1000·left, in the form that does not cancel when slope is small
    const root = Math.sqrt(Math.max(0, segment.fromRps * segment.fromRps + 2000 * slope * left));
    const into = (2000 * left) / (segment.fromRps + root);
    return Math.min(segment.endMs, segment.startMs + into);
  }

  private segmentAtTime(ms: number): Segment {
    return this.find(
      (segment) => ms < segment.startMs,
      (segment) => ms >= segment.endMs,
    );
  }

  private segmentAtCount(n: number): Segment {
    // a segment with a rate of 0 holds no request: the one after it has the same countBefore
    return this.find(
      (segment) => n < segment.countBefore,
      (segment, next) => next !== undefined && n >= next.countBefore,
    );
  }

  private find(before: (segment: Segment) => boolean, after: (segment: Segment, next: Segment | undefined) => boolean): Segment {
    const { segments } = this;
    let index = this.hint;
    while (index > 0 && before(segments[index] as Segment)) index -= 1;
    while (index < segments.length - 1 && after(segments[index] as Segment, segments[index + 1])) index += 1;
    this.hint = index;
    return segments[index] as Segment;
  }
}
