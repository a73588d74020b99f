import type { AttackResult } from './attack.js';
import type { ClientHealth, ProbeSummary } from './probes.js';
import type { EventAction, LoadModel, ProcessRole, RequestErrorKind, TopologyKindName } from './vocabulary.js';
import type { LatencySummary, Phase, ProcessInfo } from './common.js';
import type { Verdict } from './verdict.js';
import type { Breakpoint, TrialAbort, TrialStage } from './staged.js';

export type { Breakpoint, BreakpointMetric, TrialAbort, TrialStage } from './staged.js';
export type { FlowFigures, RequestFigures } from './request-figures.js';
export type { StatWindows, WindowPoint } from './stat-windows.js';
import type { StatWindows } from './stat-windows.js';
import type { FlowFigures, RequestFigures } from './request-figures.js';

/* One trial of a run report: a topology × workload × repeat, as the load driver and probes measured it. */

/** What came back in a phase, beside the latencies: a trial's counts, and a recording's or shard's. */
export interface ResponseCounts {
  /** Connection errors and timeouts (a timeout counts in both). */
  errors: number;
  timeouts: number;
  /**
   * Errors by cause, where loadlab knows it (each is among `errors`); absent when none had a
   * known cause. 'open-files': a connection the load generator could not open because it ran
   * out of open files (the load was lighter than asked).
   */
  errorKinds?: Partial<Record<RequestErrorKind, number>>;
  /** Responses whose status was not 2xx. */
  non2xx: number;
  /** Responses per status code. */
  statusCodes: Record<string, number>;
  /** Response bytes (headers and body) received in the measured phase. */
  bytes: number;
}

export interface RequestCounts extends ResponseCounts {
  /** Responses received in the measured phase. */
  total: number;
  /** total ÷ measured seconds. */
  rps: number;
  /** Open model only: the arrival rate asked for, in requests per second. */
  targetRps?: number;
  /**
   * Open model only: the rate requests of the measured phase were sent at, answered or not
   * (rps counts answers only): what the arrival rate is judged by.
   */
  sentRps?: number;
  /**
   * Open model only: requests of the measured phase never sent, because every one of
   * maxConnections was still busy when the phase ended (requests that waited and went out late
   * are not dropped: their wait is in latencyMs).
   */
  dropped?: number;
  /**
   * Open model only: requests of the measured phase that found every connection busy at their
   * intended start and went out late, once one was free (their wait is in latencyMs, not in
   * serviceLatencyMs). Many of them mean maxConnections, not the server, set the pace.
   */
  delayed?: number;
}

/** One second of the measured phase; t is the second's start, in seconds from the phase start. */
export interface SeriesPoint {
  t: number;
  rps: number;
  /** Null when nothing answered in that second: no answer is not zero latency. */
  p50Ms: number | null;
  p99Ms: number | null;
  errors: number;
}

/** The spread of a trial's windows: how far to trust a difference of a few percent. */
export interface TrialNoise {
  windows: number;
  widthMs: number;
  /** Standard deviation ÷ mean of the windows' requests per second (the last window left out); null when the mean is 0. */
  rpsCv: number | null;
}

export interface TrialResult {
  topology: string;
  kind: TopologyKindName;
  instances: number;
  /**
   * When the topology is one count of a scaling sweep (`instances: [1, 2, 4]`): the sweep's name,
   * the topology's own (the trial's topology is then e.g. 'cluster×2'). Absent otherwise.
   */
  sweep?: string;
  workload: string;
  /** 1-based repeat of this topology × workload (see --repeat). */
  repeat: number;
  /** In an A/B run (`loadlab ab`): whether this trial ran the app or its base version. */
  variant?: 'base' | 'current';
  load: TrialLoad;
  /** Stamped by the load driver; probe series are sliced by these, never guessed. */
  phases: { warmup: Phase; measured: Phase };
  /**
   * Closed model: from each request's send. Open model: from its intended start (what a user
   * waits; coordinated-omission correct). Null when nothing answered in the measured phase: no
   * answer is not zero latency (reports of earlier versions have zeros there).
   */
  latencyMs: LatencySummary | null;
  /** Open model only: from the actual send to the answer (service time); below latencyMs when requests waited for a connection. Null as latencyMs. */
  serviceLatencyMs?: LatencySummary | null;
  requests: RequestCounts;
  /**
   * Each request of the workload's mix, sent once just before the warm-up (in no phase's
   * figures), with what the server answered it with; parity compares it between topologies.
   * Absent in reports of versions that did not take it.
   */
  responseSample?: SampledResponse[];
  series: SeriesPoint[];
  /** Short windows for the regression statistics; absent in reports of versions without them (then the series is used). */
  windows?: StatWindows;
  /** How noisy the trial was, from its windows (set by analysis); absent without windows. */
  noise?: TrialNoise;
  /** Every process of the deployment seen during the trial (a re-forked worker adds a pid). */
  processes: ProcessInfo[];
  /** What the server processes did during the measured phase. */
  probes: ProbeSummary;
  /** What the deployment warned of, in words (e.g. the probes found no process of an external command that listens); absent when nothing. */
  warnings?: string[];
  /** The load generator's own health: when it is the bottleneck, the figures describe the client. */
  client: ClientHealth;
  verdicts: Verdict[];
  /**
   * The trial's timeline, in time order: the scenario's events that applied to it, and every
   * process of the deployment that exited during its warm-up or measured phase (entries of kind
   * 'process-exit'). Absent when there was neither.
   */
  events?: TimelineEntry[];
  /**
   * Figures per request of the workload, keyed by its name (`name`, else `METHOD /path` as
   * written), from an HDR histogram per name merged exactly across generator threads and shards.
   * Absent in reports of versions without it.
   */
  byRequest?: Record<string, RequestFigures>;
  /** A flow's virtual users and test data; absent when the workload is no flow. */
  flow?: FlowFigures;
  /**
   * A staged trial (load.stages): where the target first broke as the load moved, judged on
   * rolling windows of the measured phase; null when it held throughout. Absent in a trial
   * without stages. Set by analysis.
   */
  breakpoint?: Breakpoint | null;
  /** Set when the trial was stopped early because a threshold failed while it ran (--abort-on-fail, abortOnFail). */
  aborted?: TrialAbort;
  /**
   * When the workload has an attack: the trial's figures are its normal users' under the attack,
   * and this is the attack and what the same users got without it. Absent otherwise.
   */
  attack?: AttackResult;
}

