import type { ProcessInfo } from '../../contract/common.js';
import type { LoadResult } from '../drivers/load-result.js';
import { windowOf } from '../recording/measurement-window.js';
import type { Window } from './probe-summary.js';
import type { RawProbes } from './raw-samples.js';
import { ProbeSampler, type SamplerOptions } from './sampler.js';

export interface ProbeWatch {
  /** The deployment's processes right now (a worker re-forked meanwhile included). */
  processes: () => ProcessInfo[];
  /** Sampling interval, or undefined when probes are off. */
  intervalMs: number | undefined;
  /** Where the in-app agent writes, when it is loaded and read. */
  agentFolder?: string;
  /** Given: each probe reading of the processes (the live outputs'). */
  onSample?: SamplerOptions['onSample'];
}

export interface ProbedLoad {
  result: LoadResult;
  /** The load's measured phase, in epoch milliseconds, to slice the samples by. */
  window: Window;
  /** Undefined when probes are off. */
  raw: RawProbes | undefined;
  /** Every process seen while the load ran, in the order first seen. */
  processes: ProcessInfo[];
}

/**
 * Runs a load while the deployment's processes are sampled (when probes are on), and stops the
 * sampler at the end of the measured phase, the load failed or not. `drive` gets `current`,
 * which reads the processes and remembers each one seen, so that a process that exits during
 * the load is still summarised.
 */
export async function probeWhileLoading(watch: ProbeWatch, drive: (current: () => ProcessInfo[]) => Promise<LoadResult>): Promise<ProbedLoad> {
  const seen = new Map<number, ProcessInfo>();
  const current = () => {
    const processes = watch.processes();
    for (const info of processes) seen.set(info.pid, info);
    return processes;
  };
  const sampler =
    watch.intervalMs === undefined
      ? undefined
      : new ProbeSampler({
          intervalMs: watch.intervalMs,
          processes: current,
          ...(watch.agentFolder ? { agentFolder: watch.agentFolder } : {}),
          ...(watch.onSample ? { onSample: watch.onSample } : {}),
        });
  current();
  sampler?.start();
  let result: LoadResult;
  try {
    result = await drive(current);
  } catch (error) {
    await sampler?.stop(Date.now());
    throw error;
  }
  const window = windowOf(result.phases);
  const raw = sampler ? await sampler.stop(window.endMs) : undefined;
  current();
  return { result, window, raw, processes: [...seen.values()] };
}
