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
  /** Topologies left out because they cannot run here (e.g. nginx not installed); the rest of the run went on. */
  skipped: SkippedTopology[];
  comparisons: Comparison[];
  gate: { passed: boolean; failures: string[] };
  /** Warnings about the run as a whole, as data every renderer shows. */
  warnings: string[];
  /** The run in plain words, one sentence a line, shown at the top of every report. */
  summary?: string[];
}

/** A topology the run left out because it cannot run on this machine. */
export interface SkippedTopology {
  topology: string;
  reason: string;
}

export interface Environment {
  node: string;
  os: string;
  cpus: number;
  cpuModel: string;
  memoryBytes: number;
  /**
   * The memory the run's processes may use together: the cgroup limit when one binds (a
   * container), else the physical memory. Absent in reports of versions that did not record it.
   */
  memoryLimitBytes?: number;
  memoryLimitSource?: 'cgroup' | 'physical';
}

export interface ScenarioSummary {
  name: string;
  description: string;
  file: string;
  slo: { p50: number; p99: number };
  scaleWhen: { cpu: number; latencyMs: number; memory: number; connectionsPerInstance: number };
  thresholds: string[];
  /** Share of failed requests (errors and non-2xx) a trial may have and still pass the errors verdict: 0 to 1. */
  errorTolerance: number;
  /** The topology every other is compared against on each workload; null: the first one that ran. */
  compareTo: string | null;
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

/**
 * 'no-data': the rule's input could not be measured (no response, no /proc, no in-app agent).
 * It is never a pass; a consumer that knows only pass, warn and fail should treat it as warn.
 */
export type VerdictStatus = 'pass' | 'warn' | 'fail' | 'no-data';

/** One rule's judgement of one trial (the rules and their units: src/analysis/verdicts/). */
export interface Verdict {
  /** Stable name of the rule, e.g. 'slo-p99', 'scale-cpu'. */
  id: string;
  status: VerdictStatus;
  /** What was measured, in the unit of limit; null when it could not be (always so for 'no-data'). */
  value: number | null;
  /** The threshold value was judged against. */
  limit: number;
  /** For a person: what was seen and, when it is not a pass, what to do. Starts "not enough data:" for 'no-data'. */
  message: string;
}

/** Whether two trials served the same thing, so that comparing their figures is like for like. */
export interface Parity {
  ok: boolean;
  /** One line per difference, e.g. 'bytes per response: 1.2 KiB against 152 B (+690%)'; empty when ok. */
  differences: string[];
}

/** A topology against the baseline (the scenario's compareTo, else the first topology that ran), on one workload. */
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
  /** Status-code mix and bytes per response against the baseline's; null when either received no response. */
  parity: Parity | null;
}
