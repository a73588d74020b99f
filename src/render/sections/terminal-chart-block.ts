import { interpolate } from '../common/interpolate.js';
import { labelWidth, legendMark, plotLayers, seriesLook, targetLook } from '../common/terminal-chart.js';
import { formatLatency, formatRps } from '../../text/format.js';
import type { ChartBlock } from './model.js';

/** Rows above the lowest. */
const chartHeight = 7;
const plotColumns = 60;
const formats = { ms: formatLatency, rps: formatRps } as const;

/**
 * A chart block as text, with the one chart engine: each series joined by straight lines across
 * x from its lowest to its highest figure, the guides dotted; under the plot a row with ▲ at
 * each mark, the x axis's two ends, and a line naming the series, the guides and the marks.
 * Pure; the same lines serve the terminal (in colour) and markdown (in a fenced block).
 */
export function textChart(block: ChartBlock, color: boolean, width?: number): string[] {
  const xs = block.series.flatMap((series) => series.points.filter((point) => point[1] !== null).map((point) => point[0]));
  if (xs.length < 2) return [];
  const [xMin, xMax] = [Math.min(...xs), Math.max(...xs)];
  const columns = Math.max(10, Math.min(plotColumns, (width ?? Infinity) - labelWidth - 2));
  const xAt = (column: number) => (xMax === xMin ? xMin : xMin + ((xMax - xMin) * column) / (columns - 1));
  // asciichart draws the segment from point c to c + 1 in column c: columns − 1 columns in all
  const columnOf = (x: number) => (xMax === xMin ? 0 : Math.round(((x - xMin) / (xMax - xMin)) * (columns - 2)));
  const lines = block.series.map((series) => {
    const known = series.points.filter((point) => point[1] !== null).map(([x, y]) => ({ x, y: y ?? 0 }));
    return Array.from({ length: columns }, (_, column) => interpolate(known, xAt(column)));
  });
  const top = Math.max(...lines.flat(), ...block.guides.map((guide) => guide.value));
  const looks = block.series.map((_, index) => seriesLook(index));
  const plot = plotLayers(
    [
      ...lines.map((points, index) => ({ points, look: looks[index] ?? seriesLook(index) })),
      ...block.guides.map((guide) => ({ points: Array<number>(columns).fill(guide.value), look: targetLook })),
    ],
    { max: top > 0 ? top : 1, height: chartHeight, format: formats[block.unit] },
    color,
  );
  const indent = ' '.repeat(labelWidth + 2);
  const marks = Array<string>(columns).fill(' ');
  for (const mark of block.marks) marks[columnOf(mark.x)] = '▲';
  const [low, high] = [`${formatRps(xMin)} ${block.xLabel}`, `${formatRps(xMax)} ${block.xLabel}`];
  const legend = [
    ...block.series.map((series, index) => `${legendMark(looks[index], color)} ${series.label}`),
    ...block.guides.map((guide) => `${legendMark(targetLook, color)} ${guide.label}`),
    ...block.marks.map((mark) => `▲ ${mark.label}`),
  ];
  return [
    block.title,
    ...plot,
    ...(block.marks.length > 0 ? [`${indent}${marks.join('').trimEnd()}`] : []),
    `${indent}${low}${high.padStart(Math.max(1, columns - low.length))}`,
    `${indent}${legend.join('  ')}`,
  ];
}
