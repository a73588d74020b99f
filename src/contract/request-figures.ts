import type { StatWindows } from './stat-windows.js';

/** One request of a workload, over the measured phase. */
export interface RequestFigures {
  /** total: answers (a failed check is still an answer); rps: total ÷ measured seconds. */
  requests: { total: number; rps: number };
  /** Over every answer; null when none came. */
  latencyMs: { p50: number; p90: number; p99: number; p999: number; max: number } | null;
  /** Failed requests: no answer (closed model: where the request is known), a failed check, a hook that threw, or a non-2xx status where there is no `expect`. */
  errors: number;
  /** Answers that failed the request's `expect`. */
  checksFailed: number;
  /** Answers judged against the request's `expect`; absent when it has none. */
  checked?: number;
  /**
   * The request's own short windows of the measured phase, for the regression statistics per
   * request (compare, --baseline, ab), as the trial's (errors: its failures of any kind). Absent in
   * reports of versions without them.
   */
  windows?: StatWindows;
}

/** What a flow's users did: how many began, and what the test data gave them. */
export interface FlowFigures {
  /** Virtual users (runs of the flow) begun, warm-up included. */
  users: number;
  /** Only with `data`: rows handed out (unique: distinct rows), users that found none left, and the file's rows. */
  data?: { rows: number; used: number; ranOut: number };
}
