import { InputError } from '../errors.js';
import type { Scenario, TopologySpec, WorkloadSpec } from '../scenarios/types.js';

/** What the command line may change about a scenario. */
export interface RunOverrides {
  topologies?: readonly string[];
  workloads?: readonly string[];
  durationMs?: number;
  warmupMs?: number;
  connections?: number;
}

/** One deployment to start, and the workloads to drive against it while it runs. */
export interface DeploymentPlan {
  topology: TopologySpec;
  workloads: WorkloadSpec[];
}

/**
 * The run as a list of deployments, each with its workloads: topology × workload trials,
 * grouped so that each deployment starts once. Names given on the command line must exist.
 */
export function planRun(scenario: Scenario, overrides: RunOverrides): DeploymentPlan[] {
  const topologies = pick(scenario.topologies, overrides.topologies, '--topology', 'topologies');
  const workloads = pick(scenario.workloads, overrides.workloads, '--workload', 'workloads').map((workload) => ({
    ...workload,
    load: {
      ...workload.load,
      ...(overrides.durationMs === undefined ? {} : { durationMs: overrides.durationMs }),
      ...(overrides.warmupMs === undefined ? {} : { warmupMs: overrides.warmupMs }),
      ...(overrides.connections === undefined ? {} : { connections: overrides.connections }),
    },
  }));
  return topologies.map((topology) => ({ topology, workloads }));
}

function pick<T extends { name: string }>(items: readonly T[], names: readonly string[] | undefined, option: string, field: string): T[] {
  if (!names || names.length === 0) return [...items];
  const known = items.map((item) => item.name);
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new InputError(unknown.map((name) => `${option} ${name}: the scenario has no such entry in ${field} (${known.join(', ')})`));
  }
  return items.filter((item) => names.includes(item.name));
}
