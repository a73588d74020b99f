import asciichart from 'asciichart';

/**
 * The one terminal chart engine: every text chart of every report (throughput and p99 over time,
 * p99 against offered rate, throughput against instances) is drawn here, as layers — one
 * asciichart plot per series on a shared y axis, laid over each other — so that a series keeps
 * one colour and one line set wherever it is drawn, and a chart reads without colour (CI logs).
 */

/** How a terminal chart is drawn. */
export interface ChartStyle {
  color: boolean;
  /** Terminal columns; the plot is narrowed to fit. */
  width?: number | undefined;
}

/** How one series is drawn: an asciichart colour and the six characters of its line (─ ╰ ╭ ╮ ╯ │). */
export interface Look {
  color: string | undefined;
  line: string;
}

/** Characters of a y axis label; with ' ┤' the plot starts at column labelWidth + 2. */
export const labelWidth = 10;

const palette = [asciichart.cyan, asciichart.magenta, asciichart.yellow, asciichart.green, asciichart.blue, asciichart.red];
/** One line set per series, so series stay apart without colour. */
const lineSets = ['─╰╭╮╯│', '═╚╔╗╝║', '━┗┏┓┛┃', '······'];

/** The look of the index-th series of a chart (a topology's index in the run, so that it keeps its look in every chart). */
export function seriesLook(index: number): Look {
  return { color: palette[index % palette.length], line: lineSets[index % lineSets.length] ?? '─╰╭╮╯│' };
}

/** A dotted line: a fitted curve, beside a measured one. */
export const dottedLine = '······';
/** A target (an SLO) drawn across the chart. */
export const targetLook: Look = { color: asciichart.red, line: '┄┄┄┄┄┄' };

export interface Axis {
  max: number;
  /** Rows above the lowest. */
  height: number;
  /** A y axis label, padded to labelWidth here. */
  format: (value: number) => string;
}

/** The series on one y axis from 0, each drawn in its look; the first layer wins a column where two draw. */
export function plotLayers(layers: readonly { points: readonly number[]; look: Look }[], axis: Axis, useColor: boolean): string[] {
  const config = { min: 0, max: axis.max, height: axis.height, format: (value: number) => axis.format(value).padStart(labelWidth) };
  // '┤' in place of asciichart's '┼' first-value mark: the axis reads the same on every layer.
  const drawn = layers.map((layer) => asciichart.plot([...layer.points], { ...config, symbols: ['┤', '┤', '╶', '╴', ...layer.look.line] }).split('\n'));
  return (drawn[0] ?? []).map((_, row) =>
    mergeChartRow(
      drawn.map((layer) => layer[row] ?? ''),
      layers.map((layer) => layer.look.color),
      useColor,
    ),
  );
}

/** A legend entry: two characters of the series' line in its colour. */
export function legendMark(look: Look | undefined, useColor: boolean): string {
  return paint(look?.line.slice(0, 1).repeat(2) ?? '', look?.color, useColor);
}

/** Text in an asciichart colour, or as it is when colour is off (CI logs, files). */
export function paint(text: string, color: string | undefined, useColor: boolean): string {
  return useColor ? asciichart.colored(text, color) : text;
}

/** One row of the layers: the axis of the first layer, then in each column the first layer that draws there, in its colour. */
function mergeChartRow(lines: readonly string[], colors: readonly (string | undefined)[], useColor: boolean): string {
  const first = lines[0] ?? '';
  const plotStart = first.indexOf('┤') + 1;
  const width = Math.max(...lines.map((line) => line.length));
  let row = first.slice(0, plotStart);
  for (let column = plotStart; column < width; column += 1) {
    const layer = lines.findIndex((line) => (line[column] ?? ' ') !== ' ');
    row += layer === -1 ? ' ' : paint(lines[layer]?.[column] ?? ' ', colors[layer], useColor);
  }
  return row.trimEnd();
}
