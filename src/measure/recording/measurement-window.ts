import type { LatencySummary, Phase } from '../../contract/common.js';
import type { RequestCounts, ResponseCounts, SeriesPoint, StatWindows } from '../../contract/trial.js';
import type { RequestErrorKind } from '../../contract/vocabulary.js';
import { LatencyHistogram, settledAfterMs } from './latency-histogram.js';
import { joinSlices, sliceWidthMs, WindowSlices, type Bucket } from './window-slices.js';

export type { ResponseCounts } from '../../contract/trial.js';

/** What made a request fail, as far as the driver can tell: a timeout, a known cause, or neither. */
export type ErrorCause = 'timeout' | RequestErrorKind | undefined;

/**
 * The raw record of a measured phase: one histogram for the whole phase, one per second (from
 * the phase's start) for the series, one per slice for the regression windows, and the counts.
 * Raw, so that the records of several generators add up exactly before anything is summarised.
 */
export interface WindowRecording {
  latency: LatencyHistogram;
  seconds: Bucket[];
  sliceMs: number;
  slices: Bucket[];
  counts: ResponseCounts;
}

/** What a running measured phase has recorded so far that its overall figures are read from: what a stop check judges. */
export type RecordedSoFar = Pick<WindowRecording, 'latency' | 'counts'>;

/** The figures of a measured phase, summarised once. */
export interface WindowFigures {
  /** Null when nothing answered: no answer is not zero latency. */
  latencyMs: LatencySummary | null;
  requests: RequestCounts;
  series: SeriesPoint[];
  windows: StatWindows;
}

/**
 * Everything recorded in the measured phase: one histogram for the whole phase, one per
 * second for the series, short windows for the regression statistics, counts by status. Times
 * are performance.now() milliseconds.
 */
export class MeasurementWindow {
  private readonly overall = new LatencyHistogram();
  private readonly seconds: Bucket[] = [];
  private readonly counts: ResponseCounts = { errors: 0, timeouts: 0, non2xx: 0, statusCodes: {}, bytes: 0 };
  private readonly slices: WindowSlices;

  /** plannedDurationMs: how long the phase is meant to last, which sets the width of its windows. */
  constructor(
    readonly startedAt: number,
    plannedDurationMs: number,
  ) {
    this.slices = new WindowSlices(startedAt, sliceWidthMs(plannedDurationMs));
  }

  /** statusExpected: the request's `expect` names this status, so a non-2xx one is no failure. */
  recordResponse(at: number, statusCode: number, bytes: number, latencyMs: number, statusExpected = false): void {
    this.overall.recordMs(latencyMs);
    this.second(at).histogram.recordMs(latencyMs);
    this.slices.recordResponse(at, latencyMs);
    const key = String(statusCode);
    const counts = this.counts;
    counts.statusCodes[key] = (counts.statusCodes[key] ?? 0) + 1;
    if ((statusCode < 200 || statusCode >= 300) && !statusExpected) counts.non2xx += 1;
    counts.bytes += bytes;
  }

  recordError(at: number, cause?: ErrorCause): void {
    const counts = this.counts;
    counts.errors += 1;
    if (cause === 'timeout') counts.timeouts += 1;
    else if (cause !== undefined) (counts.errorKinds ??= {})[cause] = (counts.errorKinds[cause] ?? 0) + 1;
    this.second(at).errors += 1;
    this.slices.recordError(at);
  }

  /** The width of the phase's slices, which its regression windows are made of. */
  get sliceMs(): number {
    return this.slices.sliceMs;
  }

  /** What was recorded, raw (the histograms themselves, not copies). */
  recording(): WindowRecording {
    return { latency: this.overall, seconds: this.seconds, sliceMs: this.sliceMs, slices: [...this.slices.recorded], counts: this.counts };
  }

  /** The figures of a phase that ended at `endedAt`. */
  finish(endedAt: number): WindowFigures {
    return summariseWindow(this.recording(), Math.max(1, endedAt - this.startedAt));
  }

