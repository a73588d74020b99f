import type { ThreadsProbe } from '../../contract/probes.js';
import { formatPercent } from '../../text/format.js';

/**
 * Where a process's CPU went: 'loop' when its main thread did the work and the others idled,
 * 'pool' when the other threads carried most of it, 'mixed' otherwise.
 */
export type ThreadSplit = 'loop' | 'pool' | 'mixed';

/** A main thread this busy queues every request behind the others' work (see scale-cpu.ts: at 80% a request takes five times its own work). */
const busyMainThread = 0.8;
/**
 * An idle Node process's other threads (V8's GC helpers, libuv's pool) use a few percent of a
 * core together; under a fifth of a core they ran nothing of the application's.
 */
const idleOthers = 0.2;
/** Half a core on the other threads is work moved off the loop, not GC and housekeeping. */
const poolWork = 0.5;

export function threadSplit(threads: ThreadsProbe): ThreadSplit {
  if (threads.main.mean >= busyMainThread && threads.others.mean < idleOthers) return 'loop';
  if (threads.others.mean >= poolWork && threads.others.mean > threads.main.mean) return 'pool';
  return 'mixed';
}

/**
 * The split in words, with its conclusion: 'main thread at 98% while its 10 other threads idle
 * (3% together): the work is on the loop', 'main thread 12%, other threads 180% (the busiest
 * 95%): the pool carries the CPU work', or only the figures when neither holds.
 */
export function describeThreadSplit(threads: ThreadsProbe): string {
  const main = formatPercent(threads.main.mean);
  const others = formatPercent(threads.others.mean);
  switch (threadSplit(threads)) {
    case 'loop':
      return `main thread at ${main} while its ${threads.count - 1} other threads idle (${others} together): the work is on the loop`;
    case 'pool':
      return `main thread ${main}, other threads ${others} (the busiest ${formatPercent(threads.busiest.mean)}): the pool carries the CPU work`;
    case 'mixed':
      return threadFigures(threads);
  }
}

/** 'main thread 70%, other threads 60%'. */
export function threadFigures(threads: ThreadsProbe): string {
  return `main thread ${formatPercent(threads.main.mean)}, other threads ${formatPercent(threads.others.mean)}`;
}
