import type { StatWindows } from '../../contract/trial.js';
import { LatencyHistogram, settledAfterMs } from './latency-histogram.js';

/**
 * The regression statistics compare runs through short windows of the measured phase (see
 * docs/ci.md): at least 20 in a 2 s phase at 50 req/s or more, where the per-second series has 2
 * points. Responses are recorded into slices of `sliceWidthMs` as they come; `finish` joins
 * consecutive slices into windows of one width (slicesPerWindow), and there are never more than
 * `maxWindows` of them.
 */
export const windowRules = {
  /** The narrowest window: 100 ms gives 20 windows in a 2 s phase. */
  minWidthMs: 100,
  /** A window's p99 needs some responses to mean anything: with 10 it is about the window's slowest. */
  minResponsesPerWindow: 10,
  /** ...but 20 windows matter more for the test than the last few responses per window: down to 5 to keep them. */
  fewestResponsesPerWindow: 5,
  /** The windows a phase should have at least, when its slices allow. */
  fewestWindows: 20,
  /** Enough for any test's power; a long run gets wider windows rather than more of them. */
  maxWindows: 200,
} as const;

/** The slice width for a phase planned to last `plannedMs`: 100 ms, or wider so that there are at most maxWindows slices. */
export function sliceWidthMs(plannedMs: number): number {
  const { minWidthMs, maxWindows } = windowRules;
  return Math.max(minWidthMs, Math.ceil(plannedMs / maxWindows / minWidthMs) * minWidthMs);
}

/** Latencies and errors of one stretch of a phase: a second of the series, or a slice. */
export interface Bucket {
  histogram: LatencyHistogram;
  errors: number;
}

/**
 * How many slices make a window: enough for minResponsesPerWindow on average, but fewer (down to
 * fewestResponsesPerWindow) when that would leave under fewestWindows windows.
 */
export function slicesPerWindow(perSlice: number, sliceCount: number): number {
  const wanted = Math.ceil(windowRules.minResponsesPerWindow / perSlice);
  const fewest = Math.ceil(windowRules.fewestResponsesPerWindow / perSlice);
  const forEnoughWindows = Math.max(1, Math.floor(sliceCount / windowRules.fewestWindows));
  return Math.max(1, fewest, Math.min(wanted, forEnoughWindows));
}

/** Latencies of one measured phase in fixed slices of time; times are performance.now() ms. */
export class WindowSlices {
  private readonly slices: Bucket[] = [];

  constructor(
    private readonly startedAt: number,
    readonly sliceMs: number,
  ) {}

  recordResponse(at: number, latencyMs: number): void {
    this.slice(at).histogram.recordMs(latencyMs);
  }

  recordError(at: number): void {
    this.slice(at).errors += 1;
  }

  /** The slices recorded so far, in order (what generators merge). */
  get recorded(): readonly Bucket[] {
    return this.slices;
  }

  /** The windows of a phase that lasted `durationMs` (see joinSlices). */
  finish(durationMs: number): StatWindows {
    return joinSlices(this.slices, this.sliceMs, durationMs);
  }

  private slice(at: number): Bucket {
    const index = Math.max(0, Math.floor((at - this.startedAt) / this.sliceMs));
    for (let missing = this.slices.length; missing <= index; missing += 1) {
      this.slices.push({ histogram: new LatencyHistogram({ compact: true }), errors: 0 });
      // a long phase keeps one histogram a slice: those that are over are packed
      this.slices[missing - Math.ceil(settledAfterMs / this.sliceMs)]?.histogram.pack();
    }
    return this.slices[index] as Bucket;
  }
}

/**
 * The windows of a phase that lasted `durationMs`, from its slices of `sliceMs`: k slices each
 * (slicesPerWindow). What is left after the last whole window (a fraction of a slice, or fewer
 * than k slices) belongs to the last window, whose rate is taken over its true length. Pure.
 */
export function joinSlices(slices: readonly Bucket[], sliceMs: number, durationMs: number): StatWindows {
  const total = slices.reduce((sum, slice) => sum + slice.histogram.count, 0);
  // a phase a few ms short of a whole slice still counts that slice (its timers fired late at the start)
  const sliceCount = Math.max(1, Math.floor((durationMs + 0.05 * sliceMs) / sliceMs));
  const perSlice = total / sliceCount;
  const joined = perSlice <= 0 ? sliceCount : slicesPerWindow(perSlice, sliceCount);
  const windowCount = Math.max(1, Math.floor(sliceCount / joined));
  const widthMs = joined * sliceMs;
  const points = [];
  for (let index = 0; index < windowCount; index += 1) {
    const last = index === windowCount - 1;
    const from = index * joined;
    const to = last ? Math.max(slices.length, from + joined) : from + joined;
    const histogram = new LatencyHistogram({ compact: true });
    let errors = 0;
    for (const slice of slices.slice(from, to)) {
      histogram.add(slice.histogram);
      errors += slice.errors;
    }
    const lengthMs = last ? Math.max(1, durationMs - index * widthMs) : widthMs;
    const responses = histogram.count;
    points.push({
      t: (index * widthMs) / 1000,
      responses,
      errors,
      rps: responses / (lengthMs / 1000),
      p50Ms: responses > 0 ? histogram.percentileMs(50) : null,
      p99Ms: responses > 0 ? histogram.percentileMs(99) : null,
    });
  }
  return { widthMs, points };
}
