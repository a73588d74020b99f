import { appendFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { RunReport } from '../model.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderTerminal } from './terminal.js';
import { replaceFile, writeNewFile } from './write-files.js';

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
  /**
   * 'first-free': the first file takes the first free name (`stem`, `stem-2`, …; a new run never
   * overwrites an earlier one) and the others follow it. 'replace': files of that stem are
   * replaced (a re-rendered run).
   */
  naming: 'first-free' | 'replace';
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
  const files: string[] = [];
  const problems: string[] = [];
  const fileFormats = (['json', 'md', 'html'] as const).filter((format) => sinks.formats.includes(format));
  let stem = sinks.stem;
  for (const format of fileFormats) {
    if (sinks.naming === 'first-free' && files.length === 0) {
      const path = await writeNewFile(sinks.folder, stem, format, render(format));
      stem = basename(path, `.${format}`);
      files.push(path);
    } else {
      files.push(await replaceFile(sinks.folder, `${stem}.${format}`, render(format)));
    }
  }
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
