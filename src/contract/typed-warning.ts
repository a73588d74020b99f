/**
 * A warning for people with what it is about, so that code and tests tell warnings apart by kind
 * and never by their prose. A report keeps each warning's text in `warnings` (its meaning within
 * the report's schema) and its kind, in the same order, in `warningIds`; each report has its own
 * list of kinds (run-warning.ts, capacity-warning.ts, regression-warning.ts).
 */
export interface TypedWarning<Id extends string> {
  id: Id;
  text: string;
}

/**
 * The reader of a report's warnings with their kinds: 'other' for each in a report written
 * without kinds, or with a list of kinds that does not match its warnings, and for a kind this
 * version does not know.
 */
export function warningsReader<Id extends string>(
  known: readonly (Id | 'other')[],
): (report: { warnings: readonly string[]; warningIds?: readonly unknown[] }) => TypedWarning<Id | 'other'>[] {
  const isKnown = (value: unknown): value is Id | 'other' => (known as readonly unknown[]).includes(value);
  return (report) => {
    const ids = Array.isArray(report.warningIds) && report.warningIds.length === report.warnings.length ? report.warningIds : [];
    return report.warnings.map((text, index) => {
      const id: unknown = ids[index];
      return { id: isKnown(id) ? id : 'other', text };
    });
  };
}

/** Warnings as a report holds them: the texts, and their kinds in the same order. */
export function warningFields<Id extends string>(warnings: readonly TypedWarning<Id>[]): { warnings: string[]; warningIds: Id[] } {
  return { warnings: warnings.map((warning) => warning.text), warningIds: warnings.map((warning) => warning.id) };
}
