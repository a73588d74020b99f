import { basename } from 'node:path';
import type { CapacityReport } from '../model.js';
import { renderCapacityJson } from './capacity-json.js';
import { renderCapacityMarkdown } from './capacity-markdown.js';
import { renderCapacityTerminal } from './capacity-terminal.js';
import { replaceFile, writeNewFile } from './write-files.js';

export const capacityFormats = ['terminal', 'md', 'json'] as const;
export type CapacityFormat = (typeof capacityFormats)[number];

const fileRenderers = { json: renderCapacityJson, md: renderCapacityMarkdown } satisfies Record<Exclude<CapacityFormat, 'terminal'>, (report: CapacityReport) => string>;

export interface CapacitySinks {
  formats: readonly CapacityFormat[];
  folder: string;
  /** Files are named `<stem>.<format>`: the first free stem, never over an earlier report. */
  stem: string;
  /** The terminal report (when asked for), the JSON (--json), or nothing. */
  stdout: { write(text: string): void; json: boolean; color: boolean; width?: number | undefined };
}

/**
 * Where a capacity report leaves the process, as writeReports does for a run: the JSON first
 * (it is the record), then the markdown under the same stem, each written atomically; then
 * stdout. Returns the paths written.
 */
export async function writeCapacityReports(report: CapacityReport, sinks: CapacitySinks): Promise<string[]> {
  const files: string[] = [];
  let stem = sinks.stem;
  for (const format of (['json', 'md'] as const).filter((name) => sinks.formats.includes(name))) {
    const text = fileRenderers[format](report);
    if (files.length === 0) {
      const path = await writeNewFile(sinks.folder, stem, format, text);
      stem = basename(path, `.${format}`);
      files.push(path);
    } else {
      files.push(await replaceFile(sinks.folder, `${stem}.${format}`, text));
    }
  }
  if (sinks.stdout.json) sinks.stdout.write(renderCapacityJson(report));
  else if (sinks.formats.includes('terminal')) sinks.stdout.write(renderCapacityTerminal(report, { color: sinks.stdout.color, width: sinks.stdout.width }));
  return files;
}
