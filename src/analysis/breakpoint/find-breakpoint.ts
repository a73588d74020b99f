import { stageLevelAt } from '../../contract/stage-level.js';
import type { Breakpoint, BreakpointMetric, TrialResult, WindowPoint } from '../../contract/trial.js';
import { holds, type ScopedThreshold } from '../../scenario/thresholds/parse.js';

/**
 * A figure past its limit makes a breakpoint only when it stays past it: in every window of a
 * stretch of at least holdMs and fewestWindows windows. A window holds 10 responses or more
 * (window-slices.ts), so one slow request lifts one window's p99, never three in a row; a server
 * past its capacity keeps every later window past the limit, because its queue only grows.
 */
export const breakpointRules = {
  holdMs: 500,
  fewestWindows: 3,
} as const;

/** What a breakpoint is judged against. */
export interface BreakpointLimits {
  slo: { p50: number; p99: number };
  /** The share of failed requests a window may have (the scenario's errorTolerance). */
  errorTolerance: number;
  /** The run's thresholds: those on a figure a window has (p50, p99, errors, error_rate) and in the trial's scope are judged too. */
  thresholds: readonly ScopedThreshold[];
}

/** One figure judged window by window: its value in a window (null when the window cannot say), and whether that value is past the limit. */
interface Criterion {
  metric: BreakpointMetric;
  limit: number;
  threshold?: string;
  read: (point: WindowPoint) => number | null;
  broken: (value: number) => boolean;
}

const errorShare = (point: WindowPoint): number | null => (point.responses + point.errors === 0 ? null : point.errors / (point.responses + point.errors));

/**
 * Where a staged trial first broke, as the load moved: the earliest window that begins a
 * stretch past a limit (breakpointRules), with the load asked for at its start. Undefined for a
 * trial without stages; null when it held throughout. Pure.
 */
export function findBreakpoint(trial: TrialResult, limits: BreakpointLimits): Breakpoint | null | undefined {
  const { stages } = trial.load;
  if (!stages || stages.length === 0) return undefined;
  const { points, widthMs } = windowsOf(trial);
  let found: { index: number; criterion: Criterion; value: number } | undefined;
  for (const criterion of criteriaFor(trial, limits)) {
    const hit = firstStretch(points, widthMs, criterion);
    if (hit && (!found || hit.index < found.index)) found = { ...hit, criterion };
  }
  if (!found) return null;
  const point = points[found.index] as WindowPoint;
  const atMs = point.t * 1000;
  const { criterion } = found;
  const where =
    trial.load.model === 'open'
      ? { rps: stageLevelAt(trial.load.rate ?? 0, stages, atMs) }
      : { rps: point.rps, connections: Math.round(stageLevelAt(trial.load.connections, stages, atMs)) };
  return {
    ...where,
    atMs,
    metric: criterion.metric,
    value: found.value,
    limit: criterion.limit,
    ...(criterion.threshold === undefined ? {} : { threshold: criterion.threshold }),
  };
}

/** The trial's short windows; a report without them has its per-second series. */
function windowsOf(trial: TrialResult): { points: WindowPoint[]; widthMs: number } {
  if (trial.windows && trial.windows.points.length > 0) return trial.windows;
  const points = trial.series.map((point) => ({
    t: point.t,
    responses: point.rps,
    errors: point.errors,
    rps: point.rps,
    p50Ms: point.p50Ms,
    p99Ms: point.p99Ms,
  }));
  return { points, widthMs: 1000 };
}

function criteriaFor(trial: TrialResult, limits: BreakpointLimits): Criterion[] {
  const criteria: Criterion[] = [
    { metric: 'p99', limit: limits.slo.p99, read: (point) => point.p99Ms, broken: (value) => value > limits.slo.p99 },
    { metric: 'p50', limit: limits.slo.p50, read: (point) => point.p50Ms, broken: (value) => value > limits.slo.p50 },
    { metric: 'errors', limit: limits.errorTolerance, read: errorShare, broken: (value) => value > limits.errorTolerance },
  ];
  for (const scoped of limits.thresholds) {
    const inScope =
      (scoped.topology === undefined || scoped.topology === trial.topology || scoped.topology === trial.sweep) &&
      (scoped.workload === undefined || scoped.workload === trial.workload);
    const read = windowFigure(scoped.threshold.metric);
    if (!inScope || !read) continue;
    const { operator, value: limit, source } = scoped.threshold;
    criteria.push({ metric: 'threshold', limit, threshold: source, read, broken: (value) => !holds(value, operator, limit) });
  }
  return criteria;
}

/** How a window gives a threshold's figure; undefined for figures a window does not have (rps of a moving load, cpu…). */
function windowFigure(metric: string): ((point: WindowPoint) => number | null) | undefined {
  switch (metric) {
    case 'p50':
      return (point) => point.p50Ms;
    case 'p99':
      return (point) => point.p99Ms;
    case 'errors':
      return (point) => point.errors;
    case 'error_rate':
      return errorShare;
    default:
      return undefined;
  }
}

/**
 * The first window that begins a stretch past the limit long enough to count, and its value.
 * A window without the figure (no answer in it) neither ends a stretch nor lengthens it.
 */
function firstStretch(points: readonly WindowPoint[], widthMs: number, criterion: Criterion): { index: number; value: number } | undefined {
  let start: { index: number; value: number } | undefined;
  let judged = 0;
  for (let index = 0; index < points.length; index += 1) {
    const point = points[index] as WindowPoint;
    const value = criterion.read(point);
    if (value === null) continue;
    if (!criterion.broken(value)) {
      start = undefined;
      judged = 0;
      continue;
    }
    start ??= { index, value };
    judged += 1;
    const spanMs = point.t * 1000 + widthMs - (points[start.index] as WindowPoint).t * 1000;
    if (judged >= breakpointRules.fewestWindows && spanMs >= breakpointRules.holdMs) return start;
  }
  return undefined;
}
