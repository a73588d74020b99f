import type { LatencySummary, Phase } from '../../contract/common.js';
import type { GeneratorHealth } from '../../contract/probes.js';
import type { FlowFigures, RequestCounts, RequestFigures, SeriesPoint, StatWindows } from '../../contract/trial.js';

/** What a load driver measured in one trial. */
export interface LoadResult {
  phases: { warmup: Phase; measured: Phase };
  /** Null when nothing answered in the measured phase. */
  latencyMs: LatencySummary | null;
  requests: RequestCounts;
  series: SeriesPoint[];
  /** Short windows of the measured phase, for the regression statistics. */
  windows: StatWindows;
  /** True when the load was stopped before its measured phase ended. */
  interrupted: boolean;
  /** Set by the open-model driver only (src/measure/drivers/open/open-model.ts): figures of a fixed arrival rate. */
  open?: OpenFigures;
  /** The generator threads, when the load ran in several (generators, shards); absent when one thread drove it. */
  generators?: GeneratorHealth[];
  /** Per request name, when the driver told requests apart. */
  byRequest?: Record<string, RequestFigures>;
  /** A flow's users and data rows. */
  flow?: FlowFigures;
}

/**
 * The open model's own figures, all over the measured phase. Its latencyMs (above) runs from
 * each request's intended start; requests.targetRps and requests.dropped repeat two of these.
 */
export interface OpenFigures {
  /** The arrival rate asked for, in requests per second. */
  targetRps: number;
  /** Requests of the measured phase (by intended start) that were sent, answered or not, ÷ its seconds: never above the rate. */
  achievedRps: number;
  /** Requests of the measured phase never sent: every connection was still busy when the phase ended. */
  dropped: number;
  /** Requests of the measured phase that found all maxConnections busy and went out late; their wait is in latencyMs. */
  delayed: number;
  /** From the actual send to the answer: the service time, without the wait for a connection. */
  serviceLatencyMs: LatencySummary | null;
  /** The most connections open at once (never more than maxConnections). */
  maxConnectionsUsed: number;
  /** Time-averaged number of requests outstanding (from intended start to answer, error or phase end); Little's law: ≈ rate × mean latency. */
  meanInFlight: number;
}

export interface LoadProgress {
  phase: 'warmup' | 'measured';
  elapsedMs: number;
  totalMs: number;
  /** Responses per second over the last progress interval. */
  recentRps: number;
}

/**
 * Called once when the measured phase begins, with its start as a performance.now() time in
 * ms: what the measured phase's offsets (the series' t, an event's atMs) count from.
 */
export type MeasuredStartHook = (startedAt: number) => void;
