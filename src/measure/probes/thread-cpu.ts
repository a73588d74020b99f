import { readFileSync } from 'node:fs';
import { parseProcStat, ticksPerSecond } from '../../deploy/proc-table.js';

/**
 * The CPU time the calling thread has used, in seconds, from /proc/thread-self/stat (Linux):
 * a worker thread's own figure, where process.cpuUsage() counts every thread of the process.
 * Undefined where there is no /proc. Clock ticks: 10 ms resolution.
 */
export function threadCpuSeconds(): number | undefined {
  let text: string;
  try {
    text = readFileSync('/proc/thread-self/stat', 'utf8');
  } catch {
    return undefined;
  }
  const ticks = parseProcStat(0, text)?.cpuTicks;
  return ticks === undefined || ticks === null ? undefined : ticks / ticksPerSecond;
}
