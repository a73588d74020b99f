/** The part of asciichart 1.5 that loadlab uses (the package ships no types). */
declare module 'asciichart' {
  export interface PlotConfig {
    /** Lowest and highest values of the y axis; by default those of the series. */
    min?: number;
    max?: number;
    /** Rows above the lowest one. */
    height?: number;
    /** Columns left of the plot, the axis included. */
    offset?: number;
    padding?: string;
    /** ANSI colour sequences, one per series. */
    colors?: string[];
    /** Ten symbols: axis with value, axis, two unused, then ─ ╰ ╭ ╮ ╯ │. */
    symbols?: string[];
    /** Formats the y axis label of a row. */
    format?: (value: number, row: number) => string;
  }

  interface AsciiChart {
    plot(series: number[] | number[][], config?: PlotConfig): string;
    colored(text: string, color?: string): string;
    readonly black: string;
    readonly red: string;
    readonly green: string;
    readonly yellow: string;
    readonly blue: string;
    readonly magenta: string;
    readonly cyan: string;
    readonly lightgray: string;
    readonly default: string;
    readonly darkgray: string;
    readonly lightred: string;
    readonly lightgreen: string;
    readonly lightyellow: string;
    readonly lightblue: string;
    readonly lightmagenta: string;
    readonly lightcyan: string;
    readonly white: string;
    readonly reset: string;
  }

  const asciichart: AsciiChart;
  export default asciichart;
}
