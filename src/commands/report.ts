import { basename, dirname } from 'node:path';
import { ExitCode, type ExitCodeValue } from '../contract/errors.js';
import { capacitySchema } from '../contract/capacity-report.js';
import { readSavedReport } from '../contract/read-report.js';
import { capacityReport } from '../render/capacity/kind.js';
import { fileFormatsOf, type ReportFormat, type ReportKind } from '../render/report-kind.js';
import { runReport } from '../render/run/kind.js';
import { type ReportWriter, type WriterOutput } from '../render/write.js';
import type { CommandOptions } from './options/command-table.js';
import { openWriter } from './open-writer.js';

/** The options of `loadlab report`, as the command table declares them. */
export type ReportCommandOptions = CommandOptions<'report'>;

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
