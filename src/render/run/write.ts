import { appendFile } from 'node:fs/promises';
import type { RunReport } from '../../contract/run-report.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderTerminal } from './terminal.js';
import { writeUnderStem, type Naming } from '../write-files.js';

/** The renderers that produce a file, by the name `--format` uses; the name is also the extension. */
export const fileRenderers = {
  json: renderJson,
  md: renderMarkdown,
  html: renderHtml,
} satisfies Record<string, (report: RunReport) => string>;

export type FileFormat = keyof typeof fileRenderers;
/** Every format `--format` knows: the files, and the terminal report on stdout. */
export const reportFormats = ['terminal', 'md', 'html', 'json'] as const;
export type ReportFormat = (typeof reportFormats)[number];

export interface ReportSinks {
  formats: readonly ReportFormat[];
  folder: string;
  /** Files are named `<stem>.<format>`. */
  stem: string;
  naming: Naming;
  /** What goes to stdout: the terminal report (when asked for), the JSON (--json), or nothing. */
  stdout: { write(text: string): void; json: boolean; color: boolean; width?: number | undefined };
  /** A file the markdown is appended to (GitHub Actions' GITHUB_STEP_SUMMARY). */
  appendMarkdownTo?: string | undefined;
}

export interface WrittenReports {
  files: string[];
  /** Sinks that failed without failing the run, one line each. */
  problems: string[];
}

/**
 * The one place reports leave the process: files written atomically into the folder under one
 * stem (the JSON first: it is the record), then stdout, then the step summary. A renderer is
 * called once per report even when its output goes to two places.
 */
export async function writeReports(report: RunReport, sinks: ReportSinks): Promise<WrittenReports> {
  const rendered = new Map<FileFormat, string>();
  const render = (format: FileFormat): string => {
    let text = rendered.get(format);
    if (text === undefined) {
      text = fileRenderers[format](report);
      rendered.set(format, text);
    }
    return text;
  };
  const problems: string[] = [];
  const fileFormats = (['json', 'md', 'html'] as const).filter((format) => sinks.formats.includes(format));
  const files = await writeUnderStem(
    sinks.folder,
    sinks.stem,
    sinks.naming,
    fileFormats.map((format) => ({ extension: format, render: () => render(format) })),
  );
  if (sinks.stdout.json) sinks.stdout.write(render('json'));
  else if (sinks.formats.includes('terminal')) sinks.stdout.write(renderTerminal(report, { color: sinks.stdout.color, width: sinks.stdout.width }));
  if (sinks.appendMarkdownTo) {
    try {
      // A blank line first: other steps' summaries may not end with one.
      await appendFile(sinks.appendMarkdownTo, `\n${render('md')}`);
    } catch (error) {
      problems.push(`could not append the markdown report to GITHUB_STEP_SUMMARY (${sinks.appendMarkdownTo}): ${(error as Error).message}`);
    }
  }
  return { files, problems };
}