/**
 * The load settings a trial ran with. Its own type, not the scenario's: the report's fields are a
 * contract, and an input type that changes must not change them.
 */
export interface TrialLoad {
  connections: number;
  pipelining: number;
  durationMs: number;
  warmupMs: number;
  timeoutMs: number;
  /** Requests per second (open model); absent in a closed-model trial. */
  rate?: number;
  /** Open model only: the most connections the pacer might open. */
  maxConnections?: number;
  /** 'open' when rate is set (a fixed arrival rate), else 'closed' (connections that wait for their answer). */
  model: LoadModel;
  /** Load generator threads that drove the trial (shards merged: all of them); absent when one did. */
  generators?: number;
  /** Shards that drove the trial together (`--shard I/N`, then `loadlab merge`); absent in a run on one machine. */
  shards?: number;
  /**
   * A staged trial: from `rate` (open) or `connections` (closed) the load moved linearly to each
   * stage's target over its duration, in turn; durationMs is their sum. Absent when the load held.
   */
  stages?: TrialStage[];
}

/** One request of a workload's mix as the server answered it once, before the load. */
export interface SampledResponse {
  method: string;
  path: string;
  /**
   * The response's Content-Encoding, lower-cased: 'identity' when the header was absent, else
   * e.g. 'gzip' or 'br'. Null when the request failed (unknown; see error).
   */
  contentEncoding: string | null;
  /** Why the request failed, when it did. */
  error?: string;
}

/** An event of a trial's timeline (a fault loadlab caused), with what it did to the load. */
export interface TrialEvent {
  action: EventAction;
  /** When it was planned, in ms from the start of the measured phase. */
  atMs: number;
  /** When it actually began, in ms from the start of the measured phase; null when it never did (skipped). */
  startedMs: number | null;
  /** When the deployment served as before again, in ms from the start of the measured phase; null when it did not finish. */
  endedMs: number | null;
  status: 'done' | 'failed' | 'skipped';
  /** What happened, in words: which pids were replaced, why it failed or was skipped. */
  detail: string;
  /** Set by analysis for a done event: the load's series around it. */
  impact?: EventImpact;
}

/** An entry of a trial's timeline: an event loadlab caused (no `kind`), or a process that exited. */
export type TimelineEntry = TrialEvent | ProcessExitEvent;

/**
 * A process of the deployment that exited during the trial: killed, crashed, or ended by the
 * deployment itself (a cluster reload retires its workers).
 */
export interface ProcessExitEvent {
  kind: 'process-exit';
  pid: number;
  role: ProcessRole;
  /** Its exit code, or the signal that ended it; both null when the deployment could not tell (a process manager's workers, a balancer's). */
  code: number | null;
  signal: string | null;
  /** When loadlab learnt of it, in ms from the start of the measured phase (negative in the warm-up, and before it). */
  atMs: number;
  /**
   * 'before': earlier than the trial (in a trial before it on the same deployment, or between
   * trials), listed because nothing replaced it and the deployment had no process of its role
   * left when this trial began: the whole trial ran without it.
   */
  phase: 'before' | 'warmup' | 'measured';
  /** The scenario's event it happened during ('kill-worker', 'reload', …): an exit loadlab caused on purpose; null when none ran. */
  during: EventAction | null;
  /** The process that took its place, when the deployment started one (a cluster primary re-forks, a process manager restarts); null when none did. */
  replacedBy: { pid: number | null; by: string } | null;
}

/** Narrows a timeline entry to a process's exit. */
export function isProcessExit(entry: TimelineEntry): entry is ProcessExitEvent {
  return 'kind' in entry && entry.kind === 'process-exit';
}

/** Narrows a timeline entry to an event loadlab caused. */
export function isTrialEvent(entry: TimelineEntry): entry is TrialEvent {
  return !isProcessExit(entry);
}

/**
 * The seconds of the series an event touched: from the second it began in to the second one
 * second after it ended (a dropped connection shows up when its request times out or retries).
 */
export interface EventImpact {
  /** First and last `t` of the series points counted. */
  fromS: number;
  toS: number;
  /** Errors (connection errors and timeouts) in those seconds. */
  errors: number;
  /** The highest per-second p99 in those seconds; null when none had a response. */
  p99DuringMs: number | null;
  /** The median per-second p99 of the seconds before the event; null when there were none. */
  p99BeforeMs: number | null;
}
