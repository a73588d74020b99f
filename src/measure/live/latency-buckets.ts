/**
 * The two ways live figures bin a latency, both cheap enough to run on every answer.
 *
 * - The exported histogram's buckets (`loadlab_request_duration_seconds`): fixed upper bounds
 *   in seconds, a Prometheus histogram's `le`. 0.1 and 0.15 are there because they are the
 *   default response-time target (p50 100 ms, p99 150 ms): histogram_quantile interpolates
 *   inside a bucket, and a bound at the target tells exactly how many answers were within it.
 * - Fine buckets for the terminal's p50/p99 of the last second: 5% wide on a log scale from
 *   1 µs, so a percentile read back is within 2.5% of the truth, in 400-odd counters.
 */
export const durationBoundsSeconds = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10] as const;

/** The index of the first bound at or above `seconds` (a bucket is `le`: upper bound included); durationBoundsSeconds.length for +Inf. */
export function durationBucketOf(seconds: number): number {
  const bounds = durationBoundsSeconds;
  let index = 0;
  while (index < bounds.length && seconds > (bounds[index] as number)) index += 1;
  return index;
}

const fineGrowth = 1.05;
const logGrowth = Math.log(fineGrowth);
/** From 1 µs to ~1,000 s: 1.05^425 ≈ 10^9. */
export const fineBucketCount = 426;

/** The fine bucket of a latency in milliseconds: bucket i holds (1.05^(i-1), 1.05^i] µs; 0 holds up to 1 µs. */
export function fineBucketOf(latencyMs: number): number {
  const micros = latencyMs * 1000;
  if (!(micros > 1)) return 0;
  return Math.min(fineBucketCount - 1, Math.ceil(Math.log(micros) / logGrowth));
}

/** The middle of fine bucket `index` (geometric), in milliseconds. */
export function fineBucketMiddleMs(index: number): number {
  return index === 0 ? 0.001 : Math.pow(fineGrowth, index - 0.5) / 1000;
}

/**
 * A percentile (0–100) of latencies counted in fine buckets, given as [bucket, count] pairs in any
 * order, in milliseconds; null when nothing was counted.
 */
export function fineQuantileMs(counts: ReadonlyMap<number, number>, percentile: number): number | null {
  let total = 0;
  for (const count of counts.values()) total += count;
  if (total === 0) return null;
  // the nearest-rank definition, as the HDR histograms of the report use
  const rank = Math.max(1, Math.ceil((percentile / 100) * total));
  let seen = 0;
  for (const index of [...counts.keys()].sort((a, b) => a - b)) {
    seen += counts.get(index) ?? 0;
    if (seen >= rank) return fineBucketMiddleMs(index);
  }
  return null;
}
