import asciichart from 'asciichart';

/** How a terminal chart is drawn. */
export interface ChartStyle {
  color: boolean;
  /** Terminal columns; the plot is narrowed to fit. */
  width?: number | undefined;
}

/** Text in an asciichart colour, or as it is when colour is off (CI logs, files). */
export function paint(text: string, color: string | undefined, useColor: boolean): string {
  return useColor ? asciichart.colored(text, color) : text;
}

/**
 * One row of a chart drawn as layers (one asciichart plot per series on a shared y axis): the
 * axis of the first layer, then in each column the first layer that draws there, in its colour.
 */
export function mergeChartRow(lines: readonly string[], colors: readonly (string | undefined)[], useColor: boolean): string {
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
