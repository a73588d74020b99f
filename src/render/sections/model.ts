/**
 * One report as sections, written once and rendered by every format. A section is plain data —
 * a title and blocks (a table, notes, a paragraph) of unescaped text — built by a pure function
 * of the report; each format (sections/terminal.ts, markdown.ts, html.ts) supplies only its own
 * syntax for a title, a table, a list of notes. A producer never formats for one output.
 *
 * To add a section: write `(report, workload) => Section | null` (a part of each workload's
 * section) or `(report) => Section | null` (a section of its own after the workloads) next to
 * its figures, and add it to the list in sections/run.ts. It then appears in the terminal, the
 * markdown and the HTML report, in that order.
 */

/** Where a section sits: 'run', a section of its own after the workloads; 'workload', a part of each workload's section. */
export type SectionLevel = 'run' | 'workload';

export interface Section {
  /** For people, capitalised: 'Slowloris: the users without the attack → beside it'. The terminal writes a workload part's in lower case. */
  title: string;
  level: SectionLevel;
  blocks: readonly Block[];
}

export type Block = TableBlock | NotesBlock | ParagraphBlock;

/** Rows of cells, one per column; text columns are left-aligned, the others (figures) right-aligned. */
export interface TableBlock {
  kind: 'table';
  columns: readonly string[];
  rows: readonly (readonly string[])[];
  /** The indexes of the columns that hold text (the first, usually); the others hold figures. */
  textColumns: readonly number[];
}

/** A list of notes and warnings. */
export interface NotesBlock {
  kind: 'notes';
  notes: readonly Note[];
}

export interface ParagraphBlock {
  kind: 'paragraph';
  text: string;
}

/** A note for people: a warning (something to act on) or a note (what could not be measured, how it was). */
export interface Note {
  level: 'warning' | 'note';
  text: string;
}

/** A table block whose first `count` columns hold text. */
export function tableBlock(columns: readonly string[], rows: readonly (readonly string[])[], count = 1): TableBlock {
  return { kind: 'table', columns, rows, textColumns: columns.map((_, index) => index).filter((index) => index < count) };
}
