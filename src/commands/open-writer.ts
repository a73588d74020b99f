import { fileFormatsOf, type ReportFormat } from '../render/report-kind.js';
import { ReportWriter, type WriterOutput } from '../render/write.js';

/** The outputs a command's options may name (each command's parsed options are one of these). */
export interface OutputOptions {
  out?: string;
  format?: readonly ReportFormat[];
  junit?: string;
  saveBaseline?: string;
}

/**
 * The writer of a command's outputs, each checked before anything starts: --out when a file is
 * to go there (a file format asked for; a command without --format always writes its files),
 * --junit, --save-baseline, and GITHUB_STEP_SUMMARY for a command that gates (`gates`).
 */
export function openWriter(options: OutputOptions, context: WriterOutput, gates: boolean): Promise<ReportWriter> {
  const writesFiles = options.format === undefined || fileFormatsOf(options.format).length > 0;
  return ReportWriter.open(
    {
      out: writesFiles ? options.out : undefined,
      junit: options.junit,
      saveBaseline: options.saveBaseline,
      stepSummary: gates ? process.env.GITHUB_STEP_SUMMARY : undefined,
    },
    context,
  );
}
