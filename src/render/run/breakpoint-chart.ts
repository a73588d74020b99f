import { stageLevelAt } from '../../contract/stage-level.js';
import type { TrialResult } from '../../contract/trial.js';
import { describeBreakpoint } from '../../analysis/breakpoint/breakpoint-text.js';
import { formatLatency } from '../../text/format.js';
import type { ChartBlock } from '../sections/model.js';

/**
 * A staged trial's latency and errors against the load its stages asked for, second by second
 * (the rate in the middle of each second; connections in the closed model), with where it broke
 * marked. id: unique in the report, the charts' ids begin with it. Pure.
 */
export function breakpointCharts(trial: TrialResult, id: string, sloP99Ms: number): ChartBlock[] {
  const open = trial.load.model === 'open';
  const stages = trial.load.stages ?? [];
  const start = open ? (trial.load.rate ?? 0) : trial.load.connections;
  const seconds = [...trial.series]
    .map((point) => ({ point, x: stageLevelAt(start, stages, point.t * 1000 + 500) }))
    .sort((a, b) => a.x - b.x || a.point.t - b.point.t);
  const { breakpoint } = trial;
  const brokeAt = breakpoint ? (open ? breakpoint.rps : (breakpoint.connections ?? null)) : null;
  const mark = (y: number | null) => (breakpoint && brokeAt !== null ? [{ label: `broke: ${describeBreakpoint(breakpoint)}`, x: brokeAt, y }] : []);
  const xLabel = open ? 'req/s' : 'connections';
  const latencyBroke = breakpoint && (breakpoint.metric === 'p99' || breakpoint.metric === 'p50') ? breakpoint.value : null;
  return [
    {
      kind: 'chart',
      id: `${id}-latency`,
      title: `p50 and p99 against the ${open ? 'offered rate' : 'connections'}`,
      xLabel,
      unit: 'ms',
      series: [
        { label: 'p50', points: seconds.map(({ point, x }) => [x, point.p50Ms]) },
        { label: 'p99', points: seconds.map(({ point, x }) => [x, point.p99Ms]) },
      ],
      guides: [{ label: `p99 target ${formatLatency(sloP99Ms)}`, value: sloP99Ms }],
      marks: mark(latencyBroke),
    },
    {
      kind: 'chart',
      id: `${id}-errors`,
      title: `errors per second against the ${open ? 'offered rate' : 'connections'}`,
      xLabel,
      unit: 'rps',
      series: [{ label: 'errors/s', points: seconds.map(({ point, x }) => [x, point.errors]) }],
      guides: [],
      marks: mark(null),
    },
  ];
}
