import type { BucketData } from '../../contract/shard.js';
import { LatencyHistogram } from './latency-histogram.js';
import type { Bucket } from './window-slices.js';

/** Lists of buckets of one load (seconds, or slices) added index by index: what several generators recorded, as one. */
export function mergeBuckets(lists: readonly (readonly Bucket[])[]): Bucket[] {
  const length = Math.max(0, ...lists.map((list) => list.length));
  return Array.from({ length }, (_, index) => {
    const bucket: Bucket = { histogram: new LatencyHistogram({ compact: true }), errors: 0 };
    for (const list of lists) {
      const other = list[index];
      if (!other) continue;
      bucket.histogram.add(other.histogram);
      bucket.errors += other.errors;
    }
    return bucket;
  });
}

export function encodeBucket(bucket: Bucket): BucketData {
  return { histogram: bucket.histogram.encode(), errors: bucket.errors };
}

export function decodeBucket(bucket: BucketData): Bucket {
  return { histogram: LatencyHistogram.decode(bucket.histogram, { compact: true }), errors: bucket.errors };
}