  private second(at: number): Bucket {
    const index = Math.max(0, Math.floor((at - this.startedAt) / 1000));
    for (let missing = this.seconds.length; missing <= index; missing += 1) {
      this.seconds.push({ histogram: new LatencyHistogram({ compact: true }), errors: 0 });
      // a long phase keeps one histogram a second: those that are over are packed
      this.seconds[missing - Math.ceil(settledAfterMs / 1000)]?.histogram.pack();
    }
    return this.seconds[index] as Bucket;
  }
}

/**
 * The figures of a measured phase that lasted `durationMs`. One point per whole second; the
 * fraction after the last whole second (timer lateness, or a phase such as 2.5 s) belongs to the
 * last point, whose rate is taken over its true length. Pure: the recording is not changed.
 */
export function summariseWindow(recording: WindowRecording, durationMs: number): WindowFigures {
  const bucketCount = wholeSeconds(durationMs);
  const series: SeriesPoint[] = [];
  for (let index = 0; index < bucketCount; index += 1) {
    const last = index === bucketCount - 1;
    const bucket = last ? joinBuckets(recording.seconds.slice(index)) : recording.seconds[index];
    const bucketSeconds = (last ? durationMs - index * 1000 : 1000) / 1000;
    series.push({
      t: index,
      rps: bucket ? bucket.histogram.count / bucketSeconds : 0,
      p50Ms: bucket && bucket.histogram.count > 0 ? bucket.histogram.percentileMs(50) : null,
      p99Ms: bucket && bucket.histogram.count > 0 ? bucket.histogram.percentileMs(99) : null,
      errors: bucket?.errors ?? 0,
    });
  }
  return { ...overallFigures(recording, durationMs), series, windows: joinSlices(recording.slices, recording.sliceMs, durationMs) };
}

/** The whole phase's latency and counts, without the series and windows: cheap enough to ask while the phase runs. Pure. */
export function overallFigures(recording: RecordedSoFar, durationMs: number): Pick<WindowFigures, 'latencyMs' | 'requests'> {
  const total = recording.latency.count;
  const { counts } = recording;
  return {
    latencyMs: total > 0 ? recording.latency.summary() : null,
    requests: {
      total,
      rps: total / (durationMs / 1000),
      errors: counts.errors,
      timeouts: counts.timeouts,
      ...(counts.errorKinds ? { errorKinds: { ...counts.errorKinds } } : {}),
      non2xx: counts.non2xx,
      statusCodes: { ...counts.statusCodes },
      bytes: counts.bytes,
    },
  };
}

/** The buckets added into one (undefined when there are none). */
function joinBuckets(buckets: readonly Bucket[]): Bucket | undefined {
  if (buckets.length === 0) return undefined;
  const joined: Bucket = { histogram: new LatencyHistogram({ compact: true }), errors: 0 };
  for (const bucket of buckets) {
    joined.histogram.add(bucket.histogram);
    joined.errors += bucket.errors;
  }
  return joined;
}

/** The phases of a load result in epoch milliseconds, for slicing probe samples by them. */
export function windowOf(phases: { warmup: Phase; measured: Phase }): { loadStartMs: number; startMs: number; endMs: number } {
  return { loadStartMs: Date.parse(phases.warmup.startedAt), startMs: Date.parse(phases.measured.startedAt), endMs: Date.parse(phases.measured.endedAt) };
}

/** Turns performance.now() stamps into a Phase with wall-clock ISO times. */
export function phaseOf(startedAt: number, endedAt: number): Phase {
  const wall = (at: number) => new Date(performance.timeOrigin + at).toISOString();
  return { startedAt: wall(startedAt), endedAt: wall(endedAt), durationMs: endedAt - startedAt };
}

/**
 * Points in the series of a phase: its whole seconds, where a phase a few milliseconds short of
 * a whole second (its timers fired a little late at the start, on time at the end) still counts
 * that second: a 2 s phase measured as 1,996 ms has two points, not one.
 */
export function wholeSeconds(durationMs: number): number {
  return Math.max(1, Math.floor((durationMs + 50) / 1000));
}
