import type { LiveBatch } from './live-batch.js';
import { fineQuantileMs } from './latency-buckets.js';
import type { LiveObserver, LiveTrial, LiveTrialInfo } from './live-observer.js';

/** The trial running now over its last second: what the terminal's live block shows. */
export interface RecentWindow {
  /** Answers a second, over the last second (or since the trial began, when that is shorter). */
  rps: number;
  /** Of the last second's answers; null when none came. */
  p50Ms: number | null;
  p99Ms: number | null;
  /** Requests that got no answer in the last second, and since the trial began. */
  errors: number;
  errorsInAll: number;
}

const windowMs = 1000;

interface Tick {
  at: number;
  answered: number;
  failed: number;
  fineLatency: LiveBatch['recent']['fineLatency'];
}

/**
 * Keeps the last second of the running trial's batches (every generator's, warm-up included),
 * for the live block; `now` is performance.now() time, a parameter so tests can pass their own.
 */
export class RecentFigures implements LiveObserver {
  private current: { info: LiveTrialInfo; startedAt: number; ticks: Tick[]; errorsInAll: number } | undefined;

  constructor(private readonly now: () => number = () => performance.now()) {}

  trial(info: LiveTrialInfo): LiveTrial {
    const running = { info, startedAt: this.now(), ticks: [] as Tick[], errorsInAll: 0 };
    this.current = running;
    return {
      responses: (batch) => {
        const at = this.now();
        running.ticks.push({ at, ...batch.recent });
        running.errorsInAll += batch.recent.failed;
        while ((running.ticks[0]?.at ?? at) <= at - windowMs) running.ticks.shift();
      },
      processes: () => {},
      end: () => {
        if (this.current === running) this.current = undefined;
      },
    };
  }

  /** The running trial and its last second; undefined between trials. */
  window(): { info: LiveTrialInfo; recent: RecentWindow } | undefined {
    const running = this.current;
    if (!running) return undefined;
    const now = this.now();
    const ticks = running.ticks.filter((tick) => tick.at > now - windowMs);
    const fine = new Map<number, number>();
    let answered = 0;
    let errors = 0;
    for (const tick of ticks) {
      answered += tick.answered;
      errors += tick.failed;
      for (const [bucket, count] of tick.fineLatency) fine.set(bucket, (fine.get(bucket) ?? 0) + count);
    }
    const seconds = Math.max(0.001, Math.min(windowMs, now - running.startedAt)) / 1000;
    return {
      info: running.info,
      recent: { rps: answered / seconds, p50Ms: fineQuantileMs(fine, 50), p99Ms: fineQuantileMs(fine, 99), errors, errorsInAll: running.errorsInAll },
    };
  }
}
