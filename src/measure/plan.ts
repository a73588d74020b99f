import { basename } from 'node:path';
import { InputError } from '../contract/errors.js';
import type { ExternalSpec } from '../deploy/topologies/external.js';
import type { Scenario, TopologySpec } from '../scenario/scenario.js';
import type { ConnectionCostSpec, EventSpec, WorkloadSpec } from '../scenario/types.js';

/** What the command line may change about a scenario. */
export interface RunOverrides {
  topologies?: readonly string[];
  workloads?: readonly string[];
  durationMs?: number;
  warmupMs?: number;
  connections?: number;
  /** Allow external topologies whose URL is not on this machine. */
  allowRemote?: boolean;
  /** Run every trial this many times. */
  repeat?: number;
  /** Open-model rate (requests/s) for every workload. */
  rate?: number;
  /** Load generator threads for every workload. */
  generators?: number | 'auto';
  /** Load this URL instead of the scenario's topologies: one external topology, named 'external'. */
  externalUrl?: string;
}

/** One deployment to start, and the workloads to drive against it while it runs. */
export interface DeploymentPlan {
  topology: TopologySpec;
  workloads: WorkloadSpec[];
  /** 1-based: which repeat of the run this deployment belongs to. */
  repeat: number;
  /** The app to deploy: the scenario's, or in an A/B run the base version's. */
  app: Scenario['app'];
  /** In an A/B run, which side the trials belong to. */
  variant?: 'base' | 'current';
  /** The scenario's events for this topology's trials: those scoped to it and the unscoped ones. */
  events?: EventSpec[];
  /** When the scenario measures what a connection costs: done after the workloads, on the same deployment. */
  connectionCost?: ConnectionCostSpec;
}

/**
 * The run as a list of deployments, each with its workloads: topology × workload trials,
 * grouped so that each deployment starts once per repeat. Repeats are interleaved across
 * topologies (A B A B, not A A B B) so that drift on a shared machine hits all alike. Names
 * given on the command line must exist.
 */
export function planRun(scenario: Scenario, overrides: RunOverrides): DeploymentPlan[] {
  const topologies = overrides.externalUrl === undefined ? pickTopologies(scenario.topologies, overrides.topologies) : [externalAt(overrides.externalUrl)];
  if (!overrides.allowRemote) refuseRemoteTargets(topologies, scenario);
  const picked = pick(scenario.workloads, overrides.workloads, '--workload', 'workloads');
  const staged = picked.filter((workload) => workload.load.stages);
  if (overrides.durationMs !== undefined && staged.length > 0) {
    const names = staged.map((workload) => `'${workload.name}'`).join(', ');
    throw new InputError(`--duration: workload ${names} has stages, whose durations make its measured phase; leave out --duration (or pick other workloads)`);
  }
  const closedStages = staged.filter((workload) => workload.load.rate === undefined);
  if (overrides.rate !== undefined && closedStages.length > 0) {
    const names = closedStages.map((workload) => `'${workload.name}'`).join(', ');
    throw new InputError(`--rate: workload ${names} has closed-model stages, whose targets are connections; leave out --rate (or pick other workloads)`);
  }
  const workloads = picked.map((workload) => ({
    ...workload,
    load: {
      ...workload.load,
      ...(overrides.durationMs === undefined ? {} : { durationMs: overrides.durationMs }),
      ...(overrides.warmupMs === undefined ? {} : { warmupMs: overrides.warmupMs }),
      ...(overrides.connections === undefined ? {} : { connections: overrides.connections }),
      ...(overrides.rate === undefined ? {} : { rate: overrides.rate }),
      ...(overrides.generators === undefined ? {} : { generators: overrides.generators }),
    },
  }));
  const repeats = Array.from({ length: overrides.repeat ?? 1 }, (_, index) => index + 1);
  const eventsOf = (topology: TopologySpec) =>
    scenario.events.filter((event) => event.topology === undefined || event.topology === topology.name || event.topology === topology.sweep);
  // the connection cost is measured once per topology, not once per repeat
  const costOf = (repeat: number) => (scenario.connectionCost && repeat === 1 ? { connectionCost: scenario.connectionCost } : {});
  return repeats.flatMap((repeat) =>
    topologies.map((topology) => ({ topology, workloads, repeat, app: scenario.app, events: eventsOf(topology), ...costOf(repeat) })),
  );
}

/**
 * An A/B plan: the same plan for the scenario's app and for a base version of it, interleaved
 * deployment by deployment (current, base, current, base…) so that both see the same machine.
 */
export function planAb(plan: readonly DeploymentPlan[], baseApp: Scenario['app']): DeploymentPlan[] {
  return plan.flatMap((step) => [
    { ...step, variant: 'current' as const },
    { ...step, app: baseApp, variant: 'base' as const },
  ]);
}

/** --topology names a topology, or a scaling sweep by its own name (every count of it). */
function pickTopologies(topologies: readonly TopologySpec[], names: readonly string[] | undefined): TopologySpec[] {
  const sweeps = new Set(topologies.flatMap((topology) => (topology.sweep ? [topology.sweep] : [])));
  const chosenSweeps = (names ?? []).filter((name) => sweeps.has(name) && !topologies.some((topology) => topology.name === name));
  if (chosenSweeps.length === 0) return pick(topologies, names, '--topology', 'topologies');
  const rest = (names ?? []).filter((name) => !chosenSweeps.includes(name));
  const named = rest.length > 0 ? pick(topologies, rest, '--topology', 'topologies') : [];
  return topologies.filter((topology) => named.includes(topology) || (topology.sweep !== undefined && chosenSweeps.includes(topology.sweep)));
}

function externalAt(url: string): ExternalSpec {
  return { name: 'external', kind: 'external', instances: 1, runtime: 'node', url, command: [], pids: [] };
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
  const remote = topologies.filter((topology) => topology.kind === 'external' && !isLoopback(new URL(topology.url).hostname)) as ExternalSpec[];
  if (remote.length === 0) return;
  throw new InputError(
    remote.map((topology) => {
      const index = scenario.topologies.indexOf(topology);
      const where = index < 0 ? '--url' : `${basename(scenario.file)}: topologies[${index}].url:`;
      return `${where} ${topology.url} is not on this machine (127.0.0.1, localhost, ::1); pass --allow-remote to load it anyway`;
    }),
  );
}

export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
