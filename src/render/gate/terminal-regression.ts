import Table from 'cli-table3';
import type { RegressionReport } from '../../contract/regression-report.js';
import { comparisonRows, describeRun, regressionColumns, regressionLegend } from './regression-figures.js';

/** With --baseline: the comparison for a terminal, the table in the markdown's columns and its legend. */
export function regressionLines(report: RegressionReport, color: boolean): string[] {
  const lines = ['against the baseline', `  base:    ${describeRun(report.base)}`, `  current: ${describeRun(report.current)}`];
  if (report.comparisons.length === 0) return [...lines, '  nothing was compared'];
  const table = new Table({
    head: [...regressionColumns],
    colAligns: ['left', 'left', 'left', ...regressionColumns.slice(3, -1).map(() => 'right' as const), 'left'],
    style: color ? {} : { head: [], border: [] },
  });
  for (const comparison of report.comparisons) table.push(...comparisonRows(comparison));
  const oneSide = [
    ...report.onlyInBase.map((key) => `${key.topology} on ${key.workload} (base only)`),
    ...report.onlyInCurrent.map((key) => `${key.topology} on ${key.workload} (current only)`),
  ];
  return [
    ...lines,
    table.toString(),
    regressionLegend(report),
    ...(oneSide.length > 0 ? [`not compared: ${oneSide.join(', ')}`] : []),
    ...report.warnings.map((warning) => `warning: ${warning}`),
  ];
}
