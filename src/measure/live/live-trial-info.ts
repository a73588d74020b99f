import type { WorkloadSpec } from '../../scenario/types.js';
import { modelOf } from '../drivers/driver.js';
import { requestLabel } from './live-batch.js';
import type { LiveTrialInfo } from './live-observer.js';

/** What the live outputs know from the start of the trial of `workload` on a topology: its labels, phases and stages. */
export function liveTrialInfo(topology: string, workload: WorkloadSpec): LiveTrialInfo {
  const { load } = workload;
  const model = modelOf(load);
  const { stages } = load;
  return {
    topology,
    workload: workload.name,
    model,
    requests: workload.requests.map(requestLabel),
    warmupMs: load.warmupMs,
    durationMs: load.durationMs,
    // the drivers start a staged load from the rate (open model) or the connections (closed)
    ...(stages && stages.length > 0 ? { staged: { from: model === 'open' ? (load.rate ?? 0) : load.connections, stages } } : {}),
  };
}
