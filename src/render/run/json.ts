import type { RunReport } from '../../contract/run-report.js';

/** The RunReport as the JSON document of schema loadlab/run@1. */
export function renderJson(report: RunReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
