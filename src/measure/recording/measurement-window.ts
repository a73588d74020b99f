import type { Phase } from '../../contract/common.js';
import type { RequestCounts, SeriesPoint, StatWindows } from '../../contract/trial.js';
import { LatencyHistogram, settledAfterMs } from './latency-histogram.js';
import { sliceWidthMs, WindowSlices } from './window-slices.js';

/**
 * Everything recorded in the measured phase: one histogram for the whole phase, one per
 * second for the series, short windows for the regression statistics, counts by status. Times
 * are performance.now() milliseconds.
 */
export class MeasurementWindow {
  private readonly overall = new LatencyHistogram();
  private readonly seconds: { histogram: LatencyHistogram; errors: number }[] = [];
  private readonly statusCodes: Record<string, number> = {};
  private errors = 0;
  private timeouts = 0;
  private non2xx = 0;
  private bytes = 0;
  private readonly slices: WindowSlices;

  /** plannedDurationMs: how long the phase is meant to last, which sets the width of its windows. */
  constructor(
    readonly startedAt: number,
    plannedDurationMs: number,
  ) {
    this.slices = new WindowSlices(startedAt, sliceWidthMs(plannedDurationMs));
  }

  recordResponse(at: number, statusCode: number, bytes: number, latencyMs: number): void {
    this.overall.recordMs(latencyMs);
    this.second(at).histogram.recordMs(latencyMs);
    this.slices.recordResponse(at, latencyMs);
    const key = String(statusCode);
    this.statusCodes[key] = (this.statusCodes[key] ?? 0) + 1;
    if (statusCode < 200 || statusCode >= 300) this.non2xx += 1;
    this.bytes += bytes;
  }

  recordError(at: number, isTimeout: boolean): void {
    this.errors += 1;
    if (isTimeout) this.timeouts += 1;
    this.second(at).errors += 1;
    this.slices.recordError(at);
  }

  /** The figures of a phase that ended at `endedAt`. */
  finish(endedAt: number): { latencyMs: ReturnType<LatencyHistogram['summary']>; requests: RequestCounts; series: SeriesPoint[]; windows: StatWindows } {
    const durationMs = Math.max(1, endedAt - this.startedAt);
    const total = this.overall.count;
    this.foldTailInto(wholeSeconds(durationMs));
    // one point per whole second; the fraction after the last whole second (timer lateness, or a
    // phase such as 2.5 s) belongs to the last point, whose rate is taken over its true length
    const bucketCount = wholeSeconds(durationMs);
    const series: SeriesPoint[] = [];
    for (let index = 0; index < bucketCount; index += 1) {
      const bucket = this.seconds[index];
      const bucketSeconds = (index === bucketCount - 1 ? durationMs - index * 1000 : 1000) / 1000;
      series.push({
        t: index,
        rps: bucket ? bucket.histogram.count / bucketSeconds : 0,
        p50Ms: bucket ? bucket.histogram.percentileMs(50) : 0,
        p99Ms: bucket ? bucket.histogram.percentileMs(99) : 0,
        errors: bucket?.errors ?? 0,
      });
    }
    return {
      latencyMs: this.overall.summary(),
      requests: {
        total,
        rps: total / (durationMs / 1000),
        errors: this.errors,
        timeouts: this.timeouts,
        non2xx: this.non2xx,
        statusCodes: { ...this.statusCodes },
        bytes: this.bytes,
      },
      series,
      windows: this.slices.finish(durationMs),
    };
  }

  /** Moves the counts of points at or past `bucketCount` into the last point. */
  private foldTailInto(bucketCount: number): void {
    const last = this.bucket(bucketCount - 1);
    for (const extra of this.seconds.splice(bucketCount)) {
      last.histogram.add(extra.histogram);
      last.errors += extra.errors;
    }
  }

  private second(at: number): { histogram: LatencyHistogram; errors: number } {
    const index = Math.max(0, Math.floor((at - this.startedAt) / 1000));
    return this.bucket(index);
  }

  private bucket(index: number): { histogram: LatencyHistogram; errors: number } {
    for (let missing = this.seconds.length; missing <= index; missing += 1) {
      this.seconds.push({ histogram: new LatencyHistogram({ compact: true }), errors: 0 });
      // a long phase keeps one histogram a second: those that are over are packed
      this.seconds[missing - Math.ceil(settledAfterMs / 1000)]?.histogram.pack();
    }
    return this.seconds[index] as { histogram: LatencyHistogram; errors: number };
  }
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
