import type { RunReport } from '../../contract/run-report.js';
import type { ScalingCurve } from '../../contract/scaling.js';
import { describeFit } from '../../analysis/scaling/scaling-curves.js';
import { uslThroughput } from '../../analysis/scaling/usl-fit.js';
import { formatLatency, formatPercent, formatRatio, formatRps, missing } from '../../text/format.js';

/**
 * A scaling curve as text, shared by the terminal, markdown and HTML renderers so that a
 * figure reads the same in each. Pure.
 */

export const scalingColumns = ['instances', 'topology', 'rps', 'p99', 'speed-up', 'efficiency', 'USL fit'] as const;

/** The run's curves on one workload. */
export function curvesOf(report: RunReport, workload: string): ScalingCurve[] {
  return (report.scaling ?? []).filter((curve) => curve.workload === workload);
}

/** 'cluster on cpu: USL: contention σ 0.050, …' — the heading of a curve. */
export function curveTitle(curve: ScalingCurve): string {
  return `scaling: ${curve.topology} over ${curve.points.map((point) => point.instances).join(', ')} instances — ${describeFit(curve)}`;
}

/** One row per count: measured figures, and the fit's throughput there. */
export function scalingRows(curve: ScalingCurve): string[][] {
  return curve.points.map((point) => [
    String(point.instances),
    point.topology,
    formatRps(point.rps),
    point.p99Ms === null ? missing : formatLatency(point.p99Ms),
    formatRatio(point.speedUp),
    point.efficiency === null ? missing : formatPercent(point.efficiency),
    curve.fit ? formatRps(uslThroughput(curve.fit, point.instances)) : missing,
  ]);
}

/**
 * How far along the instance axis a plot goes: the largest count, or as far as the fitted peak
 * when it lies beyond (up to 4× the largest count: a peak further out is said, not drawn).
 */
export function plotExtent(curve: ScalingCurve): number {
  const largest = Math.max(1, ...curve.points.map((point) => point.instances));
  const peak = curve.fit?.peakInstances ?? null;
  return peak !== null && peak > largest ? Math.min(Math.ceil(peak * 1.1), 4 * largest) : largest;
}
