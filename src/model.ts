/**
 * The result model: what a run produced, as plain serialisable data. It is written as
 * `reports/<scenario>-<timestamp>.json` with schema id `loadlab/run@1`; its field names are a
 * public contract and never change meaning within that schema id.
 */
import type { EventAction, LoadSettings, TopologyKind } from './scenario/types.js';

export const reportSchema = 'loadlab/run@1';

/** A check of the outcome that did not pass: what kind of check, and its line for a person. */
export interface OutcomeCheck {
  source: 'threshold' | 'regression' | 'verdict';
  message: string;
}

/**
 * The run's one outcome (src/analysis/outcome.ts), which the headline of every report, the step
 * summary, JUnit and the exit code all read: 'inconclusive' means a check could not be judged,
 * which is not a pass (exit 1) unless inconclusivePolicy is 'warn'.
 */
export interface Outcome {
  status: 'passed' | 'failed' | 'inconclusive';
  /** What the command exits with for this outcome (an interrupted run, or one that could not be done, exits otherwise). */
  exitCode: 0 | 1;
  inconclusivePolicy: 'fail' | 'warn';
  /** Failed thresholds, regressions and failed trial verdicts, one line each. */
  failed: OutcomeCheck[];
  /** Checks that could not be judged, each with what to do. */
  inconclusive: OutcomeCheck[];
  /** Trial verdicts with no data (not a gate: they describe what could be measured here). */
  unjudgedVerdicts: number;
  /** One sentence: the first line of every report. "Every check passed." only when exitCode is 0 and nothing was unjudged. */
  headline: string;
}

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
  gate: {
    passed: boolean;
    failures: string[];
    /** Every threshold judged against every trial in its scope (src/analysis/thresholds/); absent when the run had none. */
    thresholdResults?: ThresholdResult[];
  };
  /** Warnings about the run as a whole, as data every renderer shows. */
  warnings: string[];
  /** The run in plain words, one sentence a line, shown at the top of every report. */
  summary?: string[];
  /** Per topology × workload over its repeats (--repeat N): median and 95% interval; absent in reports of versions without it. */
  repeats?: RepeatSummary[];
  /** The comparison with --baseline, when one was given. */
  regression?: RegressionReport;
  /** The outcome every report and the exit code read; absent in reports of versions without it (then gate and verdicts tell). */
  outcome?: Outcome;
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
  /** The app's entry that was measured and its commit; absent in reports of versions that did not record it. */
  app?: EntryVersion;
}

