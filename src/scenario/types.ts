import type { ScopedThreshold } from './thresholds/parse.js';
import type { CaptureConfig, DataConfig, DurationInputOrRange, ExpectConfig, FlowRequest, FlowResponse, FlowVariables } from './flows/flow-types.js';
import type { RequestFlowSpec } from './flows/read-request-flow.js';
import type { FlowSpec } from './flows/read-workload-flow.js';

export type { FlowSpec } from './flows/read-workload-flow.js';
import type { EventAction } from '../contract/vocabulary.js';
import type { DurationInput, StageConfig, StageSpec } from './stage-types.js';

export { maxStageConnections, type DurationInput, type StageConfig, type StageSpec } from './stage-types.js';

export { eventActions, type EventAction } from '../contract/vocabulary.js';
export type { AttackConfig, AttackSpec, ConnectionCostConfig, ConnectionCostSpec } from './attack-types.js';
import type { AttackConfig, AttackSpec, ConnectionCostConfig, ConnectionCostSpec } from './attack-types.js';

/** How the app's entry is run: Node as it is, Node with loadlab's tsx loader (TypeScript), or Bun. */
export const runtimes = ['node', 'tsx', 'bun'] as const;
export type Runtime = (typeof runtimes)[number];

/**
 * A request of a workload's mix. The requests run in order per virtual user (one run of the
 * flow on one connection); `{{name}}` in path, header values and body takes a captured value, a
 * data column or a built-in ($uuid, $randomInt(a,b), $seq, $vu).
 */
export interface RequestConfig {
  /** Its figures' key in byRequest; default `METHOD /path` with the template left in. */
  name?: string;
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Variables taken from the answer: { token: { json: 'token' } }, { header: 'x-id' }, { regex: '"id":(\\d+)' }, or (res) => value. */
  capture?: Record<string, CaptureConfig>;
  /** Checks on the answer; a failed one is an error of kind 'check'. Without it, a 2xx status is success. */
  expect?: ExpectConfig;
  /** Called before each send with the request about to go out and the user's variables; may return a changed request. */
  beforeRequest?: (request: FlowRequest, vars: FlowVariables) => FlowRequest | void;
  /** Called after each answer: may set variables. A hook that throws makes the request an error of kind 'hook'. */
  afterResponse?: (response: FlowResponse, vars: FlowVariables) => void;
}

export interface AppConfig {
  /**
   * The app's entry file, relative to the scenario file. It must listen on process.env.PORT.
   * Required when a topology starts the app; a scenario of external servers only may give an
   * app without it, for its readiness path and start timeout.
   */
  entry?: string;
  args?: string[];
  env?: Record<string, string>;
  /** Path polled until it answers 2xx. Default '/'. */
  readiness?: string;
  /** How long the app may take to become ready. Default '15s'. */
  startTimeout?: DurationInput;
  /**
   * What runs the entry: 'node', 'tsx' (Node with loadlab's own tsx loader) or 'bun' (the
   * project's or PATH's bun). Default 'tsx' for a .ts, .mts or .cts entry, else 'node'.
   */
  runtime?: Runtime;
  /**
   * The app's working directory, relative to the scenario file. Default: the folder of the
   * nearest package.json above the entry (where `npm start` would run it).
   */
  cwd?: string;
}

/**
 * What every topology of a scenario file has; each kind adds its own fields (see
 * src/deploy/topologies/<kind>.ts, whose config types make up the public TopologyConfig).
 */
export interface TopologyConfigBase {
  name?: string;
  /** One of the catalogue's kinds (src/deploy/topologies/index.ts); each config type names its own. */
  kind: string;
  /**
   * Number of processes, or 'cores' for os.availableParallelism(). A list (a kind of more than one
   * instance) is a scaling sweep: the same workloads at each count, and a scaling curve over them.
   */
  instances?: InstancesConfig;
  /** Runs the app under this runtime instead of app.runtime (topologies that start the app). */
  runtime?: Runtime;
}

/** How many processes: a number, 'cores', or a list of them for a scaling sweep (a kind of more than one instance). */
export type InstancesConfig = number | 'cores' | (number | 'cores')[];

/**
 * The highest arrival rate loadlab accepts, in requests per second. One Node process sends a
 * few tens of thousands a second at most (npm run bench:open-model): a rate far above is a
 * typo, and refused as such rather than scheduled.
 */
