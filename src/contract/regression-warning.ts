import { warningsReader, type TypedWarning } from './typed-warning.js';

/**
 * What a comparison's warning is about (typed-warning.ts): the regression report keeps each
 * warning's text in `warnings` and its kind, in the same order, in `warningIds`.
 */
export const regressionWarningIds = [
  /** The two runs are of scenarios of different names. */
  'scenario',
  /** The base run started after the current one. */
  'order',
  /** Different CPUs or a different number of them. */
  'machine',
  'node-version',
  /** A side loadlab did not finish. */
  'incomplete',
  'interrupted',
  /** A side is an A/B run whose variants were pooled. */
  'ab-pooled',
  /** A topology × workload ran with different load settings on each side. */
  'load',
  /** Requests that ran in one run only. */
  'requests-one-side',
  /** Requests not compared: a side of an older loadlab has no figures or windows per request. */
  'requests-unmeasured',
  /** A warning of a report written before warnings had kinds. */
  'other',
] as const;

export type RegressionWarningId = (typeof regressionWarningIds)[number];

export type RegressionWarning = TypedWarning<RegressionWarningId>;

/** The report's warnings with their kinds ('other' where a report has none, or one this version does not know). */
export const regressionWarningsOf = warningsReader(regressionWarningIds);
