import type { CapacityReport } from '../../contract/capacity-report.js';
import { renderCapacityHtml } from './html.js';
import { renderCapacityJson } from './json.js';
import { renderCapacityMarkdown } from './markdown.js';
import { renderCapacityTerminal } from './terminal.js';
import { writeUnderStem, type Naming } from '../write-files.js';

export const capacityFormats = ['terminal', 'md', 'html', 'json'] as const;
export type CapacityFormat = (typeof capacityFormats)[number];

const fileRenderers = { json: renderCapacityJson, md: renderCapacityMarkdown, html: renderCapacityHtml } satisfies Record<
  Exclude<CapacityFormat, 'terminal'>,
  (report: CapacityReport) => string
>;

export interface CapacitySinks {
  formats: readonly CapacityFormat[];
  folder: string;
  /** Files are named `<stem>.<format>`. */
  stem: string;
  /** 'first-free' for a new search, never over an earlier report; 'replace' for a re-rendered one. */
  naming: Naming;
  /** The terminal report (when asked for), the JSON (--json), or nothing. */
  stdout: { write(text: string): void; json: boolean; color: boolean; width?: number | undefined };
}

/**
 * Where a capacity report leaves the process, as writeReports does for a run: the JSON first
 * (it is the record), then the markdown and the HTML under the same stem, each written
 * atomically; then stdout. Returns the paths written.
 */
export async function writeCapacityReports(report: CapacityReport, sinks: CapacitySinks): Promise<string[]> {
  const fileFormats = (['json', 'md', 'html'] as const).filter((format) => sinks.formats.includes(format));
  const files = await writeUnderStem(
    sinks.folder,
    sinks.stem,
    sinks.naming,
    fileFormats.map((format) => ({ extension: format, render: () => fileRenderers[format](report) })),
  );
  if (sinks.stdout.json) sinks.stdout.write(renderCapacityJson(report));
  else if (sinks.formats.includes('terminal')) sinks.stdout.write(renderCapacityTerminal(report, { color: sinks.stdout.color, width: sinks.stdout.width }));
  return files;
}
