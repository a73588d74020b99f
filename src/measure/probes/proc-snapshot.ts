import { readHostCpu, readProcess } from './proc-files.js';
import { EstablishedSockets } from './established-sockets.js';
import { readThreadTicks, type ThreadTicks } from './process-threads.js';

/** /proc read for a set of processes at one instant (epoch ms). */
export interface ProcSnapshot {
  t: number;
  /** Machine-wide jiffies; undefined where there is no /proc. */
  host: { busy: number; total: number } | undefined;
  /** `t`: when this process's CPU time was read (epoch ms). */
  processes: { pid: number; t: number; cpuSeconds: number; threads: ThreadTicks[]; rssBytes: number; fds: number; connections: number }[];
  /** How long the reads took, in ms: the cost of one sample. */
  costMs: number;
}

/**
 * Reads every given process once. Established connections of a process are its socket inodes
 * found in /proc/net/tcp{,6} in state ESTABLISHED, the table read after the descriptors are
 * listed, and only when needed (see EstablishedSockets: keep one per sampler). Processes that
 * are gone are left out. Each process's threads are read with it (see process-threads.ts).
 */
export function takeProcSnapshot(pids: readonly number[], established = new EstablishedSockets()): ProcSnapshot {
  const started = performance.now();
  const t = performance.timeOrigin + started;
  const host = readHostCpu();
  const readings = pids.flatMap((pid) => {
    const readAt = performance.timeOrigin + performance.now();
    const reading = readProcess(pid);
    if (!reading) return [];
    // read right after the process's own CPU time, so that both cover much the same interval
    const threads = readThreadTicks(pid) ?? [];
    return [{ pid, readAt, reading, threads }];
  });
  const connections = established.count(readings.map(({ reading }) => reading.socketInodes));
  const processes = readings.map(({ pid, readAt, reading, threads }, index) => ({
    pid,
    t: readAt,
    cpuSeconds: reading.cpuSeconds,
    threads,
    rssBytes: reading.rssBytes,
    fds: reading.fds,
    connections: connections[index] ?? 0,
  }));
  return { t, host, processes, costMs: performance.now() - started };
}
