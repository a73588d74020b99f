import { readEstablishedInodes, readHostCpu, readProcess } from './proc-files.js';
import { readThreadTicks, type ThreadTicks } from './process-threads.js';

/** /proc read for a set of processes at one instant (epoch ms). */
export interface ProcSnapshot {
  t: number;
  /** Machine-wide jiffies; undefined where there is no /proc. */
  host: { busy: number; total: number } | undefined;
  /** `t`: when this process's CPU time was read (epoch ms); reading the TCP table first can take 100 ms or more. */
  processes: { pid: number; t: number; cpuSeconds: number; threads: ThreadTicks[]; rssBytes: number; fds: number; connections: number }[];
  /** How long the reads took, in ms: the cost of one sample. */
  costMs: number;
}

/**
 * Reads every given process and the machine's TCP table once. Established connections of a
 * process are its socket inodes found in /proc/net/tcp{,6} in state ESTABLISHED. Processes
 * that are gone are left out. Each process's threads are read with it (see process-threads.ts).
 */
export function takeProcSnapshot(pids: readonly number[]): ProcSnapshot {
  const started = performance.now();
  const t = performance.timeOrigin + started;
  const host = readHostCpu();
  const established = pids.length > 0 ? readEstablishedInodes() : new Set<string>();
  const processes = pids.flatMap((pid) => {
    const readAt = performance.timeOrigin + performance.now();
    const reading = readProcess(pid);
    if (!reading) return [];
    // read right after the process's own CPU time, so that both cover much the same interval
    const threads = readThreadTicks(pid) ?? [];
    const connections = reading.socketInodes.reduce((count, inode) => count + (established.has(inode) ? 1 : 0), 0);
    return [{ pid, t: readAt, cpuSeconds: reading.cpuSeconds, threads, rssBytes: reading.rssBytes, fds: reading.fds, connections }];
  });
  return { t, host, processes, costMs: performance.now() - started };
}