export const maxArrivalRate = 1_000_000;

/** The shortest measured phase, in ms: a shorter one holds too few answers to say anything. */
export const minMeasuredMs = 100;

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
  /**
   * The load moves over time (k6's stages): each stage moves the open model's arrival rate (from
   * `rate`) or the closed model's connections (from `connections`) linearly to its target over
   * its duration. The measured phase is their sum: not given with `duration`.
   */
  stages?: StageConfig[];
}

export interface WorkloadConfig {
  requests: RequestConfig[];
  /** Test data: each virtual user takes a row, whose columns are variables. */
  data?: DataConfig;
  /** A cookie jar per virtual user: Set-Cookie kept, Cookie sent. Default false. */
  cookies?: boolean;
  /** A pause between a user's requests: '1s', or ['500ms', '2s'] drawn uniformly. Default none. */
  think?: DurationInputOrRange;
  connections?: number;
  pipelining?: number;
  rate?: number;
  maxConnections?: number;
  /** The load moves: see LoadConfig.stages. */
  stages?: StageConfig[];
  /**
   * An attack run beside the workload's normal users: the workload is measured without it first,
   * then with it, on the same deployment.
   */
  attack?: AttackConfig;
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
  /** Named request mixes; may be left out when the scenario has connectionCost. */
  workloads?: Record<string, WorkloadConfig>;
  load?: LoadConfig;
  slo?: SloConfig;
  scaleWhen?: ScaleWhenConfig;
  /** Share of requests (0 to 1) that may fail (errors, timeouts, non-2xx) before the errors verdict fails. Default 0. */
  errorTolerance?: number;
  /** Name of the topology the others are compared against on each workload. Default: the first. */
  compareTo?: string;
  /** Gates: 'p99 < 150ms', or { expr: 'rps > 2000', topology: 'cluster', workload: 'cpu' }. A failed one makes the run exit 1. */
  thresholds?: (string | ThresholdConfig)[];
  /** Faults on the timeline of every trial: { at: '5s', action: 'kill-worker' }, optionally scoped to one topology. */
  events?: EventConfig[];
  /**
   * What an idle keep-alive connection costs each process: after the workloads, each topology
   * holds these counts of connections in turn and its processes' memory is fitted against them.
   * With it, `workloads` may be left out.
   */
  connectionCost?: ConnectionCostConfig;
}

/** A threshold with a scope, or judged while each trial runs. */
export interface ThresholdConfig {
  expr: string;
  topology?: string;
  workload?: string;
  /** Judge it while each trial runs, over the trial so far, and stop the trial once it fails (k6's abortOnFail). */
  abortOnFail?: boolean;
  /** With abortOnFail: not judged before the measured phase has run this long, e.g. '1s' (k6's delayAbortEval). */
  abortAfter?: DurationInput;
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
  runtime: Runtime;
  /** Absolute: app.cwd, or the folder of the nearest package.json above the entry. */
  cwd: string;
}

/** What every validated topology has; each kind's spec adds its own fields. */
export interface TopologySpecBase {
  name: string;
  /** One of the catalogue's kinds (src/deploy/topologies/index.ts); each spec type names its own. */
  kind: string;
  instances: number;
  /** What runs the app: the topology's own `runtime`, else the app's. */
  runtime: Runtime;
  /** The topology's own name when it is one count of a scaling sweep (`instances: [1, 2, 4]`); its name is then e.g. 'cluster×2'. */
  sweep?: string;
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
  /** Set when the scenario measures what a connection costs. */
  connectionCost?: ConnectionCostSpec;
}

/** A validated request; `name` is always set by validation (optional for requests built in code: see requestName). */
export interface RequestSpec extends Partial<Pick<RequestFlowSpec, 'name'>>, Omit<RequestFlowSpec, 'name'> {
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
  /**
   * The load moves: from `rate` (open) or `connections` (closed) through each stage's target in
   * turn; durationMs is then the sum of the stages. Absent: the load holds from start to end.
   */
  stages?: StageSpec[];
}

export interface WorkloadSpec {
  name: string;
  requests: RequestSpec[];
  /** Set when the workload is a flow; absent for a fixed mix of requests. */
  flow?: FlowSpec;
  load: LoadSettings;
  /** When set, the workload's trial runs once without it (the reference) and once with it. */
  attack?: AttackSpec;
}
