import type { LineChart } from '../common/chart-data.js';
import { wide } from '../run/html-charts.js';
import type { ChartBlock, Section } from './model.js';

/** A chart block as the data the page's script draws: a line per series in the palette's order, each mark a triangle (or a line across at x without a y). */
export function lineChartOf(block: ChartBlock): LineChart {
  const series = block.series.map((entry, index) => ({
    label: entry.label,
    color: index,
    dashed: false,
    points: entry.points.map(([x, y]): [number, number | null] => [x, y]),
    until: null,
  }));
  const guides = block.guides.map((guide) => ({ ...guide }));
  return {
    type: 'line',
    id: block.id,
    name: 'by-offered-rate',
    title: block.title,
    xLabel: block.xLabel,
    xCategories: null,
    unit: block.unit,
    log: wide(series, guides),
    series,
    guides,
    marks: block.marks.map((mark) =>
      mark.y === null
        ? { label: mark.label, color: 0, symbol: 'event', x: mark.x, y: null }
        : { label: mark.label, color: 0, symbol: 'triangle', x: mark.x, y: mark.y },
    ),
  };
}

/** Every chart block of the sections, as the page's chart data. */
export function chartsOfSections(sections: readonly Section[]): LineChart[] {
  return sections.flatMap((section) => section.blocks.flatMap((block) => (block.kind === 'chart' ? [lineChartOf(block)] : [])));
}
