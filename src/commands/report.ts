import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { ExitCode, InputError, type ExitCodeValue } from '../contract/errors.js';
import { type CapacityReport, capacitySchema } from '../contract/capacity-report.js';
import { reportSchema, type RunReport } from '../contract/run-report.js';
import { capacityReport } from '../render/capacity/kind.js';
import { fileFormatsOf, type ReportFormat, type ReportKind } from '../render/report-kind.js';
import { runReport } from '../render/run/kind.js';
import { type ReportWriter, type WriterOutput } from '../render/write.js';
import { describeValue } from '../text/duration.js';
import type { CommandOptions } from './options/command-table.js';
import { openWriter } from './open-writer.js';

/** The options of `loadlab report`, as the command table declares them. */
export type ReportCommandOptions = CommandOptions<'report'>;

/** A saved report of either kind `loadlab report` renders, told apart by its schema. */
export type SavedReport = { schema: typeof reportSchema; report: RunReport } | { schema: typeof capacitySchema; report: CapacityReport };

/**
 * `loadlab report <report.json>`: renders a saved run or capacity search again, as
 * `<stem>.md` and `<stem>.html` beside it (or in --out), replacing earlier renderings. The
 * renderers depend on the report alone, so the markdown is byte for byte what `loadlab run`
 * or `loadlab capacity` wrote. A file of any other schema is refused with one line, exit 2.
 */
export async function reportCommand(file: string, options: ReportCommandOptions, context: WriterOutput): Promise<ExitCodeValue> {
  const saved = await readSavedReport(file);
  const writer = await openWriter({ ...options, out: options.out ?? dirname(file) }, context, false);
  const stem = basename(file).replace(/\.json$/i, '');
  if (saved.schema === capacitySchema) await rerender(writer, capacityReport, saved.report, stem, options.format);
  else await rerender(writer, runReport, saved.report, stem, options.format);
  return writer.exitCode(ExitCode.ok);
}

async function rerender<Report>(writer: ReportWriter, kind: ReportKind<Report>, report: Report, stem: string, formats: readonly ReportFormat[]): Promise<void> {
  if (fileFormatsOf(formats).length > 0) await writer.files(kind, stem, formats, 'replace').finish(report);
  writer.printReport(kind, report, { json: false, formats });
}

/** The report in a file, checked to be a loadlab/run@1 report with the fields the renderers read. */
export async function readRunReport(file: string): Promise<RunReport> {
  const value = await readJson(file, 'a loadlab run report');
  const schema = value.schema;
  if (schema !== reportSchema) {
    throw new InputError(`${file}: not a loadlab run report: expected schema '${reportSchema}', found ${describeSchema(schema)}`);
  }
  return checked(file, 'run', value, runShape) as unknown as RunReport;
}

/** A run or a capacity report in a file, checked to have the fields its renderers read. */
export async function readSavedReport(file: string): Promise<SavedReport> {
  const value = await readJson(file, 'a loadlab report');
  const schema = value.schema;
  if (schema === reportSchema) return { schema, report: checked(file, 'run', value, runShape) as unknown as RunReport };
  if (schema === capacitySchema) return { schema, report: checked(file, 'capacity', value, capacityShape) as unknown as CapacityReport };
  throw new InputError(`${file}: not a loadlab report: expected schema '${reportSchema}' or '${capacitySchema}', found ${describeSchema(schema)}`);
}

/** A file's text; a missing or unreadable file is one line naming it, exit 2. */
export async function readTextFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot read it (${code ?? (error as Error).message})`);
  }
}

/** The file's JSON; anything else (no file, not JSON) is one line naming the file, exit 2. Not an object: no schema. */
async function readJson(file: string, what: string): Promise<Record<string, unknown>> {
  const text = await readTextFile(file);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file}: not ${what}: not JSON (${(error as Error).message.replace(/\s+/g, ' ')})`);
  }
  return isObject(value) ? value : {};
}

/** The top-level fields the renderers of a kind read: these must be lists, those objects. */
interface Shape {
  lists: readonly string[];
  objects: readonly string[];
  /** A list whose every entry must be an object with a list in this field. */
  nested?: { list: string; field: string };
}

const runShape: Shape = { lists: ['trials', 'comparisons', 'warnings'], objects: ['scenario', 'environment', 'gate'] };
const capacityShape: Shape = {
  lists: ['results', 'skipped', 'sizing', 'warnings', 'summary'],
  objects: ['scenario', 'environment', 'search'],
  nested: { list: 'results', field: 'steps' },
};

function checked(file: string, kind: string, report: Record<string, unknown>, shape: Shape): Record<string, unknown> {
  const problem = shapeProblem(report, shape);
  if (problem) throw new InputError(`${file}: a damaged loadlab ${kind} report: ${problem}`);
  return report;
}

/** The first field the renderers need that is missing or of the wrong type. */
function shapeProblem(report: Record<string, unknown>, shape: Shape): string | null {
  for (const field of shape.lists) if (!Array.isArray(report[field])) return `'${field}' is not a list`;
  for (const field of shape.objects) if (!isObject(report[field])) return `'${field}' is not an object`;
  const scenario = report.scenario as Record<string, unknown>;
  if (typeof scenario.name !== 'string' || !isObject(scenario.slo)) return "'scenario' has no name or no slo";
  if (shape.nested) {
    const { list, field } = shape.nested;
    const broken = (report[list] as unknown[]).findIndex((entry) => !isObject(entry) || !Array.isArray(entry[field]));
    if (broken !== -1) return `'${list}[${broken}].${field}' is not a list`;
  }
  return null;
}

function describeSchema(schema: unknown): string {
  return schema === undefined ? 'no schema' : describeValue(schema);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
