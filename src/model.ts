/**
 * The result model: what a run produced, as plain serialisable data. It is written as
 * `reports/<scenario>-<timestamp>.json` with schema id `loadlab/run@1`; its field names are a
 * public contract and never change meaning within that schema id.
 */
import type { LoadSettings, TopologyKind } from './scenarios/types.js';

export const reportSchema = 'loadlab/run@1';

export interface RunReport {
  schema: typeof reportSchema;
  loadlab: string;
  startedAt: string;
  finishedAt: string;
  /** True when the run was stopped early (Ctrl-C, SIGTERM, a failed trial): the trials are what was measured before. */
  interrupted: boolean;
  environment: Environment;
  scenario: ScenarioSummary;
  trials: TrialResult[];
  comparisons: Comparison[];
  gate: { passed: boolean; failures: string[] };
  /** Warnings about the run as a whole, as data every renderer shows. */
  warnings: string[];
}

export interface Environment {
  node: string;
  os: string;
  cpus: number;
  cpuModel: string;
  memoryBytes: number;
}

export interface ScenarioSummary {
  name: string;
  description: string;
  file: string;
  slo: { p50: number; p99: number };
  scaleWhen: { cpu: number; latencyMs: number; memory: number; connectionsPerInstance: number };
  thresholds: string[];
}

export interface Phase {
  startedAt: string;
  endedAt: string;
  durationMs: number;
}

export interface LatencySummary {
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
  stdev: number;
}

export interface RequestCounts {
  /** Responses received in the measured phase. */
  total: number;
  /** total ÷ measured seconds. */
  rps: number;
  /** Connection errors and timeouts (a timeout counts in both). */
  errors: number;
  timeouts: number;
  /** Responses whose status was not 2xx. */
  non2xx: number;
  /** Responses per status code. */
  statusCodes: Record<string, number>;
  /** Response bytes (headers and body) received in the measured phase. */
  bytes: number;
}

/** One second of the measured phase; t is the second's start, in seconds from the phase start. */
export interface SeriesPoint {
  t: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

export type ProcessRole = 'primary' | 'worker' | 'instance' | 'balancer' | 'daemon';

export interface ProcessInfo {
  pid: number;
  role: ProcessRole;
}

export interface TrialResult {
  topology: string;
  kind: TopologyKind;
  instances: number;
  workload: string;
  repeat: number;
  load: LoadSettings & { model: 'closed' };
  /** Stamped by the load driver; probe series are sliced by these, never guessed. */
  phases: { warmup: Phase; measured: Phase };
  latencyMs: LatencySummary;
  requests: RequestCounts;
  series: SeriesPoint[];
  /** Every process of the deployment seen during the trial (a re-forked worker adds a pid). */
  processes: ProcessInfo[];
  /** What the server processes did during the measured phase. */
  probes: ProbeSummary;
  /** The load generator's own health: when it is the bottleneck, the figures describe the client. */
  client: ClientHealth;
  verdicts: Verdict[];
}

/** A figure over the measured phase: the mean and the highest of its samples. */
export interface Figure {
  mean: number;
  max: number;
}

/**
 * One process of the deployment over the measured phase. A figure is null when it could not
 * be measured (no /proc, no agent in the process, the process too short-lived): never zero.
 */
export interface ProcessProbe {
  pid: number;
  role: ProcessRole;
  /** Fraction of one core: 1.0 = one core busy. */
  cpu: Figure | null;
  rssBytes: Figure | null;
  fds: Figure | null;
  /** Established TCP connections it holds. */
  connections: Figure | null;
  /** From the in-app agent: mean of each interval's median, highest interval p99, highest delay. */
  eventLoopDelayMs: (Figure & { p99: number }) | null;
  /** From the in-app agent: requests it handled per second, and in all, in the measured phase. */
  requests: (Figure & { total: number }) | null;
  /** V8 heap limit reported by the agent. */
  heapLimitBytes: number | null;
  series: ProcessSeriesPoint[];
}

/** One sample of a process; t in seconds from the start of the measured phase (the load series' axis). */
export interface ProcessSeriesPoint {
  t: number;
  cpu: number | null;
  rssBytes: number;
  fds: number;
  connections: number;
}

/** How evenly work was spread over the serving processes (workers or instances). */
export interface Distribution {
  shares: { pid: number; share: number }[];
  /** Highest share ÷ fair share (1 ÷ processes): 1.0 is perfectly even. */
  imbalance: number;
  /** Jain's fairness index: 1.0 is perfectly even, 1/n is all on one process. */
  jainIndex: number;
}

export interface ProbeSummary {
  intervalMs: number;
  /** Why process figures are missing, when they are: e.g. 'no /proc on this platform'. */
  unavailable: string[];
  processes: ProcessProbe[];
  /** Fraction of all the machine's cores busy, from /proc/stat. */
  hostCpu: Figure | null;
  totals: {
    /** Sum of the processes' mean CPU, in cores. */
    cpu: number | null;
    /** Sum of the processes' peak RSS. */
    rssBytes: number | null;
    /** Sum of the processes' peak connections. */
    connections: number | null;
    /** Requests counted by the agent in all processes. */
    requests: number | null;
  };
  /**
   * Shares of the serving processes. With keep-alive the connections are split once, when
   * they are accepted, and requests then follow their connection: both are reported.
   */
  distribution: { requests: Distribution | null; connections: Distribution | null };
}

export interface ClientHealth {
  /** loadlab's own process, in fractions of one core. */
  cpu: Figure | null;
  eventLoopDelayMs: (Figure & { p99: number }) | null;
  bottleneck: boolean;
  /** Why it is judged a bottleneck, in plain words; empty when it is not. */
  reason: string;
}

export interface Verdict {
  id: string;
  status: 'pass' | 'warn' | 'fail';
  value: number;
  limit: number;
  message: string;
}

/** A topology against the first topology of the scenario, on one workload. */
export interface Comparison {
  workload: string;
  topology: string;
  baseline: string;
  /** rps ÷ the baseline's rps; null when the baseline served nothing. */
  throughputRatio: number | null;
  /** p99 ÷ the baseline's p99 (below 1 is better); null when the baseline has no latency. */
  p99Ratio: number | null;
  /** throughputRatio ÷ (instances ÷ the baseline's instances): 1 means perfect scaling. */
  scalingEfficiency: number | null;
}
