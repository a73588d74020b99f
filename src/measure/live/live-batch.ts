import type { RequestSpec } from '../../scenario/types.js';

/**
 * What one load driver (one generator thread) answered since its last batch: what the live
 * outputs (the Prometheus endpoint, the terminal's live block) are fed with, a few times a
 * second, never once a request. Plain data, so that a generator thread posts it as it is. Counts
 * are since the previous batch; gauges are levels now.
 */
export interface LiveBatch {
  /** Which generator of the trial sent it: 0 for the only one, k for thread k of a pool. */
  generator: number;
  /** The measured phase's answers and failures, per request of the mix that had any: what the report counts. */
  measured: LiveRequestCounts[];
  /** Every phase's answers (warm-up too), for the terminal: their latencies in fine buckets (see latency-buckets.ts). */
  recent: { answered: number; failed: number; fineLatency: [bucket: number, count: number][] };
  /** Open model: requests of the measured phase that went out late, waiting for a free connection. */
  late: number;
  /** Requests outstanding now. */
  inFlight: number;
  /** The arrival rate offered now, requests a second (open model, this generator's share). */
  offeredRps?: number;
  /** Connections driven now (closed model, this generator's share). */
  connections?: number;
}

/** One request of the mix (by its index) in one batch. */
export interface LiveRequestCounts {
  request: number;
  /** By HTTP status ('200'), or for a request that got no answer, why: 'timeout', 'open-files', 'error'. */
  statuses: Record<string, number>;
  /** Answers per duration bucket (durationBoundsSeconds, then +Inf): not cumulative. */
  buckets: number[];
  /** The answers' durations added up, in seconds. */
  sumSeconds: number;
}

/** The `request` label of a request: its name when it has one, else `METHOD /path`. */
export function requestLabel(spec: Pick<RequestSpec, 'method' | 'path'> & { name?: string | undefined }): string {
  return spec.name ?? `${spec.method} ${spec.path}`;
}

/** Receives a driver's batches: in the thread that runs the trial, or across a generator thread's port. */
export type LiveSink = (batch: LiveBatch) => void;
