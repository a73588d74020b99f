import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { ExitCode, InputError, type ExitCodeValue } from '../errors.js';
import { reportSchema, type RunReport } from '../model.js';
import type { ReportFormat } from '../report/write-reports.js';
import { writeReports } from '../report/write-reports.js';
import { describeValue } from '../util/duration.js';

/** What `loadlab report` renders: not json, which is its input. */
export const reRenderFormats = ['terminal', 'md', 'html'] as const satisfies readonly ReportFormat[];

export interface ReportCommandOptions {
  format: ReportFormat[];
  /** Default: the folder of the JSON, so that the files sit beside it. */
  out?: string;
}

export interface ReportCommandContext {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream;
}

/**
 * `loadlab report <run.json>`: renders a saved run again, as `<stem>.md` and `<stem>.html`
 * beside it (or in --out), replacing earlier renderings. The renderers depend on the report
 * alone, so the markdown is byte for byte what `loadlab run` wrote. A file that is not a
 * loadlab/run@1 report is refused with one line, exit 2.
 */
export async function reportCommand(file: string, options: ReportCommandOptions, context: ReportCommandContext): Promise<ExitCodeValue> {
  const report = await readRunReport(file);
  const written = await writeReports(report, {
    formats: options.format,
    folder: options.out ?? dirname(file),
    stem: basename(file).replace(/\.json$/i, ''),
    naming: 'replace',
    stdout: { write: (text) => context.stdout.write(text), json: false, color: context.stdout.isTTY === true, width: context.stdout.columns },
  });
  for (const path of written.files) context.stderr.write(`report written to ${path}\n`);
  return ExitCode.ok;
}

/** The report in a file, checked to be a loadlab/run@1 report with the fields the renderers read. */
export async function readRunReport(file: string): Promise<RunReport> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot read it (${code ?? (error as Error).message})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file}: not a loadlab run report: not JSON (${(error as Error).message.replace(/\s+/g, ' ')})`);
  }
  const schema = isObject(value) ? value.schema : undefined;
  if (schema !== reportSchema) {
    throw new InputError(`${file}: not a loadlab run report: expected schema '${reportSchema}', found ${schema === undefined ? 'no schema' : describeValue(schema)}`);
  }
  const problem = shapeProblem(value as Record<string, unknown>);
  if (problem) throw new InputError(`${file}: a damaged loadlab run report: ${problem}`);
  return value as unknown as RunReport;
}

/** The first top-level field the renderers need that is missing or of the wrong type. */
function shapeProblem(report: Record<string, unknown>): string | null {
  const lists = ['trials', 'comparisons', 'warnings'] as const;
  for (const field of lists) if (!Array.isArray(report[field])) return `'${field}' is not a list`;
  for (const field of ['scenario', 'environment', 'gate'] as const) if (!isObject(report[field])) return `'${field}' is not an object`;
  const scenario = report.scenario as Record<string, unknown>;
  if (typeof scenario.name !== 'string' || !isObject(scenario.slo)) return "'scenario' has no name or no slo";
  return null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
