/* What a trial whose load moved (stages) adds to its report: where it broke, and why it stopped early. */

/**
 * Where a staged trial's target first broke: the figure (`metric`) went past its limit in every
 * window of a stretch, not in one (one slow request is no breakpoint).
 */
export interface Breakpoint {
  /** Open model: the arrival rate asked for at that time. Closed model: the throughput of the window it broke in. Requests per second. */
  rps: number;
  /** Closed model only: the connections driving the load at that time. */
  connections?: number;
  /** When it broke: the start of the first window past the limit, in ms from the start of the measured phase. */
  atMs: number;
  /** The figure that failed: p99 or p50 against the SLO, the share of errors against errorTolerance, or a threshold (see `threshold`). */
  metric: BreakpointMetric;
  /** The figure in the first window past the limit: ms for p50 and p99, a share (0 to 1) for errors. */
  value: number;
  /** What it was judged against, in the same unit. */
  limit: number;
  /** metric 'threshold': the threshold as written ('p99 < 120ms'). */
  threshold?: string;
}

export type BreakpointMetric = 'p99' | 'p50' | 'errors' | 'threshold';

/** Why and when a trial was stopped before its end. */
export interface TrialAbort {
  /** When the threshold was judged failed and the load stopped, in ms from the start of the measured phase. */
  atMs: number;
  /** The threshold as written ('p99 < 150ms'), with its scope when it has one. */
  threshold: string;
  /** Its message when it failed, as the gate words it. */
  message: string;
}

/** One stage of a staged trial: a rate in requests/s (open model) or a number of connections (closed). */
export interface TrialStage {
  durationMs: number;
  target: number;
}
