import type { Worker } from 'node:worker_threads';
import { LatencyHistogram } from '../../recording/latency-histogram.js';
import { mergeCounts } from '../../recording/load-recording.js';
import type { RecordedSoFar } from '../../recording/measurement-window.js';
import type { StopCheck } from '../driver.js';
import type { FromGenerator, ToGenerator } from './messages.js';

type SoFar = Extract<FromGenerator, { type: 'so-far' }>;

/**
 * A stop check (--abort-on-fail) asked over the figures of every generator thread of a pool:
 * each thread posts its figures so far at its own checks (ThreadStopCheck); once every thread
 * has posted since the last time, the check is asked over them added up (histograms bucket by
 * bucket, counts summed), as long as the one that posted least has run. When it says stop, every
 * thread is told to end its measured phase, which each does at its next check.
 */
export class PoolStopCheck {
  private readonly latest: (SoFar | undefined)[];
  private readonly fresh = new Set<number>();
  private stopped = false;

  constructor(
    private readonly check: StopCheck,
    private readonly threads: readonly Worker[],
  ) {
    this.latest = threads.map(() => undefined);
  }

  /** Thread `index`'s figures so far. */
  soFar(index: number, message: SoFar): void {
    if (this.stopped) return;
    this.latest[index] = message;
    this.fresh.add(index);
    if (this.fresh.size < this.threads.length) return;
    this.fresh.clear();
    const posted = this.latest.filter((entry): entry is SoFar => entry !== undefined);
    if (!this.check.stopNow(addedUp(posted), Math.min(...posted.map((entry) => entry.measuredMs)))) return;
    this.stopped = true;
    for (const thread of this.threads) thread.postMessage({ type: 'stop' } satisfies ToGenerator);
  }
}

function addedUp(posted: readonly SoFar[]): RecordedSoFar {
  const latency = new LatencyHistogram();
  for (const entry of posted) latency.add(LatencyHistogram.decode(entry.latency));
  return { latency, counts: mergeCounts(posted.map((entry) => entry.counts)) };
}

/** How often a thread's driver asks its ThreadStopCheck: how soon after the pool's 'stop' the thread's measured phase ends. */
const threadCheckEveryMs = 50;

/**
 * A generator thread's side of its pool's stop check: asked by its driver every
 * threadCheckEveryMs, it posts its figures so far every `postEveryMs` (encoding a histogram
 * costs a millisecond or two: not at every check), and says stop once the pool has told it to.
 */
export class ThreadStopCheck implements StopCheck {
  readonly everyMs = threadCheckEveryMs;
  private stopAsked = false;
  private postAtMs = 0;

  constructor(
    private readonly postEveryMs: number,
    private readonly post: (message: SoFar) => void,
  ) {}

  /** The pool said stop: the next check ends the measured phase. */
  stop(): void {
    this.stopAsked = true;
  }

  stopNow(soFar: RecordedSoFar, measuredMs: number): boolean {
    if (this.stopAsked) return true;
    if (measuredMs < this.postAtMs) return false;
    this.postAtMs = measuredMs + this.postEveryMs;
    this.post({ type: 'so-far', measuredMs, latency: soFar.latency.encode(), counts: soFar.counts });
    return false;
  }
}
