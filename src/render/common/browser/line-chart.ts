import type { LineChart } from '../chart-data.js';
import { groupThousands } from '../../../text/format.js';
import { axisFormats, byteUnit, linearAxis, logAxis, niceStep } from './axes.js';
import { el, keepInside, label, legend, tip, widthOf } from './svg.js';

/** A line chart: its axes, the guides (a target), each series as a line or steps with dots, the marks, and the legend. */
export function drawLine(figure: HTMLElement, chart: LineChart, scenario: string): void {
  const W = widthOf(figure);
  const H = 250;
  const [left, right, top, bottom] = [66, 14, 12, 34];
  const svg = el('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `${scenario} · ${chart.title}` });
  // in the page from the start, so that labels can be measured
  figure.appendChild(svg);
  const xs: number[] = [];
  const ys: number[] = [];
  for (const series of chart.series) {
    if (series.until !== null) xs.push(series.until);
    for (const [x, y] of series.points) {
      xs.push(x);
      if (y !== null && (!chart.log || y > 0)) ys.push(y);
    }
  }
  for (const guide of chart.guides) ys.push(guide.value);
  const format = axisFormats[chart.unit];
  const y =
    chart.log && ys.length > 0
      ? logAxis(Math.min(...ys), Math.max(...ys), H - bottom, top)
      : linearAxis(ys.length > 0 ? Math.max(...ys) : 1, H - bottom, top, chart.unit === 'bytes' ? byteUnit(Math.max(...ys)) : 1);
  const xText = (value: number) => `${Number.isInteger(value) ? groupThousands(value) : String(value)} ${chart.xLabel}`;
  let x: (value: number) => number;
  let xTicks: { at: number; text: string }[];
  const categories = chart.xCategories;
  if (categories) {
    x = (index) => left + ((W - left - right) * (index + 0.5)) / categories.length;
    xTicks = categories.map((name, index) => ({ at: x(index), text: name }));
  } else {
    const xMin = Math.min(0, xs.length > 0 ? Math.min(...xs) : 0);
    let xMax = xs.length > 0 ? Math.max(...xs) : 1;
    if (xMax <= xMin) xMax = xMin + 1;
    const step = niceStep(xMax - xMin, 6);
    x = (value) => left + ((W - left - right) * (value - xMin)) / (xMax - xMin);
    xTicks = [];
    for (let tick = Math.ceil(xMin / step) * step; tick <= xMax + 1e-9; tick += step) xTicks.push({ at: x(tick), text: xText(+tick.toPrecision(6)) });
  }
  el('rect', { x: left, y: top, width: W - left - right, height: H - top - bottom, class: 'plot' }, svg);
  for (const value of y.ticks) {
    if (chart.log && value <= 0) continue;
    const at = y.at(value);
    el('path', { d: `M${left} ${at}H${W - right}`, class: 'grid' }, svg);
    keepInside(label(svg, left - 6, at + 4, format(value), 'end'), 0, W);
  }
  for (const tick of xTicks) keepInside(label(svg, tick.at, H - bottom + 16, tick.text), 0, W);
  // Labels alternate right and left: two targets close together (100 and 150 ms on a log axis) stay readable.
  chart.guides.forEach((guide, index) => {
    const at = y.at(guide.value);
    el('path', { d: `M${left} ${at}H${W - right}`, class: 'guide' }, svg);
    if (index % 2 === 0) keepInside(label(svg, W - right - 4, at - 4, guide.label, 'end', 'guide-label'), left, W - right);
    else keepInside(label(svg, left + 4, at + 12, guide.label, 'start', 'guide-label'), left, W - right);
  });
  const caption = figure.querySelector('figcaption');
  if (chart.log && caption) {
    const note = document.createElement('span');
    note.className = 'scale';
    note.textContent = ' · log scale';
    caption.appendChild(note);
  }
  // A series with 'until' is per-interval (one value a second): each value is drawn as a step
  // over its interval, the last one until 'until'. Otherwise points are joined by lines.
  for (const series of chart.series) {
    let d = '';
    let pen = false;
    const dots: { x: number; y: string; where: string; value: number }[] = [];
    series.points.forEach(([px, py], index) => {
      if (py === null || (chart.log && py <= 0)) {
        pen = false;
        return;
      }
      const at = y.at(py).toFixed(1);
      const from = x(px);
      if (series.until === null) {
        d += `${pen ? 'L' : 'M'}${from.toFixed(1)} ${at}`;
        dots.push({ x: from, y: at, where: categories ? (categories[px] ?? '') : xText(+px.toFixed(2)), value: py });
      } else {
        const end = series.points[index + 1]?.[0] ?? Math.max(series.until, px);
        d += `${pen ? 'L' : 'M'}${from.toFixed(1)} ${at}L${x(end).toFixed(1)} ${at}`;
        dots.push({ x: (from + x(end)) / 2, y: at, where: `${+px.toFixed(2)}–${+end.toFixed(2)} s`, value: py });
      }
      pen = true;
    });
    if (d && !series.dotsOnly) el('path', { d, class: `line s${series.color % 8}${series.dashed ? ' dashed' : ''}`, 'data-series': series.label }, svg);
    if (dots.length <= 40) {
      for (const dot of dots) {
        const mark = el(
          'circle',
          {
            cx: dot.x.toFixed(1),
            cy: dot.y,
            r: series.dashed ? 2 : series.dotsOnly ? 4 : 3,
            class: series.dotsOnly ? `open s${series.color % 8}` : `f${series.color % 8}`,
          },
          svg,
        );
        tip(mark, `${series.label} · ${dot.where}: ${format(dot.value)}`);
      }
    }
  }
  // Marks (a capacity, a knee): a dotted line down to the x axis and a symbol on the point.
  for (const mark of chart.marks) {
    if (mark.symbol === 'event') {
      const ex = x(mark.x).toFixed(1);
      tip(el('path', { d: `M${ex} ${top}V${H - bottom}`, class: `event-line s${mark.color % 8}`, 'data-mark': 'event' }, svg), mark.label);
      continue;
    }
    if (chart.log && mark.y <= 0) continue;
    const [mx, my, r] = [x(mark.x), y.at(mark.y), 7];
    el('path', { d: `M${mx.toFixed(1)} ${my.toFixed(1)}V${H - bottom}`, class: `mark-line s${mark.color % 8}` }, svg);
    const d =
      mark.symbol === 'triangle'
        ? `M${mx.toFixed(1)} ${(my - r).toFixed(1)}L${(mx + r).toFixed(1)} ${(my + r * 0.7).toFixed(1)}L${(mx - r).toFixed(1)} ${(my + r * 0.7).toFixed(1)}Z`
        : `M${mx.toFixed(1)} ${(my - r).toFixed(1)}L${(mx + r * 0.8).toFixed(1)} ${my.toFixed(1)}L${mx.toFixed(1)} ${(my + r).toFixed(1)}L${(mx - r * 0.8).toFixed(1)} ${my.toFixed(1)}Z`;
    tip(el('path', { d, class: `mark f${mark.color % 8}`, 'data-mark': mark.symbol }, svg), mark.label);
  }
  legend(figure, [
    ...chart.series.map((series) => ({ label: series.label, color: series.color, dashed: series.dashed, dot: series.dotsOnly })),
    ...chart.marks.map((mark) => ({ label: mark.label, color: mark.color, symbol: mark.symbol === 'triangle' ? '▲' : mark.symbol === 'event' ? '┆' : '◆' })),
  ]);
}
