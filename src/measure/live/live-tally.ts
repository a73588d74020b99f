import type { ErrorCause } from '../recording/measurement-window.js';
import type { LiveBatch, LiveRequestCounts, LiveSink } from './live-batch.js';
import { durationBoundsSeconds, durationBucketOf, fineBucketCount, fineBucketOf } from './latency-buckets.js';

/** How often a driver hands its live counts over: often enough for a 1 s scrape or refresh, rare enough to cost nothing. */
export const liveTickMs = 250;

// a status's label made once, not a string per answer
const statusKeys: string[] = [];

/** The levels a driver knows at each tick; counts it reports as they happen. */
export interface LiveLevels {
  inFlight(): number;
  /** Measured requests sent late so far (cumulative: the tally sends the difference). */
  late?(): number;
  offeredRps?(): number;
  connections?(): number;
}

/**
 * A driver's live counts between two batches, kept where the driver records each answer: a few
 * array increments a request, and one batch (a plain object) every liveTickMs, so that a generator
 * thread posts four messages a second, not one a request. The tally's timer does not hold the
 * process open; stop() sends what is left, so the counts sent add up to exactly what the driver
 * recorded.
 */
export class LiveTally {
  private measured = new Map<number, LiveRequestCounts>();
  private fine = new Uint32Array(fineBucketCount);
  private answered = 0;
  private failedCount = 0;
  private lateSent = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly send: LiveSink,
    private readonly levels: LiveLevels,
    private readonly generator = 0,
    tickMs = liveTickMs,
  ) {
    this.timer = setInterval(() => this.flush(), tickMs);
    this.timer.unref();
  }

  /** An answer to request `request` of the mix (its index), `latencyMs` as the report counts it; `measured`: it belongs to the measured phase. */
  answer(measured: boolean, request: number, status: number, latencyMs: number): void {
    this.answered += 1;
    (this.fine[fineBucketOf(latencyMs)] as number) += 1;
    if (!measured) return;
    const counts = this.countsOf(request);
    const key = (statusKeys[status] ??= String(status));
    counts.statuses[key] = (counts.statuses[key] ?? 0) + 1;
    const seconds = latencyMs / 1000;
    (counts.buckets[durationBucketOf(seconds)] as number) += 1;
    counts.sumSeconds += seconds;
  }

  /** A request that got no answer. */
  fail(measured: boolean, request: number, cause: ErrorCause): void {
    this.failedCount += 1;
    if (!measured) return;
    const counts = this.countsOf(request);
    const key = cause ?? 'error';
    counts.statuses[key] = (counts.statuses[key] ?? 0) + 1;
  }

  /** Sends what was counted since the last batch, with the levels now (`final`: the load is over, nothing is in flight). */
  flush(final = false): void {
    const fineLatency: [number, number][] = [];
    for (let index = 0; index < this.fine.length; index += 1) if ((this.fine[index] as number) > 0) fineLatency.push([index, this.fine[index] as number]);
    const late = this.levels.late?.() ?? 0;
    const offeredRps = this.levels.offeredRps?.();
    const connections = this.levels.connections?.();
    const batch: LiveBatch = {
      generator: this.generator,
      measured: [...this.measured.values()],
      recent: { answered: this.answered, failed: this.failedCount, fineLatency },
      late: late - this.lateSent,
      inFlight: final ? 0 : this.levels.inFlight(),
      ...(offeredRps === undefined ? {} : { offeredRps }),
      ...(connections === undefined ? {} : { connections }),
    };
    this.lateSent = late;
    this.measured = new Map();
    this.fine.fill(0);
    this.answered = 0;
    this.failedCount = 0;
    this.send(batch);
  }

  /** The last batch, and no more. */
  stop(): void {
    clearInterval(this.timer);
    this.flush(true);
  }

  private countsOf(request: number): LiveRequestCounts {
    let counts = this.measured.get(request);
    if (!counts) {
      counts = { request, statuses: {}, buckets: new Array<number>(durationBoundsSeconds.length + 1).fill(0), sumSeconds: 0 };
      this.measured.set(request, counts);
    }
    return counts;
  }
}
