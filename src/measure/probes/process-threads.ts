import { readdirSync, readFileSync } from 'node:fs';
import { parseProcStat, ticksPerSecond } from '../../deploy/proc-table.js';

/** One thread's CPU time so far, in clock ticks, from /proc/<pid>/task/<tid>/stat. */
export interface ThreadTicks {
  tid: number;
  ticks: number;
}

/** One sample's CPU of a process's threads over the interval before it, in fractions of one core. */
export interface ThreadSample {
  count: number;
  /** The thread whose id is the process id: the one that runs the event loop. */
  main: number;
  /** Every other thread together (worker threads, libuv's pool, V8's helpers). */
  others: number;
  /** The busiest other thread alone; 0 when there is none. */
  busiest: number;
}

/**
 * Every thread of a process with its CPU time; undefined when the process is gone. Node names
 * every thread `node`, so threads are told apart by id only. A thread that exits between the
 * listing and its read is left out.
 */
export function readThreadTicks(pid: number): ThreadTicks[] | undefined {
  let names: string[];
  try {
    names = readdirSync(`/proc/${pid}/task`);
  } catch {
    return undefined;
  }
  return names.flatMap((name) => {
    const tid = Number(name);
    try {
      const ticks = parseProcStat(tid, readFileSync(`/proc/${pid}/task/${name}/stat`, 'utf8'))?.cpuTicks;
      return ticks === undefined || ticks === null ? [] : [{ tid, ticks }];
    } catch {
      return [];
    }
  });
}

/**
 * The threads' CPU between two reads of one process, `seconds` apart. A thread absent from the
 * earlier read started in between, so all its time counts; one absent from the later read
 * exited, and its time is lost to this split (the process's own figure still has it).
 */
export function threadSample(pid: number, before: readonly ThreadTicks[], after: readonly ThreadTicks[], seconds: number): ThreadSample {
  const earlier = new Map(before.map((thread) => [thread.tid, thread.ticks]));
  const cores = (thread: ThreadTicks) => Math.max(0, thread.ticks - (earlier.get(thread.tid) ?? 0)) / ticksPerSecond / seconds;
  const others = after.filter((thread) => thread.tid !== pid).map(cores);
  const main = after.find((thread) => thread.tid === pid);
  return {
    count: after.length,
    main: main ? cores(main) : 0,
    others: others.reduce((sum, value) => sum + value, 0),
    busiest: Math.max(0, ...others),
  };
}
