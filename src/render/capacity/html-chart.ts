import { capacityLabel } from '../../analysis/capacity/summary.js';
import type { CapacityResult, CapacityStep } from '../../contract/capacity-report.js';
import { capacityCell, stepAtCapacity } from './figures.js';
import { formatLatency, formatRps } from '../../text/format.js';
import type { ChartMark, LineChart, LineSeries } from '../common/chart-data.js';
import { wide } from '../run/html-charts.js';

/**
 * p99 from the intended start against offered rate, one chart per workload, as the data the
 * HTML report's script draws (html-charts.ts): per topology a line through the steps the search
 * counted, in order of rate; the steps it measured again as dots apart; the SLO as a guide; each
 * capacity (▲) and knee (◆) marked. Null when no step got a response. Pure.
 */
export function capacityRateChart(results: readonly CapacityResult[], labels: readonly string[], sloP99Ms: number, id: string): LineChart | null {
  const colorOf = (result: CapacityResult) => Math.max(0, labels.indexOf(capacityLabel(result)));
  const series = results.flatMap((result): LineSeries[] => {
    const label = capacityLabel(result);
    const again = result.steps.filter((step) => !step.counted);
    return [
      { label, color: colorOf(result), dashed: false, points: byRate(result.steps.filter((step) => step.counted)), until: null },
      ...(again.length > 0
        ? [{ label: `${label}, not counted (measured again)`, color: colorOf(result), dashed: false, points: byRate(again), until: null, dotsOnly: true }]
        : []),
    ];
  });
  if (!series.some((entry) => entry.points.some((point) => point[1] !== null))) return null;
  const guides = [{ label: `p99 target ${formatLatency(sloP99Ms)}`, value: sloP99Ms }];
  return {
    type: 'line',
    id,
    name: 'p99-by-rate',
    title: 'p99 from the intended start against offered rate',
    xLabel: 'req/s',
    xCategories: null,
    unit: 'ms',
    log: wide(series, guides),
    series,
    guides,
    marks: results.flatMap((result) => marksOf(result, colorOf(result))),
  };
}

/** [target rate, p99] in order of rate; a step without a response has no p99 (a gap). */
function byRate(steps: readonly CapacityStep[]): [number, number | null][] {
  return [...steps].sort((a, b) => a.targetRps - b.targetRps).map((step) => [step.targetRps, step.responses > 0 ? step.latencyMs.p99 : null]);
}

/** The capacity and the knee; one mark when the knee is the capacity. */
function marksOf(result: CapacityResult, color: number): ChartMark[] {
  const label = capacityLabel(result);
  const atCapacity = stepAtCapacity(result);
  const { knee } = result;
  const kneeIsCapacity = knee !== null && knee.rps === result.capacityRps;
  const marks: ChartMark[] = [];
  if (knee && !kneeIsCapacity) {
    marks.push({
      label: `${label}: knee at ${formatRps(knee.rps)} req/s (p99 ${formatLatency(knee.p99Ms)}, then climbs)`,
      color,
      symbol: 'diamond',
      x: knee.rps,
      y: knee.p99Ms,
    });
  }
  if (result.capacityRps !== null && atCapacity && atCapacity.responses > 0) {
    const also = kneeIsCapacity ? ', also the knee' : '';
    marks.push({
      label: `${label}: capacity ${capacityCell(result)} req/s (p99 ${formatLatency(atCapacity.latencyMs.p99)})${also}`,
      color,
      symbol: 'triangle',
      x: result.capacityRps,
      y: atCapacity.latencyMs.p99,
    });
  }
  return marks;
}
