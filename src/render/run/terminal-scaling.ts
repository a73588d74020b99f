import Table from 'cli-table3';
import type { ScalingCurve } from '../../contract/scaling.js';
import { scalingChart } from './scaling-chart.js';
import { curveTitle, scalingColumns, scalingRows } from './scaling-figures.js';

/**
 * Each scaling curve of a workload for the terminal: its title with the fit, a table of the
 * counts (throughput, p99, speed-up and efficiency against the smallest count, the fit's
 * throughput), the plot of measured points and fitted curve, and what the fit cannot tell.
 */
export function scalingBlocks(curves: readonly ScalingCurve[], style: { color: boolean; width?: number | undefined }): string[] {
  return curves.flatMap((curve) => {
    const table = new Table({
      head: [...scalingColumns],
      colAligns: ['right', 'left', ...scalingColumns.slice(2).map(() => 'right' as const)],
      style: style.color ? {} : { head: [], border: [] },
    });
    for (const row of scalingRows(curve)) table.push(row);
    const chart = scalingChart(curve, style);
    return ['', curveTitle(curve), table.toString(), ...(chart.length > 0 ? ['', ...chart] : []), ...curve.notes.map((note) => `  note: ${note}`)];
  });
}
