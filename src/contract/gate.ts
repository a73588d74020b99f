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

/**
 * One threshold judged against one trial, or against none when its scope matched no trial.
 * 'no-data' (the metric could not be measured, or nothing matched the scope) is never a pass.
 */
export interface ThresholdResult {
  /** The expression as written, e.g. 'p99 < 150ms'. */
  threshold: string;
  /** The scope as written; neither field: every trial. */
  scope: { topology?: string; workload?: string; request?: string };
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
