import { linearRegression, linearRegressionLine, rSquared } from 'simple-statistics';
import type { ProcessProbe } from '../../contract/probes.js';
import type { TrialResult } from '../../contract/trial.js';
import { formatBytes } from '../../text/format.js';
import { formatSeconds, judged, listNames, notEnoughData, processName, type VerdictRule } from './judgement.js';

/** Three samples at least: through two points any line fits perfectly. */
const minSamples = 3;
/** Steady: the straight line explains 80% of the variation, more than GC's sawtooth and sampling noise do. */
const minRSquared = 0.8;
/**
 * Growth over the measured phase of at least 10% of where the process started, and of 8 MiB:
 * a process's memory settles early under load (code compiled, the young generation grown to its
 * working size), and a small process (a balancer of a few MiB) moves by a few MiB without a
 * leak. What keeps growing past both, in a straight line, is memory that is never given back.
 */
const minGrowthShare = 0.1;
const minGrowthBytes = 8 * 1024 ** 2;

/** A straight line through one memory series over the measured phase. */
export interface GrowthFit {
  /** Bytes per second. */
  slope: number;
  rSquared: number;
  /** The fitted value at the first and at the last sample. */
  fromBytes: number;
  toBytes: number;
  /** Seconds between the first and the last sample. */
  spanS: number;
  samples: number;
}

interface Growth {
  probe: ProcessProbe;
  memory: 'RSS' | 'heap';
  fit: GrowthFit;
  /** Growth over the whole measured phase at the fitted rate, ÷ where it started. */
  share: number;
}

/**
 * Warns when a process's RSS, or its V8 heap where the in-app agent reports it, rose steadily
 * over the measured phase: a least-squares line through its samples with r² ≥ 0.8 whose growth
 * over the phase is at least 10% of its starting level and 8 MiB. Separate from scale-memory,
 * which compares the peak with a limit: this is about the direction, which a short run sees
 * long before any limit. value: the highest growth over the phase ÷ the starting level among the
 * series that rose steadily by 8 MiB or more (0 when none did), so that value ≥ limit exactly when
 * it warns; limit: 0.1.
 */
export const memoryGrowth: VerdictRule = (trial) => {
  const phaseS = trial.phases.measured.durationMs / 1000;
  const growths = trial.probes.processes.flatMap((probe) => growthsOf(trial, probe, phaseS));
  // RSS is what the kernel counts (buffers outside the heap included): without it, a heap alone would pass what leaks outside it
  if (!growths.some((growth) => growth.memory === 'RSS')) {
    return notEnoughData(
      minGrowthShare,
      `fewer than ${minSamples} RSS samples of any server process in the measured phase (run longer, or sample more often: --probe-interval)`,
    );
  }
  // steady and large enough to matter: then the share decides, so value ≥ limit exactly when it warns
  const candidates = growths.filter((growth) => growth.fit.rSquared >= minRSquared && growth.fit.slope * phaseS >= minGrowthBytes);
  const leaking = candidates.filter((growth) => growth.share >= minGrowthShare);
  const value = Math.max(0, ...candidates.map((growth) => growth.share));
  if (leaking.length === 0) {
    return judged(
      'pass',
      value,
      minGrowthShare,
      `no steady growth of ${formatBytes(minGrowthBytes)} and ${formatShare(minGrowthShare)} or more over the ${formatSeconds(phaseS)} s measured phase`,
    );
  }
  const described = [...leaking].sort((a, b) => b.fit.slope - a.fit.slope).map((growth) => describeGrowth(growth, trial));
  return judged(
    'warn',
    value,
    minGrowthShare,
    `${listNames(described)}: a leak or a cache without bound — memory that only grows ends in an out-of-memory kill; find what holds it (a heap snapshot: node --heapsnapshot-signal=SIGUSR2) or bound the cache`,
  );
};

function growthsOf(trial: TrialResult, probe: ProcessProbe, phaseS: number): Growth[] {
  const half = trial.probes.intervalMs / 2000;
  const inPhase = (t: number) => t >= half && t <= phaseS + half;
  const rss = probe.series.filter((point) => inPhase(point.t)).map((point): [number, number] => [point.t, point.rssBytes]);
  const heap = (probe.heapSeries ?? []).filter((point) => inPhase(point.t)).map((point): [number, number] => [point.t, point.usedBytes]);
  const series = [
    { memory: 'RSS' as const, points: rss },
    { memory: 'heap' as const, points: heap },
  ];
  return series.flatMap(({ memory, points }) => {
    const fit = fitGrowth(points);
    if (!fit || fit.fromBytes <= 0) return [];
    return [{ probe, memory, fit, share: (fit.slope * phaseS) / fit.fromBytes }];
  });
}

/** The least-squares line through [t in s, bytes] points; null with fewer than three, or all at one time. */
export function fitGrowth(points: readonly [number, number][]): GrowthFit | null {
  if (points.length < minSamples) return null;
  const times = points.map(([t]) => t);
  const [first, last] = [Math.min(...times), Math.max(...times)];
  if (last <= first) return null;
  const line = linearRegression(points.map(([t, bytes]) => [t, bytes]));
  const at = linearRegressionLine(line);
  // a series that never moved has nothing for a line to explain (0 ÷ 0): not a steady growth
  const r2 = rSquared(
    points.map(([t, bytes]) => [t, bytes]),
    at,
  );
  return { slope: line.m, rSquared: Number.isFinite(r2) ? r2 : 0, fromBytes: at(first), toBytes: at(last), spanS: last - first, samples: points.length };
}

/** 'worker 1 (pid 6110): RSS grows 190 MiB/s (r² 0.99; 52.0 MiB → 596.0 MiB over 2.9 s)'. */
function describeGrowth(growth: Growth, trial: TrialResult): string {
  const { fit } = growth;
  return (
    `${processName(growth.probe, trial.probes.processes)}: ${growth.memory} grows ${formatRate(fit.slope)} ` +
    `(r² ${fit.rSquared.toFixed(2)}; ${formatBytes(fit.fromBytes)} → ${formatBytes(fit.toBytes)} over ${formatSeconds(fit.spanS)} s)`
  );
}

/** Bytes per second with the unit: '190 MiB/s', '1.5 MiB/s', '640 KiB/s'. */
export function formatRate(bytesPerSecond: number): string {
  const text = formatBytes(Math.abs(bytesPerSecond));
  const [number = '', unit = ''] = text.split(' ');
  const value = Number(number);
  const shown = value >= 10 ? String(Math.round(value)) : number;
  return `${bytesPerSecond < 0 ? '-' : ''}${shown} ${unit}/s`;
}

function formatShare(share: number): string {
  return `${Math.round(share * 100)}%`;
}
