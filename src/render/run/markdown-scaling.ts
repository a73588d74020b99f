import type { ScalingCurve } from '../../contract/scaling.js';
import { escapeMarkdown, table } from '../../text/markdown.js';
import { scalingChart } from './scaling-chart.js';
import { curveTitle, scalingColumns, scalingRows } from './scaling-figures.js';

/**
 * Each scaling curve of a workload as markdown: the title with the fit, the table of counts,
 * the plot as a text block (markdown has no charts; the HTML report draws it), and the notes.
 */
export function scalingSections(curves: readonly ScalingCurve[]): string[] {
  return curves.flatMap((curve) => {
    const chart = scalingChart(curve, { color: false });
    return [
      '',
      `**${escapeMarkdown(curveTitle(curve).replace(/^scaling/, 'Scaling'))}**`,
      '',
      ...table(scalingColumns, scalingRows(curve), 2),
      ...(chart.length > 0 ? ['', '```text', ...chart, '```'] : []),
      ...(curve.notes.length > 0 ? ['', ...curve.notes.map((note) => `- ${escapeMarkdown(note)}`)] : []),
    ];
  });
}
