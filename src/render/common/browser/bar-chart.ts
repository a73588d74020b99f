import type { BarChart } from '../chart-data.js';
import { axisFormats } from './axes.js';
import { el, label, legend, tip, widthOf } from './svg.js';

/** Shares as horizontal bars (e.g. each worker's share of requests and connections), grouped, with the fair share dotted in each group. */
export function drawBars(figure: HTMLElement, chart: BarChart, scenario: string): void {
  const W = widthOf(figure);
  const [left, right, top, bar, gap, groupGap, header] = [150, 48, 10, 12, 3, 12, 18];
  const share = axisFormats.share;
  const rows = chart.groups.reduce((count, group) => count + group.rows.length, 0);
  const height = top + chart.groups.length * (header + groupGap) + rows * (chart.legend.length * (bar + gap) + 6) + 22;
  const svg = el('svg', { viewBox: `0 0 ${W} ${height}`, role: 'img', 'aria-label': `${scenario} · ${chart.title}` });
  const x = (fraction: number) => left + (W - left - right) * fraction;
  const bottom = height - 22;
  el('rect', { x: left, y: top, width: W - left - right, height: bottom - top, class: 'plot' }, svg);
  for (const value of [0, 0.25, 0.5, 0.75, 1]) {
    el('path', { d: `M${x(value)} ${top}V${bottom}`, class: 'grid' }, svg);
    label(svg, x(value), bottom + 15, share(value));
  }
  let at = top + 4;
  for (const group of chart.groups) {
    label(svg, 8, at + 12, group.label, 'start', 'group');
    const start = at + header - 2;
    at += header;
    for (const row of group.rows) {
      label(svg, left - 8, at + (chart.legend.length * (bar + gap)) / 2 + 3, row.label, 'end');
      row.values.forEach((value, index) => {
        const name = chart.legend[index] ?? '';
        if (value === null) {
          label(svg, left + 4, at + bar - 2, `${name}: n/a`, 'start');
        } else {
          const rect = el('rect', { x: left, y: at, width: Math.max(1, x(value) - left).toFixed(1), height: bar, rx: 2, class: `f${index % 8}` }, svg);
          tip(rect, `${group.label} · ${row.label} · ${name}: ${share(value)}`);
          label(svg, x(value) + 4, at + bar - 2, share(value), 'start');
        }
        at += bar + gap;
      });
      at += 6;
    }
    const fair = el('path', { d: `M${x(group.fairShare).toFixed(1)} ${start}V${at - 4}`, class: 'fair' }, svg);
    tip(fair, `fair share ${share(group.fairShare)}`);
    at += groupGap;
  }
  figure.appendChild(svg);
  legend(figure, [...chart.legend.map((name, index) => ({ label: name, color: index, box: true })), { label: 'fair share (dotted)', color: 7, dashed: true }]);
}
