import type { CapacityWarningId } from './capacity-warning.js';
import type { TopologyKindName } from './vocabulary.js';
import type { Figure, Phase, ProcessCpu, ReportHeader, SkippedTopology } from './common.js';

/*
 * `loadlab capacity`: the highest request rate each topology sustains within the SLO, written
 * as `reports/<scenario>-capacity-<timestamp>.json` with schema id `loadlab/capacity@1`.
 */

export const capacitySchema = 'loadlab/capacity@1';

export interface CapacityReport extends ReportHeader {
  schema: typeof capacitySchema;
  /** How the search ran: the same for every topology × workload. */
  search: CapacitySearchSettings;
  /** One per topology × workload, in the order run. */
  results: CapacityResult[];
  skipped: SkippedTopology[];
  /** One per workload when a target rate was given (--target-rps), else empty. */
  sizing: CapacitySizing[];
  /** Warnings as data every renderer shows (client bottleneck, Little's law off, a capacity that is only a lower bound). */
  warnings: string[];
  /** The kind of each of `warnings`, in the same order (contract/capacity-warning.ts); absent in reports of versions without it (read as 'other'). */
  warningIds?: CapacityWarningId[];
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

/** Why a search ended: see src/measure/capacity/search.ts. */
export type CapacityStop = 'converged' | 'max-rps' | 'max-steps' | 'min-rps' | 'interrupted';

export interface CapacityResult {
  topology: string;
  kind: TopologyKindName;
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
  /** Where p99 starts to climb steeply (see src/analysis/capacity/knee.ts); null when it did not within the rates measured. */
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
  /** othersCpu's peak was above the limit (src/analysis/capacity/disturbance.ts): a failure may be the machine's, not the server's. */
  disturbed: boolean;
  /** loadlab's own longest event-loop stall in the measured phase, in ms; null when not probed. */
  clientStallMs?: number | null;
  /**
   * Why a failure may be the machine's or the client's rather than the server's, in words (other
   * processes busy, loadlab sent late, a stall the server recovered from within the step); '' when
   * nothing casts doubt on it, and for every pass. See src/analysis/capacity/doubt.ts.
   */
  doubt?: string;
  /** doubt is not empty: the search measured the rate again before believing the failure. */
  doubtful?: boolean;
  /** Whether the search believed this step: false for a doubtful failure measured again, and a step cut short by Ctrl-C. */
  counted: boolean;
  /** Null when there was no response to check it with. */
  littlesLaw: LittlesLaw | null;
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
  kind: TopologyKindName;
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
