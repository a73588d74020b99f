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
