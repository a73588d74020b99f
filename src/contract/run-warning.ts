/**
 * What a run's warning is about, so that code and tests tell warnings apart by kind and never by
 * their prose. The report keeps each warning's text in `warnings` (its meaning within
 * loadlab/run@1) and its kind, in the same order, in `warningIds`.
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

export interface RunWarning {
  id: RunWarningId;
  text: string;
}

/**
 * The run's warnings with their kinds: 'other' for each in a report written without kinds, or
 * with a list of kinds that does not match its warnings, and for a kind this version does not know.
 */
export function runWarningsOf(report: { warnings: readonly string[]; warningIds?: readonly unknown[] }): RunWarning[] {
  const ids = Array.isArray(report.warningIds) && report.warningIds.length === report.warnings.length ? report.warningIds : [];
  return report.warnings.map((text, index) => ({ id: isRunWarningId(ids[index]) ? ids[index] : 'other', text }));
}

function isRunWarningId(value: unknown): value is RunWarningId {
  return (runWarningIds as readonly unknown[]).includes(value);
}

/** Warnings as a report holds them: the texts, and their kinds in the same order. */
export function warningFields(warnings: readonly RunWarning[]): { warnings: string[]; warningIds: RunWarningId[] } {
  return { warnings: warnings.map((warning) => warning.text), warningIds: warnings.map((warning) => warning.id) };
}
