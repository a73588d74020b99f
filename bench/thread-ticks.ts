import { readFileSync } from 'node:fs';
import { parseProcStat, readProcStat } from '../src/deploy/proc-table.js';

/** A process's CPU time so far at one instant, in clock ticks: all its threads (dead ones too), and its main thread's. */
export interface TicksSample {
  t: number;
  ticks: number;
  mainTicks: number;
}

/** Reads a process's CPU time now; undefined once it is gone. */
export function sampleThreadTicks(pid: number): TicksSample | undefined {
  const t = Date.now();
  try {
    const ticks = readProcStat(pid)?.cpuTicks;
    const mainTicks = parseProcStat(pid, readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8'))?.cpuTicks;
    return ticks == null || mainTicks == null ? undefined : { t, ticks, mainTicks };
  } catch {
    return undefined;
  }
}

/** The CPU ticks used between two instants (epoch ms), interpolated linearly between the samples around each. */
export function cpuBetween(samples: readonly TicksSample[], fromMs: number, toMs: number): { ticks: number; mainTicks: number } {
  const at = (t: number, field: 'ticks' | 'mainTicks'): number => {
    const after = samples.findIndex((sample) => sample.t >= t);
    if (after <= 0) throw new Error(`no CPU samples around ${new Date(t).toISOString()}: the process ended or started outside the phase`);
    const [a, b] = [samples[after - 1] as TicksSample, samples[after] as TicksSample];
    return a[field] + ((b[field] - a[field]) * (t - a.t)) / Math.max(1, b.t - a.t);
  };
  return { ticks: at(toMs, 'ticks') - at(fromMs, 'ticks'), mainTicks: at(toMs, 'mainTicks') - at(fromMs, 'mainTicks') };
}
