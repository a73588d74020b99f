import type { Figure } from '../../contract/common.js';
import { figureOf } from '../../analysis/figures.js';
import type { Window } from '../probes/probe-summary.js';
import type { RawProbes } from '../probes/raw-samples.js';

/**
 * CPU used by other processes in each probe interval of the measured phase, in cores, as mean
 * and peak: the host's busy CPU (from /proc/stat, a fraction of all `cpus`) less the
 * deployment's processes (read in the same /proc snapshot) and loadlab's own (the client
 * sample nearest in time). Null when any of them is missing. Never below 0 per interval.
 */
export function othersCpu(
  raw: Pick<RawProbes, 'host' | 'processes' | 'client' | 'intervalMs'>,
  window: Window,
  pids: readonly number[],
  cpus: number,
): Figure | null {
  const half = raw.intervalMs / 2;
  const inWindow = (t: number) => t >= window.startMs + half && t <= window.endMs + half;
  const values: number[] = [];
  for (const host of raw.host.filter((sample) => inWindow(sample.t))) {
    const processes = raw.processes.filter((sample) => sample.t === host.t && pids.includes(sample.pid));
    if (processes.length !== pids.length || processes.some((sample) => sample.cpu === null)) continue;
    const client = nearest(raw.client, host.t, half);
    if (!client) continue;
    const ours = processes.reduce((sum, sample) => sum + (sample.cpu ?? 0), 0) + client.cpu;
    values.push(Math.max(0, host.cpu * cpus - ours));
  }
  return figureOf(values);
}

function nearest<T extends { t: number }>(samples: readonly T[], t: number, within: number): T | undefined {
  let best: T | undefined;
  for (const sample of samples) {
    if (Math.abs(sample.t - t) <= within && (!best || Math.abs(sample.t - t) < Math.abs(best.t - t))) best = sample;
  }
  return best;
}
