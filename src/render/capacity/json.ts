import type { CapacityReport } from '../../contract/capacity-report.js';

/** The CapacityReport as the JSON document of schema loadlab/capacity@1. */
export function renderCapacityJson(report: CapacityReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
