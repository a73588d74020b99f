/**
 * One report as sections, written once and rendered by every format. A section is plain data —
 * a title and blocks (a table, notes, a paragraph, labelled entries, verdicts) of unescaped text —
 * built by a pure function of the report; each format (sections/terminal.ts, markdown.ts,
 * html.ts) supplies only its own syntax for a title, a table, a list of notes. A producer never
 * formats for one output.
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
  /** Words after the title that qualify it, set apart from it where a format can ('Servers' · 'over the measured phase'). */
  qualifier?: string;
  level: SectionLevel;
  blocks: readonly Block[];
}

/** A workload's own section: its name, how it was driven, its first blocks (the topology table and the lines under it), then its parts. */
export interface WorkloadSection {
  workload: string;
  /** '50 connections, 5 s measured after 1 s warm-up'. */
  load: string;
  blocks: readonly Block[];
  parts: readonly Section[];
}

export type Block = TableBlock | NotesBlock | ParagraphBlock | EntriesBlock | VerdictsBlock;

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
  /** Each note says whether it is a warning or a note (a list that mixes them); otherwise the notes are plain items. */
  marked?: boolean;
}

export interface ParagraphBlock {
  kind: 'paragraph';
  text: string;
  /** What the paragraph is, for a format that styles it apart: a figure aside ('muted'), the open model's rate line. */
  role?: 'muted' | 'open-model';
}

/** Items that each begin with a label: the events of a workload's trials ('cluster': 'worker 1 exited …'). */
export interface EntriesBlock {
  kind: 'entries';
  entries: readonly { label: string; text: string }[];
}

/** The verdicts of a workload's trials, each trial's under its label, with how many passed and failed. */
export interface VerdictsBlock {
  kind: 'verdicts';
  trials: readonly { label: string; verdicts: readonly VerdictLine[] }[];
  passed: number;
  failed: number;
  total: number;
}

/** A verdict as a report shows it: its check, its outcome (a status this version does not know is a warning, never a pass) and its message. */
export interface VerdictLine {
  id: string;
  /** The status as the report has it: 'pass', 'warn', 'fail', 'no-data'. */
  status: string;
  level: 'pass' | 'warn' | 'fail';
  message: string;
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
