/**
 * One report as sections, written once and rendered by every format. A section is plain data —
 * a title and blocks (a table, notes, a paragraph, labelled entries, verdicts, a chart) of unescaped text —
 * built by a pure function of the report; each format (sections/terminal.ts, markdown.ts,
 * html.ts) supplies only its own syntax for a title, a table, a list of notes. A producer never
 * formats for one output.
 *
 * To add a section: write `(report, workload) => Section | null` (a part of each workload's
 * section) or `(report) => Section | null` (a section of its own after the workloads) next to
 * its figures, and add it to the list in sections/run.ts (capacity.ts and gate.ts hold the
 * capacity and the comparison reports' sections). It then appears in the terminal, the
 * markdown and the HTML report, in that order. A chart is a block like a table: put a
 * ChartBlock (series of [x, y], guides, marks) among the section's blocks, with an id unique in
 * the report; the terminal and markdown draw it with the one text chart engine, HTML with the
 * page's script. A table cell that needs emphasis (a step's pass or fail, a figure to doubt)
 * gets a CellMark in the table's `marks`: the terminal colours it, HTML gives it a status class
 * and its hint as a title, markdown writes the text alone.
 */

import type { CapacityWarningId } from '../../contract/capacity-warning.js';
import type { RegressionWarningId } from '../../contract/regression-warning.js';
import type { RunWarningId } from '../../contract/run-warning.js';

/** Where a section sits: 'run', a section of its own after the workloads; 'workload', a part of each workload's section. */
export type SectionLevel = 'run' | 'workload';

export interface Section {
  /** For people, capitalised: 'Slowloris: the users without the attack → beside it'. The terminal writes a workload part's in lower case. */
  title: string;
  /** Words after the title that qualify it, set apart from it where a format can, from their first character: ' over the measured phase', ' (closed-model probe: 1,400 req/s); …'. */
  qualifier?: string;
  level: SectionLevel;
  blocks: readonly Block[];
}

/** A workload's own section: its name, how it was driven, its first blocks (the topology table and the lines under it), then its parts. */
export interface WorkloadSection {
  workload: string;
  /** How it was driven: '50 connections, 5 s measured after 1 s warm-up'; none in a capacity report (each step has its rate). */
  load?: string;
  blocks: readonly Block[];
  parts: readonly Section[];
}

export type Block = TableBlock | NotesBlock | ParagraphBlock | EntriesBlock | VerdictsBlock | ChartBlock;

/** Rows of cells, one per column; text columns are left-aligned, the others (figures) right-aligned. */
export interface TableBlock {
  kind: 'table';
  columns: readonly string[];
  rows: readonly (readonly string[])[];
  /** The indexes of the columns that hold text (the first, usually); the others hold figures. */
  textColumns: readonly number[];
  /** Cells a format may emphasise in its own way (a colour, a class), by row then column; markdown shows the text alone. */
  marks?: readonly (readonly (CellMark | undefined)[])[];
}

/** What a marked cell says: a step that passed or failed, a figure to doubt. */
export type CellRole = 'pass' | 'fail' | 'warn';

export interface CellMark {
  role: CellRole;
  /** Why, for a format that can show it on demand (HTML's title). */
  hint?: string;
}

/** A list of notes and warnings. */
export interface NotesBlock {
  kind: 'notes';
  notes: readonly Note[];
  /** Each note says whether it is a warning or a note (a list that mixes them); otherwise the notes are plain items. */
  marked?: boolean;
  /** A heading for the list inside its section ('Warnings'), where a format's items do not say it (markdown); the terminal's marked items say it. */
  title?: string;
}

export interface ParagraphBlock {
  kind: 'paragraph';
  text: string;
  /** A term the paragraph explains, set before it: 'How to read it'. */
  label?: string;
  /** What the paragraph is, for a format that styles it apart: a figure aside ('muted'), the open model's rate line. */
  role?: 'muted' | 'open-model';
}

/** Items that each begin with a label: the events of a workload's trials ('cluster': 'worker 1 exited …'). */
export interface EntriesBlock {
  kind: 'entries';
  /** What the entries are, for a format that styles them apart: a timeline of events. */
  role?: 'events';
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

/**
 * Lines of figures against an x axis of figures (the offered rate), with reference lines and
 * points marked on x. The terminal draws it with the one text chart engine, markdown puts the
 * same text chart in a fenced block, HTML hands it to the page's script as a line chart.
 */
export interface ChartBlock {
  kind: 'chart';
  /** Unique in the report: the HTML figure's id. */
  id: string;
  title: string;
  /** The x axis's unit, after each of its figures: 'req/s', 'connections'. */
  xLabel: string;
  /** The y axis's: 'ms' for latencies, 'rps' for a count per second. */
  unit: ChartUnit;
  /** [x, y] in order of x; y null where nothing was measured. */
  series: readonly { label: string; points: readonly (readonly [number, number | null])[] }[];
  /** Horizontal lines across the chart: a target. */
  guides: readonly { label: string; value: number }[];
  /** Points of note on x: where it broke. */
  marks: readonly { label: string; x: number; y: number | null }[];
}

export type ChartUnit = 'ms' | 'rps';

/** A note for people: a warning (something to act on) or a note (what could not be measured, how it was). */
export interface Note {
  level: 'warning' | 'note';
  text: string;
  /** What a report's warning is about (contract/run-warning.ts, capacity-warning.ts, regression-warning.ts), for code and tests that pick one out; formats show the text. */
  id?: RunWarningId | CapacityWarningId | RegressionWarningId;
}

/** A table block whose first `count` columns hold text. */
export function tableBlock(columns: readonly string[], rows: readonly (readonly string[])[], count = 1): TableBlock {
  return { kind: 'table', columns, rows, textColumns: columns.map((_, index) => index).filter((index) => index < count) };
}
