import { basename } from 'node:path';
import { InputError } from '../errors.js';
import type { Scenario, TopologySpec, WorkloadSpec } from '../scenarios/types.js';

/** What the command line may change about a scenario. */
export interface RunOverrides {
  topologies?: readonly string[];
  workloads?: readonly string[];
  durationMs?: number;
  warmupMs?: number;
  connections?: number;
  /** Allow external topologies whose URL is not on this machine. */
  allowRemote?: boolean;
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
  if (!overrides.allowRemote) refuseRemoteTargets(topologies, scenario);
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

/**
 * A load tester must not knock over someone's production by a typo: targets are this machine
 * unless --allow-remote says otherwise. Checked before any request is sent.
 */
function refuseRemoteTargets(topologies: readonly TopologySpec[], scenario: Scenario): void {
  const remote = topologies.filter((topology) => topology.external && !isLoopback(new URL(topology.external.url).hostname));
  if (remote.length === 0) return;
  throw new InputError(
    remote.map((topology) => {
      const index = scenario.topologies.indexOf(topology);
      return `${basename(scenario.file)}: topologies[${index}].url: ${topology.external?.url} is not on this machine (127.0.0.1, localhost, ::1); pass --allow-remote to load it anyway`;
    }),
  );
}

export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