/** Which code a run measured. */
export interface EntryVersion {
  /** The app's entry file, absolute. */
  entry: string;
  /** The commit of the git checkout the entry lies in; null outside one (or without git). */
  commit: string | null;
  /** Whether that checkout had uncommitted changes to tracked files; null when unknown. */
  dirty: boolean | null;
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
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

/**
 * The measured phase in short windows of one width, for the regression statistics (compare,
 * --baseline, ab; see docs/ci.md): at least 20 in a 2 s phase where the load allows, each with
 * 10 responses or more on average. The per-second series is for people; these are for the tests.
 */
export interface StatWindows {
  widthMs: number;
  points: WindowPoint[];
}

/** The spread of a trial's windows: how far to trust a difference of a few percent. */
export interface TrialNoise {
  windows: number;
  widthMs: number;
  /** Standard deviation ÷ mean of the windows' requests per second (the last window left out); null when the mean is 0. */
  rpsCv: number | null;
}

/** One window; t is its start, in seconds from the phase start. */
export interface WindowPoint {
  t: number;
  responses: number;
  errors: number;
  /** Responses ÷ the window's length (the last window's true length). */
  rps: number;
  /** Null when the window had no response. */
  p50Ms: number | null;
  p99Ms: number | null;
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
  /** 1-based repeat of this topology × workload (see --repeat). */
  repeat: number;
  /** In an A/B run (`loadlab ab`): whether this trial ran the app or its base version. */
  variant?: 'base' | 'current';
  /** 'open' when load.rate is set (a fixed arrival rate), else 'closed' (connections that wait for their answer). */
  load: LoadSettings & { model: 'closed' | 'open' };
  /** Stamped by the load driver; probe series are sliced by these, never guessed. */
  phases: { warmup: Phase; measured: Phase };
  /** Closed model: from each request's send. Open model: from its intended start (what a user waits; coordinated-omission correct). */
  latencyMs: LatencySummary;
  /** Open model only: from the actual send to the answer (service time); below latencyMs when requests waited for a connection. */
  serviceLatencyMs?: LatencySummary;
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
  /** The load generator's own health: when it is the bottleneck, the figures describe the client. */
  client: ClientHealth;
  verdicts: Verdict[];
  /** The scenario's events that applied to this trial, in time order; absent when none did. */
  events?: TrialEvent[];
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
  /** Status-code mix, bytes per response and content-encoding against the baseline's; null when either received no response. */
  parity: Parity | null;
  /** Why the speed-up cannot be believed (above what the processes and cores could add), with the advice; absent when it can. */
  suspect?: string;
  /** With repeats on both sides: false when the 95% intervals of their rps overlap (no clear difference); absent without repeats. */
  clearDifference?: boolean;
}

/**
 * One threshold judged against one trial, or against none when its scope matched no trial.
 * 'no-data' (the metric could not be measured, or nothing matched the scope) is never a pass.
 */
export interface ThresholdResult {
  /** The expression as written, e.g. 'p99 < 150ms'. */
  threshold: string;
  /** The scope as written; neither field: every trial. */
  scope: { topology?: string; workload?: string };
  /** The trial judged; null when the scope matched no trial. */
  trial: { topology: string; workload: string; repeat: number; variant?: 'base' | 'current' } | null;
  status: 'pass' | 'fail' | 'no-data';
  /** What was measured, in the metric's base unit (ms, a fraction, bytes or a count); null for 'no-data'. */
  value: number | null;
  /** The expression's number, in the same unit. */
  limit: number;
  /** For a person, e.g. 'p99 < 150ms: cluster on cpu had p99 211 ms'. */
  message: string;
}

/** One figure over the repeats of a topology × workload. */
export interface RepeatEstimate {
  /** Median of the repeats' values: the figure to quote, robust to one disturbed repeat. */
  median: number;
  mean: number;
  /** 95% confidence interval of the mean (Student's t over the repeats); null with fewer than two repeats. */
  ci95: { low: number; high: number } | null;
  /** Each repeat's value, in repeat order. */
  values: number[];
}

/** A topology × workload over its repeats (src/analysis/repeats.ts). */
export interface RepeatSummary {
  topology: string;
  workload: string;
  /** In an A/B run, which side these repeats ran. */
  variant?: 'base' | 'current';
  /** Trials summarised. */
  repeats: number;
  /** Requests per second of each repeat's measured phase. */
  rps: RepeatEstimate;
  /** Latency in ms; null when no repeat received a response. Repeats without a response are left out. */
  p50Ms: RepeatEstimate | null;
  p99Ms: RepeatEstimate | null;
}


/*
 * The regression comparison of two runs (loadlab compare, run --baseline, ab): computed by
 * src/analysis/regression/, embedded in a run report made with --baseline.
 */

export type Direction = 'lower-is-better' | 'higher-is-better';

/**
 * 'not-enough-data' — a side has no sample, the base median is 0, or there are too few samples
 * for any difference to be significant — is never a pass (see RegressionReport.passed).
 */
export type ChangeVerdict = 'regression' | 'improvement' | 'no-change' | 'not-enough-data';

export interface SampleComparison {
  verdict: ChangeVerdict;
  baseMedian: number | null;
  currentMedian: number | null;
  baseCount: number;
  currentCount: number;
  /** (current median − base median) ÷ base median: +0.2 is 20% higher; null when there is no base median to divide by. */
  change: number | null;
  /** Two-sided Mann–Whitney p-value of current against base: whether they differ at all. */
  pValue: number | null;
  /**
   * Two-sided Mann–Whitney p-value of current against base scaled to the edge of the tolerance
   * in the direction of the change (× 1.1 for +10%): whether they differ by more than the
   * tolerance. Null when the change is within the tolerance (there is nothing to test).
   */
  pBeyondTolerance: number | null;
  /** The verdict's reason in plain words, without the metric's name or figures: 'within the 10% tolerance'. */
  reason: string;
}

export type RegressionMetric = 'p50' | 'p99' | 'rps';

/** One metric of one topology × workload, base against current. Medians in ms (p50, p99) or requests per second (rps). */
export interface MetricComparison extends SampleComparison {
  metric: RegressionMetric;
  direction: Direction;
  /**
   * Each run's own figure over its whole measured phase (the median over repeats): what its
   * report shows, beside the medians of the samples that were tested. Null without a response.
   */
  baseRun: number | null;
  currentRun: number | null;
  /** For a person: 'cluster on cpu: p99 +23.5% (31.2 ms → 38.5 ms): worse by more than the 10% tolerance, significantly (p < 0.001)'. */
  message: string;
}

export interface TrialKey {
  topology: string;
  workload: string;
}

/**
 * What one sample is: a short window of the measured phase (StatWindows; its width on each
 * side), or one second of the series when a side's report has no windows (an older version).
 */
export interface SampleUnit {
  unit: 'window' | 'second';
  widthMs: { base: number; current: number };
}

export interface TrialComparison extends TrialKey {
  /** Trials (repeats) on each side whose samples were pooled. */
  repeats: { base: number; current: number };
  samples: SampleUnit;
  metrics: MetricComparison[];
}

/** Enough of a run to say which one it was. */
export interface RunIdentity {
  scenario: string;
  startedAt: string;
  loadlab: string;
  node: string;
  cpus: number;
  cpuModel: string;
}

export interface RegressionReport {
  base: RunIdentity;
  current: RunIdentity;
  maxRegression: number;
  alpha: number;
  /** Per topology × workload that ran in both, in the current run's order. */
  comparisons: TrialComparison[];
  /** Ran in one run only: listed, not compared. */
  onlyInBase: TrialKey[];
  onlyInCurrent: TrialKey[];
  /** A metric of some topology × workload regressed. */
  regressed: boolean;
  /** No regression, nothing inconclusive, and something was compared: what a gate requires. */
  passed: boolean;
  /** Each regression, one line each. */
  regressions: string[];
  /**
   * What could not be judged, one line each with what to do: a metric without enough samples, a
   * topology × workload on one side only, nothing compared at all. Never a pass (see outcome.ts).
   */
  inconclusive: string[];
  /** What makes the comparison mean less than it says: different machines, different load settings. */
  warnings: string[];
}


/*
 * `loadlab capacity`: the highest request rate each topology sustains within the SLO, written
 * as `reports/<scenario>-capacity-<timestamp>.json` with schema id `loadlab/capacity@1`.
 */

export const capacitySchema = 'loadlab/capacity@1';

export interface CapacityReport {
  schema: typeof capacitySchema;
  loadlab: string;
  startedAt: string;
  finishedAt: string;
  /** True when the search was stopped early (Ctrl-C, SIGTERM, an error): the results are what was measured before. */
  interrupted: boolean;
  environment: Environment;
  scenario: ScenarioSummary;
  /** How the search ran: the same for every topology × workload. */
  search: CapacitySearchSettings;
  /** One per topology × workload, in the order run. */
  results: CapacityResult[];
  skipped: SkippedTopology[];
  /** One per workload when a target rate was given (--target-rps), else empty. */
  sizing: CapacitySizing[];
  /** Warnings as data every renderer shows (client bottleneck, Little's law off, a capacity that is only a lower bound). */
  warnings: string[];
  /** The result in plain words, one sentence a line. */
  summary: string[];
}

export interface CapacitySearchSettings {
  /** Each step: an open-model warm-up, then a measured phase, on the same running deployment. */
  stepWarmupMs: number;
  stepDurationMs: number;
  /** The closed-model probe that chose the starting rate (0: none, startRps given). */
  probeDurationMs: number;
  /** The step-up factor (and step-down divisor). */
  growth: number;
  /** Bisection stops when the lowest failing rate is within this fraction above the highest passing one. */
  precision: number;
  maxSteps: number;
  /** Highest rate tried; null: no limit but maxSteps. */
  maxRps: number | null;
  /** A step passes only if it sent at least this fraction of its target rate. */
  minAchievedRatio: number;
  /** A Little's-law check is flagged when in-flight ÷ (rate × mean latency) is off 1 by more than this. */
  littlesLawTolerance: number;
  /** Pause after a failing step so that the server's backlog drains before the next. */
  cooldownMs: number;
  /** Times a rate whose step failed while disturbed is measured again. */
  retries: number;
  /** A step is disturbed when other processes used more than this many cores in any probe interval of it. */
  disturbedCpu: number;
  /** --target-rps, when given. */
  targetRps: number | null;
  /** How long the found rate is held to confirm it (--confirm); 0: not confirmed. Absent in reports of versions without it. */
  confirmMs?: number;
  /** Rates the confirmation tries at most, each a step down (×confirmStepDown) from the last that failed. */
  confirmAttempts?: number;
  confirmStepDown?: number;
}

/** Why a search ended: see src/capacity/search.ts. */
export type CapacityStop = 'converged' | 'max-rps' | 'max-steps' | 'min-rps' | 'interrupted';

export interface CapacityResult {
  topology: string;
  kind: TopologyKind;
  instances: number;
  workload: string;
  /**
   * The highest rate that passed, below every rate that failed: the confirmed rate when the
   * search's result was confirmed; null when no step passed, or when no rate could be confirmed.
   */
  capacityRps: number | null;
  /** The lowest rate that failed above the capacity (a confirmation's failures included); null when none failed (then the capacity is a lower bound). */
  failedRps: number | null;
  /** What the search alone found, before the confirmation; absent in reports of versions without one. */
  foundRps?: number | null;
  /** Holding the found rate for longer; null when there was nothing to confirm or --confirm 0; absent in older reports. */
  confirmation?: CapacityConfirmation | null;
  stop: CapacityStop;
  /** Responses per second of the closed-model probe that chose the starting rate; null when there was none. */
  probeRps: number | null;
  /** Every step, in the order measured. */
  steps: CapacityStep[];
  /** Where p99 starts to climb steeply (see src/analysis/capacity-knee.ts); null when it did not within the rates measured. */
  knee: CapacityKnee | null;
  /** Each process's CPU at the capacity (the step that set it); null when no step passed. */
  cpuAtCapacity: ProcessCpu[] | null;
  /**
   * The failure above the capacity was loadlab's own limit (the load generator was the
   * bottleneck at failedRps): the server may sustain more, and the capacity is a lower bound.
   */
  clientLimited: boolean;
}

/** The found rate held for confirmMs, then each a step down, until one held. */
export interface CapacityConfirmation {
  durationMs: number;
  /** The rate that held; null when none did. */
  confirmedRps: number | null;
  /** Every hold measured, in order (a disturbed failure measured again is not counted). */
  steps: CapacityStep[];
}

export interface CapacityStep {
  /** The arrival rate asked for, and the rate requests were actually sent at, in requests per second. */
  targetRps: number;
  achievedRps: number;
  /** From each request's intended start (what a user waits; coordinated-omission correct). */
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  /** p99 from the actual send (service time): below latencyMs.p99 when requests waited for a connection. */
  serviceP99Ms: number;
  /** Responses received in the measured phase. */
  responses: number;
  /** Connection errors and timeouts (a timeout counts in both). */
  errors: number;
  timeouts: number;
  non2xx: number;
  /** Requests never sent: every connection was busy until the phase ended. */
  dropped: number;
  /** Requests that waited for a free connection (their wait is in latencyMs). */
  delayed: number;
  /** The connection cap of the step, and the most connections open at once. */
  maxConnections: number;
  connectionsUsed: number;
  passed: boolean;
  /** Why it failed, in plain words; empty when it passed. */
  reason: string;
  phases: { warmup: Phase; measured: Phase };
  /** Mean CPU of each server process over the measured phase (fractions of one core); null where unavailable. */
  cpuByProcess: ProcessCpu[];
  /** loadlab's own CPU over the measured phase, in fractions of one core; null when not probed. */
  clientCpu: number | null;
  /** loadlab itself was the bottleneck (its CPU or its event loop; see ClientHealth): the step describes the load generator. */
  clientBottleneck: boolean;
  /**
   * CPU used on this machine by processes other than the deployment and loadlab, per probe
   * interval of the measured phase, in cores (mean and peak); null when it could not be
   * measured (no probes, an external server).
   */
  othersCpu: Figure | null;
  /** othersCpu's peak was above the limit (src/analysis/capacity-disturbance.ts): a failure may be the machine's, not the server's. */
  disturbed: boolean;
  /** Whether the search believed this step: false for a disturbed failure measured again, and a step cut short by Ctrl-C. */
  counted: boolean;
  /** Null when there was no response to check it with. */
  littlesLaw: LittlesLaw | null;
}

export interface ProcessCpu {
  pid: number;
  role: ProcessRole;
  /** Fraction of one core: 1.0 = one core busy; null when it could not be measured. */
  cpu: number | null;
}

/**
 * Little's law, L = λ·W: the time-averaged number of requests outstanding (from their intended
 * start) against the arrival rate × their mean latency, over one step.
 */
export interface LittlesLaw {
  /** Measured by the driver: mean requests outstanding. */
  inFlight: number;
  /** targetRps × mean latency (intended start). */
  expected: number;
  /** inFlight ÷ expected; null when expected is 0. */
  ratio: number | null;
  /** Within the tolerance (20%). */
  ok: boolean;
}

/** The last step before p99 climbs steeply, and the first step after. */
export interface CapacityKnee {
  rps: number;
  p99Ms: number;
  /** The next rate measured above it, and its p99 (null: that step got no response). */
  nextRps: number;
  nextP99Ms: number | null;
}

/** How many instances a target rate needs, per workload, from the capacities measured. */
export interface CapacitySizing {
  workload: string;
  targetRps: number;
  /** One per topology whose capacity is known. */
  options: SizingOption[];
  /** What the figures assume, in plain words. */
  assumptions: string[];
}

export interface SizingOption {
  topology: string;
  kind: TopologyKind;
  instances: number;
  capacityRps: number;
  /** capacityRps ÷ instances. */
  perInstanceRps: number;
  /** perInstanceRps ÷ the one-instance capacity; null without a one-instance topology on the workload. */
  scalingEfficiency: number | null;
  /** ceil(targetRps ÷ perInstanceRps): instances of this kind the target needs. */
  instancesNeeded: number;
  /** True when the capacity is only a lower bound (no rate failed, or the load generator was the limit): fewer instances may do. */
  lowerBound: boolean;
}
