import { warningsReader, type TypedWarning } from './typed-warning.js';

/**
 * What a capacity report's warning is about (typed-warning.ts): the report keeps each warning's
 * text in `warnings` (its meaning within loadlab/capacity@1) and its kind, in the same order, in
 * `warningIds`.
 */
export const capacityWarningIds = [
  /** A topology that did not start or was left out. */
  'skipped',
  'interrupted',
  /** Every rate up to --max-rps passed: the capacity is only a lower bound. */
  'max-rps',
  /** The search ran out of steps before it narrowed to its precision, or before any step passed. */
  'max-steps',
  /** loadlab itself was the bottleneck where the search stopped. */
  'client-limit',
  /** Steps that failed doubtfully (a busy machine) and were measured again. */
  'measured-again',
  /** Doubtful failures counted after the retries: the capacity may be low. */
  'doubtful-failure',
  /** A passing step whose Little's-law check is off. */
  'littles-law',
  /** A warning of a report written before warnings had kinds. */
  'other',
] as const;

export type CapacityWarningId = (typeof capacityWarningIds)[number];

export type CapacityWarning = TypedWarning<CapacityWarningId>;

/** The report's warnings with their kinds ('other' where a report has none, or one this version does not know). */
export const capacityWarningsOf = warningsReader(capacityWarningIds);
