import * as hdr from 'hdr-histogram-js';
import type { LatencySummary } from '../../contract/common.js';

import type { HistogramData } from '../../contract/shard.js';

/** A histogram as it travels between threads and processes (see the shard contract). */
export type EncodedHistogram = HistogramData;

/**
 * How long after a stretch of time (a second of the series, a window slice) its histogram is
 * packed: an answer counts for the time its request was meant to start (open model) and comes
 * at most timeoutMs later, 10 s by default. One that comes later still is recorded all the
 * same, only a little slower.
 */
export const settledAfterMs = 12_000;

/**
 * Latencies at microsecond resolution in an HDR histogram, reported in milliseconds.
 * autocannon's own histogram has 1 ms buckets, which turns a fast loopback server's p50 into 0.
 * A `compact` histogram (one per second of the series) keeps 2 significant digits instead of
 * 3: a tenth of the memory, and still 1% precision for a chart. Packed (sparse) counters would
 * save more memory but cost ~1 µs a record, a few percent of the client's CPU at 50k req/s.
 */
export class LatencyHistogram {
  private histogram: hdr.Histogram;
  private readonly digits: 2 | 3;
  private packed = false;

  constructor(options: { compact?: boolean } = {}) {
    this.digits = options.compact ? 2 : 3;
    this.histogram = build(this.digits, 32);
  }

  /**
   * Moves the counts into packed (sparse) counters, for a histogram that is done with most of its
   * recording (a second of the series that is over): about a seventh of the memory, the same
   * percentiles, and ~1 µs for each record that still comes. Idempotent.
   */
  pack(): void {
    if (this.packed) return;
    const packed = build(this.digits, 'packed');
    packed.add(this.histogram);
    this.histogram = packed;
    this.packed = true;
  }

  /**
   * A histogram from `encode()`'s value: the same counts in the same buckets, and the exact
   * largest value, so that adding decoded histograms is as exact as recording every value into one.
   */
  static decode(encoded: EncodedHistogram, options: { compact?: boolean } = {}): LatencyHistogram {
    const histogram = new LatencyHistogram(options);
    if (encoded.hdr === '') return histogram;
    const decoded = hdr.decodeFromCompressedBase64(encoded.hdr, 32, false);
    // decoding knows the largest value only to its bucket; the encoder kept it exactly
    (decoded as unknown as { maxValue: number }).maxValue = encoded.maxUs;
    histogram.histogram.add(decoded);
    return histogram;
  }

  /** The counts, compressed (HdrHistogram's own encoding), with the exact largest value: what generators and shards hand over. */
  encode(): EncodedHistogram {
    return this.count === 0 ? { maxUs: 0, hdr: '' } : { maxUs: this.histogram.maxValue, hdr: hdr.encodeIntoCompressedBase64(this.histogram) };
  }

  get count(): number {
    return this.histogram.totalCount;
  }

  recordMs(latencyMs: number): void {
    this.histogram.recordValue(Math.max(1, Math.round(latencyMs * 1000)));
  }

  add(other: LatencyHistogram): void {
    this.histogram.add(other.histogram);
  }

  percentileMs(percentile: number): number {
    return this.count === 0 ? 0 : this.histogram.getValueAtPercentile(percentile) / 1000;
  }

  summary(): LatencySummary {
    const empty = this.count === 0;
    return {
      p50: this.percentileMs(50),
      p90: this.percentileMs(90),
      p99: this.percentileMs(99),
      p999: this.percentileMs(99.9),
      max: empty ? 0 : this.histogram.maxValue / 1000,
      mean: empty ? 0 : this.histogram.mean / 1000,
      stdev: empty ? 0 : this.histogram.stdDeviation / 1000,
    };
  }
}

function build(digits: 2 | 3, bitBucketSize: 32 | 'packed'): hdr.Histogram {
  return hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 60_000_000,
    numberOfSignificantValueDigits: digits,
    bitBucketSize,
    autoResize: true,
    useWebAssembly: false,
  });
}
