import { interpolate } from '../common/interpolate.js';
import type { ScalingCurve } from '../../contract/scaling.js';
import { uslThroughput } from '../../analysis/scaling/usl-fit.js';
import { formatRps } from '../../text/format.js';
import { dottedLine, labelWidth, legendMark, plotLayers, seriesLook, type ChartStyle, type Look } from '../common/terminal-chart.js';
import { plotExtent } from './scaling-figures.js';

const chartHeight = 9;
const plotColumns = 60;
/** Measured: the first series' look; the fit: dots, so that the two stay apart without colour. */
const measuredLook = seriesLook(0);
const fitLook: Look = { color: seriesLook(1).color, line: dottedLine };

/**
 * Throughput against instances as text (the terminal, and a code block in markdown): the
 * measured points joined by straight lines and the fitted USL curve, from 1 instance to the
 * largest count (or the fitted peak), y from 0. Under the plot, ● marks each measured count and
 * ▲ the fitted peak when it is in view, then the instance axis. Pure.
 */
export function scalingChart(curve: ScalingCurve, style: ChartStyle): string[] {
  const measured = curve.points.filter((point) => point.rps > 0);
  if (measured.length < 2) return [];
  const extent = Math.max(2, plotExtent(curve));
  const columns = Math.max(10, Math.min(plotColumns, (style.width ?? Infinity) - labelWidth - 2));
  const instancesAt = (column: number) => 1 + ((extent - 1) * column) / (columns - 1);
  // asciichart draws the segment from point c to c + 1 in column c: columns − 1 columns in all
  const columnOf = (instances: number) => Math.round(((instances - 1) / (extent - 1)) * (columns - 2));
  // the measured line ends at the largest count run: beyond it only the fit speaks
  const lastCount = measured.at(-1)?.instances ?? extent;
  const measuredSeries = Array.from({ length: Math.min(columns, columnOf(lastCount) + 2) }, (_, column) => measuredAt(measured, instancesAt(column)));
  const fit = curve.fit;
  const fitted = fit ? Array.from({ length: columns }, (_, column) => uslThroughput(fit, instancesAt(column))) : [];
  const layers = [{ points: measuredSeries, look: measuredLook }, ...(fit ? [{ points: fitted, look: fitLook }] : [])];
  const top = Math.max(...layers.flatMap((layer) => layer.points));
  const rows = plotLayers(layers, { max: top > 0 ? top : 1, height: chartHeight, format: formatRps }, style.color);
  const indent = ' '.repeat(labelWidth + 2);
  const marks = Array<string>(columns).fill(' ');
  for (const point of measured) marks[columnOf(point.instances)] = '●';
  const peak = fit?.peakInstances ?? null;
  if (peak !== null && peak <= extent) marks[columnOf(peak)] = '▲';
  const left = '1';
  const right = `${extent} instances`;
  const legend = [
    `${legendMark(measuredLook, style.color)} measured (● counts run)`,
    ...(fit ? [`${legendMark(fitLook, style.color)} USL fit${peak !== null && peak <= extent ? ' (▲ its peak)' : ''}`] : []),
  ];
  return [
    `req/s against instances   ${legend.join('  ')}`,
    ...rows,
    `${indent}${marks.join('').trimEnd()}`,
    `${indent}${left}${' '.repeat(Math.max(1, columns - 1 - left.length - right.length))}${right}`,
  ];
}

/** The measured rps at a fractional count: straight between measured counts, flat before the first (no count below it was run). */
function measuredAt(points: readonly { instances: number; rps: number }[], instances: number): number {
  return interpolate(
    points.map((point) => ({ x: point.instances, y: point.rps })),
    instances,
  );
}
