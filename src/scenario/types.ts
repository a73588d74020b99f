import type { ScopedThreshold } from './thresholds/parse.js';
/** A duration: a string with a unit ('500ms', '10s', '2m') or a number of milliseconds. */
export type DurationInput = string | number;

export const topologyKinds = ['single', 'cluster', 'pm2', 'proxy', 'external'] as const;
export type TopologyKind = (typeof topologyKinds)[number];

/** Faults a deployment can be put through during a trial (see `events`). */
export const eventActions = ['kill-worker', 'reload', 'restart'] as const;
export type EventAction = (typeof eventActions)[number];

/**
 * Which topology kinds can do each event action. Single, proxy and external have no
 * supervisor of their own that loadlab drives, so they do none.
 */
export const eventSupport = {
  'kill-worker': ['cluster', 'pm2'],
  reload: ['cluster', 'pm2'],
  restart: ['cluster', 'pm2'],
} as const satisfies Record<EventAction, readonly TopologyKind[]>;

export function supportsEvent(kind: TopologyKind, action: EventAction): boolean {
  return (eventSupport[action] as readonly TopologyKind[]).includes(kind);
}

export const schedulingPolicies = ['rr', 'none'] as const;
export type SchedulingPolicy = (typeof schedulingPolicies)[number];

/** A request of a workload's mix. autocannon cycles through the mix on every connection. */
export interface RequestConfig {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface AppConfig {
  /** The app's entry file, relative to the scenario file. It must listen on process.env.PORT. */
  entry: string;
  args?: string[];
  env?: Record<string, string>;
  /** Path polled until it answers 2xx. Default '/'. */
  readiness?: string;
  /** How long the app may take to become ready. Default '15s'. */
  startTimeout?: DurationInput;
}

export interface TopologyConfig {
  name?: string;
  kind: TopologyKind;
  /** Number of processes, or 'cores' for os.availableParallelism(). Default 1 for single, 'cores' otherwise. */
  instances?: number | 'cores';
  /** cluster only: 'rr' (round robin by the primary) or 'none' (the OS spreads connections). */
  schedulingPolicy?: SchedulingPolicy;
  /** proxy only: the balancer in front of the instances. */
  balancer?: 'nginx';
  /** proxy only: nginx's path when it is not on PATH. */
  nginxPath?: string;
  /** proxy only: nginx's worker_processes. Default 1. */
  workerProcesses?: number;
  /** external only: the URL of the server (with command: the URL it will listen on). */
  url?: string;
  /** external only: a command that starts the server (an argument list, no shell); loadlab stops it at the end. */
  command?: string[];
  /** external only: pids of an already running server, for the probes. */
  pids?: number[];
}

export interface LoadConfig {
  connections?: number;
  duration?: DurationInput;
  warmup?: DurationInput;
  pipelining?: number;
  /** Requests per second for an open-model run (a fixed arrival rate). Without it, the closed model. */
  rate?: number;
  /** Open model: the most connections the pacer may open when answers lag. Default: connections. */
  maxConnections?: number;
  timeout?: DurationInput;
}

export interface WorkloadConfig {
  requests: RequestConfig[];
  connections?: number;
  pipelining?: number;
  rate?: number;
  maxConnections?: number;
}

export interface SloConfig {
  p50?: number;
  p99?: number;
}

export interface ScaleWhenConfig {
  cpu?: number;
  latencyMs?: number;
  memory?: number;
  connectionsPerInstance?: number;
}

/** What a scenario file's default export looks like. */
export interface ScenarioConfig {
  name?: string;
  description?: string;
  app: AppConfig;
  topologies: TopologyConfig[];
  workloads: Record<string, WorkloadConfig>;
  load?: LoadConfig;
  slo?: SloConfig;
  scaleWhen?: ScaleWhenConfig;
  /** Share of requests (0 to 1) that may fail (errors, timeouts, non-2xx) before the errors verdict fails. Default 0. */
  errorTolerance?: number;
  /** Name of the topology the others are compared against on each workload. Default: the first. */
  compareTo?: string;
  /** Gates: 'p99 < 150ms', or { expr: 'rps > 2000', topology: 'cluster', workload: 'cpu' }. A failed one makes the run exit 1. */
  thresholds?: (string | { expr: string; topology?: string; workload?: string })[];
  /** Faults on the timeline of every trial: { at: '5s', action: 'kill-worker' }, optionally scoped to one topology. */
  events?: EventConfig[];
}

export interface EventConfig {
  /** From the start of the measured phase; within it. */
  at: DurationInput;
  action: EventAction;
  /** Name of a topology: the event applies to its trials only. Without it, to every topology that can do it. */
  topology?: string;
}

/** A validated event. */
export interface EventSpec {
  /** From the start of the measured phase, in milliseconds. */
  atMs: number;
  action: EventAction;
  topology?: string;
}

/** The validated, normalised scenario: every default applied, every duration in ms, every path absolute. */
export interface Scenario {
  name: string;
  description: string;
  file: string;
  app: {
    entry: string;
    args: string[];
    env: Record<string, string>;
    readiness: string;
    startTimeoutMs: number;
  };
  topologies: TopologySpec[];
  workloads: WorkloadSpec[];
  slo: { p50: number; p99: number };
  scaleWhen: { cpu: number; latencyMs: number; memory: number; connectionsPerInstance: number };
  errorTolerance: number;
  /** Set when the scenario names it: one of the topologies' names. */
  compareTo?: string;
  /** Gate expressions, parsed and checked; the command line may add more. */
  thresholds: ScopedThreshold[];
  /** In time order. */
  events: EventSpec[];
}

export interface TopologySpec {
  name: string;
  kind: TopologyKind;
  instances: number;
  schedulingPolicy: SchedulingPolicy;
  /** Set for kind 'proxy'. */
  proxy?: { balancer: 'nginx'; nginxPath?: string; workerProcesses: number };
  /** Set for kind 'external'. */
  external?: { url: string; command: string[]; pids: number[] };
}

export interface RequestSpec {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** The effective load settings of one trial. */
export interface LoadSettings {
  connections: number;
  pipelining: number;
  durationMs: number;
  warmupMs: number;
  timeoutMs: number;
  /** Requests per second for an open-model run (a fixed arrival rate); absent: the closed model. */
  rate?: number;
  /** Open model only: the most connections the pacer may open. Default: connections. */
  maxConnections?: number;
}

export interface WorkloadSpec {
  name: string;
  requests: RequestSpec[];
  load: LoadSettings;
}
