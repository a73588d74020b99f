/**
 * The charts of an HTML report as plain data: what the renderers decide to plot (run/html-charts.ts,
 * capacity/html-chart.ts), embedded in the page as JSON and drawn by its script (browser/). The
 * one contract between the two sides: names and types only, nothing the browser cannot load.
 */

/** The `data-chart` attribute of each kind of chart of a run. */
export const chartNames = ['latency-over-time', 'rps-over-time', 'latency-percentiles', 'cpu-per-process', 'rss-per-process', 'worker-shares'] as const;
/** Those of a capacity search. */
export const capacityChartNames = ['p99-by-rate'] as const;
/** A scaling sweep's throughput against instances (run/html-scaling.ts). */
export const scalingChartNames = ['scaling-curve'] as const;
/** A chart block of a report's sections (sections/model.ts): figures against the offered rate. */
export const sectionChartNames = ['by-offered-rate'] as const;
export type ChartName =
  (typeof chartNames)[number] | (typeof capacityChartNames)[number] | (typeof scalingChartNames)[number] | (typeof sectionChartNames)[number];

/** How the script formats values on an axis: ms as latencies, share and cores as percentages. */
export type Unit = 'ms' | 'rps' | 'cores' | 'bytes' | 'share';

export interface LineSeries {
  label: string;
  /** Palette slot: a topology keeps its colour in every chart of the run. */
  color: number;
  dashed: boolean;
  /** [x, y]; y null is a gap (not measured), never drawn as 0. */
  points: [number, number | null][];
  /**
   * Null: points are instants (samples), joined by lines. A number: each point is the value of
   * the interval up to the next point (a second of the load series), the last one until this x;
   * drawn as steps, so one second of data is still a line.
   */
  until: number | null;
  /** True: the points are drawn as dots only, not joined (measurements apart from the line, e.g. steps not counted). */
  dotsOnly?: boolean;
}

/**
 * A point of note on a line chart (a capacity, a knee): a symbol at it and a dotted line down to
 * the x axis. An 'event' mark (a fault of the timeline) is a moment, not a point: a line across
 * the whole plot at x, and y is null.
 */
export type ChartMark =
  | { label: string; /** Palette slot: the series' colour. */ color: number; symbol: 'triangle' | 'diamond'; x: number; y: number }
  | { label: string; color: number; symbol: 'event'; x: number; y: null };

export interface LineChart {
  type: 'line';
  id: string;
  name: ChartName;
  title: string;
  xLabel: string;
  /** Categorical x axis (the percentiles): x of a point is its index here. */
  xCategories: string[] | null;
  unit: Unit;
  /** A log y axis when the values span more than two decades (a 0.2 ms p50 under a 150 ms target). */
  log: boolean;
  series: LineSeries[];
  /** Horizontal reference lines: the response-time target. */
  guides: { label: string; value: number }[];
  marks: ChartMark[];
}

export interface BarChart {
  type: 'bars';
  id: string;
  name: ChartName;
  title: string;
  unit: 'share';
  /** What each bar of a row shows, in order: 'requests', 'connections'. */
  legend: string[];
  groups: { label: string; fairShare: number; rows: { label: string; values: (number | null)[] }[] }[];
}

export type Chart = LineChart | BarChart;

/** The page's JSON element (`#loadlab-data`): what the script reads. */
export interface PageData {
  /** The scenario's name, for the charts' accessible labels. */
  scenario: string;
  /** Every chart of the page by its id (a figure's `data-chart-id`). */
  charts: Record<string, Chart>;
}
