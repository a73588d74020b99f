import type { ScopedThreshold } from './thresholds/parse.js';
import type { EventAction, TopologyKind } from '../contract/vocabulary.js';

export { eventActions, topologyKinds, type EventAction, type TopologyKind } from '../contract/vocabulary.js';

/** A duration: a string with a unit ('500ms', '10s', '2m') or a number of milliseconds. */
export type DurationInput = string | number;

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

/**
 * What every topology of a scenario file has; each kind adds its own fields (see
 * src/deploy/topologies/<kind>.ts, whose config types make up the public TopologyConfig).
 */
export interface TopologyConfigBase {
  name?: string;
  kind: TopologyKind;
  /** Number of processes, or 'cores' for os.availableParallelism(). */
  instances?: number | 'cores';
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
  /**
   * Load generator threads: the closed model splits the connections between them, the open model
   * the timetable. 'auto' (the default): 1 below 4 cores, else a quarter of the cores, and no
   * more than the load needs.
   */
  generators?: number | 'auto';
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

/** What a scenario file's default export looks like, for topologies of config type T. */
export interface ScenarioConfigOf<T extends TopologyConfigBase> {
  name?: string;
  description?: string;
  /** The app loadlab starts; not needed when every topology is external. */
  app?: AppConfig;
  topologies: T[];
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

/** The app as a validated scenario has it: every default applied. entry is null when the scenario has no app (every topology external). */
export interface AppSpec {
  entry: string | null;
  args: string[];
  env: Record<string, string>;
  readiness: string;
  startTimeoutMs: number;
}

/** What every validated topology has; each kind's spec adds its own fields. */
export interface TopologySpecBase {
  name: string;
  kind: TopologyKind;
  instances: number;
}

/** The validated, normalised scenario: every default applied, every duration in ms, every path absolute. */
export interface ScenarioOf<T extends TopologySpecBase = TopologySpecBase> {
  name: string;
  description: string;
  file: string;
  app: AppSpec;
  topologies: T[];
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
  /** Load generator threads; absent or 'auto': chosen by the machine's cores (see generator-count.ts). */
  generators?: number | 'auto';
}

export interface WorkloadSpec {
  name: string;
  requests: RequestSpec[];
  load: LoadSettings;
}
