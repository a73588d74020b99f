import { durationBoundsSeconds } from './latency-buckets.js';

/**
 * Stand-in durations for answers that arrive counted per bucket (a LiveBatch's `buckets`), so
 * that a histogram which takes one observation at a time (prom-client's) counts each answer in
 * its own bucket and adds up to the batch's exact `sumSeconds`.
 *
 * Every answer of bucket i becomes `low_i + t × width_i`, with one `t` for all the finite
 * buckets, chosen so that the durations add up to the sum; answers beyond the last bound share
 * what is left. When the sum cannot be split so (a sum rounded at a bucket's edge), `t` is
 * clamped inside the buckets: the counts stay exact and the sum is off by that rounding only.
 * Pure; calls `observe(seconds)` once per answer.
 */
export function observeBucketed(buckets: readonly number[], sumSeconds: number, observe: (seconds: number) => void): void {
  const bounds = durationBoundsSeconds;
  let finiteLow = 0;
  let finiteWidth = 0;
  for (let index = 0; index < bounds.length; index += 1) {
    const count = buckets[index] ?? 0;
    const low = index === 0 ? 0 : (bounds[index - 1] as number);
    finiteLow += count * low;
    finiteWidth += count * ((bounds[index] as number) - low);
  }
  const beyond = buckets[bounds.length] ?? 0;
  const lastBound = bounds[bounds.length - 1] as number;
  // with answers beyond the last bound, the finite buckets take no more than half their width,
  // and leave each of those answers above the last bound
  const room = beyond > 0 ? sumSeconds - beyond * lastBound * (1 + minimumShare) - finiteLow : sumSeconds - finiteLow;
  const wanted = finiteWidth > 0 ? room / finiteWidth : 1;
  const share = Math.min(beyond > 0 ? 0.5 : 1, Math.max(minimumShare, wanted));
  let observed = 0;
  for (let index = 0; index < bounds.length; index += 1) {
    const count = buckets[index] ?? 0;
    if (count === 0) continue;
    const low = index === 0 ? 0 : (bounds[index - 1] as number);
    const seconds = low + share * ((bounds[index] as number) - low);
    for (let answer = 0; answer < count; answer += 1) observe(seconds);
    observed += count * seconds;
  }
  if (beyond > 0) {
    const seconds = Math.max(lastBound * (1 + minimumShare), (sumSeconds - observed) / beyond);
    for (let answer = 0; answer < beyond; answer += 1) observe(seconds);
  }
}

/** How far inside its bucket a stand-in stays at least, as a share of the bucket's width: a bound itself belongs to the bucket below. */
const minimumShare = 1e-6;
