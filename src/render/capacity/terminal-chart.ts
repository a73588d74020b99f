import { labelWidth, legendMark, paint, plotLayers, seriesLook, targetLook, type ChartStyle } from '../common/terminal-chart.js';
import { interpolate } from '../common/interpolate.js';
import type { CapacityResult } from '../../contract/capacity-report.js';
import { capacityLabel } from '../../analysis/capacity/summary.js';
import { formatLatency, formatRps } from '../../text/format.js';

/** Rows above the lowest. */
const chartHeight = 9;
const plotColumns = 60;
/**
 * The y axis ends at 1.5 × the SLO, or at 3 × when a step went above that (higher values are
 * drawn at the top edge: an overloaded step's seconds would flatten the rest). With 9 rows both
 * put the SLO exactly on a row (the 6th, or the 3rd).
 */
const axisTops = [1.5, 3];

/**
 * p99 against offered rate, every topology of one workload on one chart (the steps the search
 * counted): x from the lowest to the highest rate measured, each topology's steps joined by straight lines (flat beyond its
 * own steps), the SLO as a dotted line. Under the plot, a row per topology marks its capacity
 * (▲) and its knee (╵, when it is elsewhere), then the rates of the x axis. Pure.
 */
export function capacityChart(results: readonly CapacityResult[], sloP99Ms: number, style: ChartStyle): string[] {
  const plotted = results.filter((result) => result.steps.some((step) => step.counted && step.responses > 0));
  if (plotted.length === 0) return [];
  const rates = plotted.flatMap((result) => result.steps.filter((step) => step.counted).map((step) => step.targetRps));
  const [xMin, xMax] = [Math.min(...rates), Math.max(...rates)];
  const columns = Math.max(10, Math.min(plotColumns, (style.width ?? Infinity) - labelWidth - 2));
  const rateAt = (column: number) => (xMax === xMin ? xMin : xMin + ((xMax - xMin) * column) / (columns - 1));
  // asciichart draws the segment from point c to c + 1 in column c: columns − 1 columns in all
  const columnOf = (rps: number) => (xMax === xMin ? 0 : Math.round(((rps - xMin) / (xMax - xMin)) * (columns - 2)));
  const highest = Math.max(...plotted.flatMap((result) => result.steps.filter((step) => step.counted && step.responses > 0).map((step) => step.latencyMs.p99)));
  const top = sloP99Ms * (axisTops.find((share) => highest <= share * sloP99Ms) ?? axisTops.at(-1) ?? 3);
  const clip = (ms: number) => Math.min(top, ms);
  const series = plotted.map((result) => Array.from({ length: columns }, (_, column) => clip(p99At(result, rateAt(column), top))));
  const looks = plotted.map((_, index) => seriesLook(index));
  const rows = plotLayers(
    [
      ...series.map((points, index) => ({ points, look: looks[index] ?? seriesLook(index) })),
      { points: Array<number>(columns).fill(clip(sloP99Ms)), look: targetLook },
    ],
    { max: top, height: chartHeight, format: formatLatency },
    style.color,
  );
  // the label, a space and the axis come before the plot
  const indent = ' '.repeat(labelWidth + 2);
  const markers = plotted.map((result, index) => {
    const look = looks[index];
    const cells = Array<string>(columns).fill(' ');
    const notes: string[] = [];
    if (result.knee && result.knee.rps !== result.capacityRps) {
      cells[columnOf(result.knee.rps)] = '╵';
      notes.push(`╵ knee ${formatRps(result.knee.rps)}`);
    }
    if (result.capacityRps !== null) {
      cells[columnOf(result.capacityRps)] = '▲';
      notes.push(`▲ capacity ${formatRps(result.capacityRps)}${result.failedRps === null ? '+' : ''}`);
    } else {
      notes.push('no capacity');
    }
    const marks = cells
      .map((cell) => (cell === ' ' ? cell : paint(cell, look?.color, style.color)))
      .join('')
      .trimEnd();
    return `${indent}${marks}${' '.repeat(Math.max(1, columns - visibleLength(marks) + 1))}${legendMark(look, style.color)} ${capacityLabel(result)}: ${notes.join(', ')}`;
  });
  const left = `${formatRps(xMin)} req/s`;
  const right = `${formatRps(xMax)} req/s`;
  const axis = `${indent}${left}${' '.repeat(Math.max(1, columns - 1 - left.length - right.length))}${right}`;
  const clipped = highest > top ? `, clipped at ${formatLatency(top)}` : '';
  return [`p99 against offered rate (${legendMark(targetLook, style.color)} target ${formatLatency(sloP99Ms)}${clipped})`, ...rows, axis, ...markers];
}

/** The topology's p99 at `rps`, joined straight between its steps and flat beyond them; a step with no response counts as `top`. */
function p99At(result: CapacityResult, rps: number, top: number): number {
  const points = result.steps
    .filter((step) => step.counted)
    .map((step) => ({ x: step.targetRps, y: step.responses > 0 ? step.latencyMs.p99 : top }))
    .sort((a, b) => a.x - b.x);
  return interpolate(points, rps);
}

function visibleLength(text: string): number {
  return text.replace(/\x1b\[[0-9;]*m/g, '').length;
}
