import { linearRegression, linearRegressionLine } from 'simple-statistics';
import type { ProcessProbe } from '../../contract/probes.js';
import type { TrialResult } from '../../contract/trial.js';
import { formatBytes } from '../../text/format.js';
import { tQuantile975 } from '../run/repeats.js';
import { exitedProcesses, formatSeconds, judged, listNames, notEnoughData, processName, type VerdictRule } from './judgement.js';

/**
 * Three samples at least: a slope's 95% interval has n − 2 degrees of freedom, and with one its
 * t quantile (12.7) is so wide that only a steep, straight climb clears it; the interval narrows
 * as samples come. A 2 s phase sampled every 500 ms has three or four (a busy machine samples late).
 */
const minSamples = 3;
/**
 * A rate that matters: 1 MiB/s is 3.5 GiB an hour, which ends in an out-of-memory kill within
 * hours on any common server. The lower end of the slope's 95% interval must reach it, so a
 * slope that noise could make (a flat series, a short settling climb) never does.
 */
const minRateBytesPerS = 1024 ** 2;
/**
 * And the growth that rate gives over the measured phase must be at least 8 MiB and 10% of where
 * the process started: a small process (a balancer of a few MiB) moves by a few MiB without a
 * leak, and a big one by a few percent.
 */
const minGrowthShare = 0.1;
const minGrowthBytes = 8 * 1024 ** 2;
/**
 * In a phase shorter than 10 s, the growth must reach 48 MiB: a fresh process's heap grows to its
 * working size in its first seconds, and a TypeScript express app under tsx was measured here
 * adding 28–34 MiB (RSS or heap) over a 2 s phase after a 1–2 s warm-up, in 2 of 5 runs. A leak a
 * short run can tell from that keeps far more (64 KiB a request at 2,000 req/s is 250 MiB over
 * 2 s); a longer phase sees past the warm-up.
 */
const shortPhaseS = 10;
const minShortPhaseGrowthBytes = 48 * 1024 ** 2;

function minGrowthBytesFor(phaseS: number): number {
  return phaseS < shortPhaseS ? minShortPhaseGrowthBytes : minGrowthBytes;
}

/** A least-squares line through one memory series over the measured phase. */
export interface GrowthFit {
  /** Bytes per second. */
  slope: number;
  /** The lower end of the slope's two-sided 95% confidence interval, in bytes per second: the least growth the samples show. */
  slopeLow: number;
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
  /** Growth over the whole measured phase at the least rate the samples show, ÷ where it started. */
  share: number;
}

/**
 * Warns when a process's RSS, or its V8 heap where the in-app agent reports it, keeps growing
 * over the measured phase by more than noise can explain: the lower end of the 95% confidence
 * interval of the slope of a least-squares line through its samples (at least 3) is 1 MiB/s or
 * more, and at that rate the phase adds at least 8 MiB (48 MiB in a phase under 10 s) and 10% of
 * where the process started.
 * Each process is named once (by its RSS when both grow). Separate from scale-memory, which
 * compares the peak with a limit: this is about the direction, which a short run sees long
 * before any limit. value: the highest such growth ÷ the starting level among the series that
 * pass the rate and the 8 MiB (0 when none do), so that value ≥ limit exactly when it warns;
 * limit: 0.1.
 */
export const memoryGrowth: VerdictRule = (trial) => {
  const phaseS = trial.phases.measured.durationMs / 1000;
  const growths = trial.probes.processes.flatMap((probe) => growthsOf(trial, probe, phaseS));
  // RSS is what the kernel counts (buffers outside the heap included): without it, a heap alone would pass what leaks outside it
  if (!growths.some((growth) => growth.memory === 'RSS')) return notEnoughData(minGrowthShare, whyNoTrend(trial));
  const candidates = growths.filter((growth) => growth.fit.slopeLow >= minRateBytesPerS && growth.fit.slopeLow * phaseS >= minGrowthBytesFor(phaseS));
  const value = Math.max(0, ...candidates.map((growth) => growth.share));
  const leaking = oncePerProcess(candidates.filter((growth) => growth.share >= minGrowthShare));
  if (leaking.length === 0) {
    return judged(
      'pass',
      value,
      minGrowthShare,
      `no growth of ${formatRate(minRateBytesPerS)} or more that noise cannot explain (${formatBytes(minGrowthBytesFor(phaseS))} and ${formatShare(minGrowthShare)} over the ${formatSeconds(phaseS)} s measured phase)`,
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

/** Why no process has a trend to judge: one that exited during the trial says so, rather than advice to sample more often. */
function whyNoTrend(trial: TrialResult): string {
  const exited = exitedProcesses(trial);
  if (exited) return `no trend: ${exited}`;
  return `fewer than ${minSamples} RSS samples of any server process in the measured phase (run longer, or sample more often: --probe-interval)`;
}

/** A process whose RSS and heap both grow is named once, by its RSS (what the kernel counts). */
function oncePerProcess(growths: readonly Growth[]): Growth[] {
  const byPid = new Map<number, Growth>();
  for (const growth of growths) {
    const seen = byPid.get(growth.probe.pid);
    if (!seen || (seen.memory === 'heap' && growth.memory === 'RSS')) byPid.set(growth.probe.pid, growth);
  }
  return [...byPid.values()];
}

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
    return [{ probe, memory, fit, share: (fit.slopeLow * phaseS) / fit.fromBytes }];
  });
}

/** The least-squares line through [t in s, bytes] points and its slope's 95% interval; null with fewer than three, or all at one time. */
export function fitGrowth(points: readonly [number, number][]): GrowthFit | null {
  if (points.length < minSamples) return null;
  const times = points.map(([t]) => t);
  const [first, last] = [Math.min(...times), Math.max(...times)];
  if (last <= first) return null;
  const line = linearRegression(points.map(([t, bytes]) => [t, bytes]));
  const at = linearRegressionLine(line);
  const meanT = times.reduce((sum, t) => sum + t, 0) / times.length;
  const spreadT = times.reduce((sum, t) => sum + (t - meanT) ** 2, 0);
  const residuals = points.reduce((sum, [t, bytes]) => sum + (bytes - at(t)) ** 2, 0);
  // the slope's standard error: the residuals' spread over how far the times spread
  const standardError = Math.sqrt(residuals / (points.length - 2) / spreadT);
  return {
    slope: line.m,
    slopeLow: line.m - tQuantile975(points.length - 2) * standardError,
    fromBytes: at(first),
    toBytes: at(last),
    spanS: last - first,
    samples: points.length,
  };
}

/** 'worker 1 (pid 6110): RSS grows 190 MiB/s (at least 182 MiB/s; 52.0 MiB → 596.0 MiB over 2.9 s)'. */
function describeGrowth(growth: Growth, trial: TrialResult): string {
  const { fit } = growth;
  return (
    `${processName(growth.probe, trial.probes.processes)}: ${growth.memory} grows ${formatRate(fit.slope)} ` +
    `(at least ${formatRate(fit.slopeLow)}; ${formatBytes(fit.fromBytes)} → ${formatBytes(fit.toBytes)} over ${formatSeconds(fit.spanS)} s)`
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
