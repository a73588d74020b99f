import { warningsReader, warningFields, type TypedWarning } from './typed-warning.js';

/**
 * What a run's warning is about (typed-warning.ts): the report keeps each warning's text in
 * `warnings` (its meaning within loadlab/run@1) and its kind, in the same order, in `warningIds`.
 */
export const runWarningIds = [
  /** A topology that did not start or was left out. */
  'skipped',
  'interrupted',
  /** A trial that got no response in its measured phase. */
  'no-response',
  /** Errors or non-2xx that no failed errors verdict names. */
  'errors',
  /** Connections loadlab could not open: it ran out of open files. */
  'open-files',
  /** What a deployment warned of (an external command not listening on its port). */
  'deployment',
  /** The machine's cores were nearly all busy: loadlab and the app competed for CPU. */
  'host-cpu',
  'short-phase',
  /** compareTo's topology did not run on a workload. */
  'compare-to',
  /** Two topologies did not serve the same responses. */
  'parity',
  /** A comparison that is more than the processes can add. */
  'suspect',
  /** An event of the timeline that failed. */
  'event',
  /** A trial stopped early because a threshold failed while it ran. */
  'aborted',
  /** A warning of a report written before warnings had kinds. */
  'other',
] as const;

export type RunWarningId = (typeof runWarningIds)[number];

export type RunWarning = TypedWarning<RunWarningId>;

/** The report's warnings with their kinds ('other' where a report has none, or one this version does not know). */
export const runWarningsOf = warningsReader(runWarningIds);

export { warningFields };
