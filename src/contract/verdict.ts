/**
 * 'no-data': the rule's input could not be measured (no response, no /proc, no in-app agent).
 * It is never a pass; a consumer that knows only pass, warn and fail should treat it as warn.
 */
export type VerdictStatus = 'pass' | 'warn' | 'fail' | 'no-data';

/** Every verdict rule's id, in the order verdicts are listed (the rules: src/analysis/verdicts/index.ts, which must name each once). */
export const verdictIds = [
  'slo-p50',
  'slo-p99',
  'scale-cpu',
  'scale-latency',
  'scale-memory',
  'memory-growth',
  'scale-connections',
  'event-loop',
  'errors',
  'client-bottleneck',
  'arrival-rate',
  'balance',
  'flow-state',
  'process-exited',
  'slowloris',
] as const;
export type VerdictId = (typeof verdictIds)[number];

/** One rule's judgement of one trial (the rules and their units: src/analysis/verdicts/). */
export interface Verdict {
  /** Stable name of the rule, e.g. 'slo-p99', 'scale-cpu'. */
  id: VerdictId;
  status: VerdictStatus;
  /** What was measured, in the unit of limit; null when it could not be (always so for 'no-data'). */
  value: number | null;
  /** The threshold value was judged against. */
  limit: number;
  /** For a person: what was seen and, when it is not a pass, what to do. Starts "not enough data:" for 'no-data'. */
  message: string;
}
