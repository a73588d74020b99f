import { readProcStat, ticksPerSecond } from '../../deploy/proc-table.js';

/**
 * The CPU each process used over a phase, from its cumulative CPU time read at the start and at
 * the end: exact to a clock tick (10 ms) whatever the phase's length, where a sampler's
 * intervals only partly overlap a one-second capacity step (and a busy machine delays them).
 */
export class PhaseCpu {
  private start: { at: number; ticks: Map<number, number> } | undefined;

  /** Reads the processes' CPU time now: the phase begins. */
  begin(pids: readonly number[]): void {
    this.start = { at: performance.now(), ticks: readTicks(pids) };
  }

  /** Each process's CPU over the phase so far, in cores (1 = one core busy); null for a process not read at both ends. */
  end(pid: number): number | null {
    const start = this.start;
    const before = start?.ticks.get(pid);
    const after = readProcStat(pid)?.cpuTicks;
    if (!start || before === undefined || after === undefined || after === null) return null;
    const seconds = (performance.now() - start.at) / 1000;
    return seconds > 0 ? Math.max(0, after - before) / ticksPerSecond / seconds : null;
  }
}

function readTicks(pids: readonly number[]): Map<number, number> {
  const ticks = new Map<number, number>();
  for (const pid of pids) {
    const read = readProcStat(pid)?.cpuTicks;
    if (read !== undefined && read !== null) ticks.set(pid, read);
  }
  return ticks;
}
