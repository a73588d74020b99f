import type { RunReport } from '../../contract/run-report.js';
import type { ScalingCurve } from '../../contract/scaling.js';
import { uslThroughput } from '../../analysis/scaling/usl-fit.js';
import { html, type SafeHtml } from '../../text/html-escape.js';
import { chartFigure, htmlTable } from '../common/html-page.js';
import type { LineChart, LineSeries } from '../common/chart-data.js';
import { curvesOf, curveTitle, plotExtent, scalingColumns, scalingRows } from './scaling-figures.js';

/** The chart of each scaling curve of the run, with the id its figure carries. */
export function scalingCharts(report: RunReport): LineChart[] {
  return (report.scaling ?? []).map((curve, index) => scalingChartOf(curve, `scaling-curve-${index}`));
}

/** The curves of one workload: per curve its title, table, chart and notes. charts: scalingCharts(report), in the report's order. */
export function scalingSection(report: RunReport, workload: string, charts: readonly LineChart[]): SafeHtml[] {
  const all = report.scaling ?? [];
  return curvesOf(report, workload).map((curve) => {
    const chart = charts[all.indexOf(curve)];
    return html`<h3>${curveTitle(curve).replace(/^scaling/, 'Scaling')}</h3>
${htmlTable(scalingColumns, scalingRows(curve))}
${chart ? chartFigure(chart) : null}
${curve.notes.map((note) => html`<p class="muted">${note}</p>`)}`;
  });
}

/**
 * Throughput against instances: the measured counts as dots, the fitted USL as a line over every
 * whole count from 1 to the largest (or to its peak, see plotExtent), and the linear ideal from
 * the smallest count, dashed: where the fit leaves the ideal, contention has set in.
 */
function scalingChartOf(curve: ScalingCurve, id: string): LineChart {
  const extent = plotExtent(curve);
  const counts = Array.from({ length: extent }, (_, index) => index + 1);
  const [first] = curve.points;
  const series: LineSeries[] = [
    {
      label: `${curve.topology} measured`,
      color: 0,
      dashed: false,
      points: curve.points.map((point): [number, number | null] => [point.instances, point.rps]),
      until: null,
      dotsOnly: true,
    },
  ];
  const { fit } = curve;
  if (fit) series.push({ label: 'USL fit', color: 1, dashed: false, points: counts.map((n): [number, number] => [n, uslThroughput(fit, n)]), until: null });
  if (first && first.rps > 0) {
    const perInstance = first.rps / first.instances;
    series.push({ label: 'linear (no contention)', color: 2, dashed: true, points: counts.map((n): [number, number] => [n, perInstance * n]), until: null });
  }
  const marks =
    fit && fit.peakInstances !== null && fit.peakRps !== null && fit.peakInstances <= extent
      ? [{ label: `peak N* ${Math.round(fit.peakInstances)}`, color: 1, symbol: 'triangle' as const, x: fit.peakInstances, y: fit.peakRps }]
      : [];
  return {
    type: 'line',
    id,
    name: 'scaling-curve',
    title: `${curve.topology} on ${curve.workload}: requests per second against instances`,
    xLabel: 'instances',
    xCategories: null,
    unit: 'rps',
    log: false,
    series,
    guides: [],
    marks,
  };
}
