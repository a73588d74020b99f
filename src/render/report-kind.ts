/**
 * A kind of report (a run, a capacity search): its schema and its renderers, each a pure
 * function of the report. The writer (write.ts) knows a report only through its kind, so every
 * kind is written, kept as it goes and printed the same way.
 */
export interface ReportKind<Report> {
  /** The schema id its JSON carries, e.g. 'loadlab/run@1'. */
  schema: string;
  json: (report: Report) => string;
  md: (report: Report) => string;
  html: (report: Report) => string;
  terminal: (report: Report, options: TerminalOptions) => string;
}

export interface TerminalOptions {
  /** ANSI colours; false gives plain text without a single escape code. */
  color: boolean;
  /** Columns of the terminal: charts are narrowed to fit. */
  width?: number | undefined;
}

/** Every format `--format` knows: the files, and the terminal report on stdout. */
export const reportFormats = ['terminal', 'md', 'html', 'json'] as const;
export type ReportFormat = (typeof reportFormats)[number];

/** The formats that are files, in the order written: the JSON first, for it is the record. The name is also the extension. */
export const fileFormats = ['json', 'md', 'html'] as const satisfies readonly ReportFormat[];
export type FileFormat = (typeof fileFormats)[number];

/** The file formats among those asked for, in the order written. */
export function fileFormatsOf(formats: readonly ReportFormat[]): FileFormat[] {
  return fileFormats.filter((format) => formats.includes(format));
}

/** What `loadlab report` renders: not json, which is its input. */
export const reRenderFormats = ['terminal', 'md', 'html'] as const satisfies readonly ReportFormat[];
