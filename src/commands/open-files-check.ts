import { openFilesHint, openFilesNeeded, type ScenarioDemand } from '../analysis/doctor/doctor-checks.js';
import { InputError } from '../contract/errors.js';
import { readOpenFiles } from '../machine/system-limits.js';
import { partOf, wholeLoad, type LoadShare } from '../measure/drivers/load-share.js';
import type { DeploymentPlan } from '../measure/plan.js';
import { topologyFor } from '../deploy/topologies/index.js';
import type { TopologySpec } from '../scenario/scenario.js';
import type { WorkloadSpec } from '../scenario/types.js';

/**
 * A test seam, not a feature: set to 1, the check below is skipped, so that a test can make the
 * load generator truly run out of open files during a trial.
 */
const skipVariable = 'LOADLAB_SKIP_FD_CHECK';

/**
 * The connections loadlab holds at once in a trial of this workload: the closed model's
 * connections or the open model's maxConnections (split between generator threads, which
 * share the process's files), and the slow connections of an attack beside them.
 */
export function trialConnections(workload: WorkloadSpec): number {
  const { load } = workload;
  const model = load.rate === undefined ? load.connections : (load.maxConnections ?? load.connections);
  return model + (workload.attack?.connections ?? 0);
}

/**
 * What a plan asks of every process's open files: the most connections at once (those of this
 * process's share when it is one shard of a run; the idle ones of a connection-cost sweep) and
 * the topologies it deploys.
 */
export function demandOfPlan(
  plan: readonly DeploymentPlan[],
  connectionsOf: (workload: WorkloadSpec) => number = trialConnections,
  share: LoadShare = wholeLoad,
): ScenarioDemand {
  const counts = plan.flatMap((step) => [...step.workloads.map(connectionsOf), ...(step.connectionCost?.counts ?? [])]);
  return {
    connections: Math.max(0, ...counts.map((count) => Math.max(1, partOf(count, share)))),
    kinds: [...new Set(plan.map((step) => step.topology.kind))],
    filesPerConnection: filesPerConnection(plan.map((step) => step.topology)),
  };
}

/** The most open files a load connection costs a process of these topologies, as each declares. */
export function filesPerConnection(specs: readonly TopologySpec[]): number {
  return Math.max(1, ...specs.map((spec) => topologyFor(spec).filesPerConnection));
}

/**
 * Checks the limit of open files against what the plan needs, before anything starts: a run
 * with more connections than open files cannot measure what was asked. InputError (exit 2) with
 * the `ulimit` to run when it is too low. There is nothing to raise first: Node raises its soft
 * limit to the hard limit as it starts (node.cc), and the app and balancer inherit that.
 */
export function checkOpenFiles(demand: ScenarioDemand): void {
  if (process.env[skipVariable] === '1') return;
  const { soft, hard } = readOpenFiles();
  const needed = openFilesNeeded(demand);
  if (soft === null || soft >= needed) return;
  throw new InputError(`open files: the limit is ${soft}: ${openFilesHint(demand.connections, needed, hard)}`);
}
