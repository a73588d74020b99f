import type { ScalingCurve, ScalingPoint, UslFit } from '../../contract/scaling.js';
import { answeredLatency } from '../figures.js';
import type { TrialResult } from '../../contract/trial.js';
import { formatPercent, formatRatio, formatRps, groupThousands } from '../../text/format.js';
import { listNames } from '../verdicts/judgement.js';
import { fitUsl } from './usl-fit.js';

/** A fit that explains less than this share of the variation between counts describes noise, or a limit the law does not model. */
const poorFit = 0.9;

/**
 * The scaling curve of every sweep (`instances: [1, 2, 4]`) on every workload, from one trial
 * per count (pass the median repeats): throughput, p99, speed-up and efficiency against the
 * smallest count, the USL fitted where the points allow it, and what it cannot tell. Pure.
 */
export function scalingCurves(trials: readonly TrialResult[], cores: number): ScalingCurve[] {
  const groups = new Map<string, TrialResult[]>();
  for (const trial of trials) {
    if (trial.sweep === undefined || trial.variant === 'base') continue;
    const key = `${trial.sweep}\u0000${trial.workload}`;
    groups.set(key, [...(groups.get(key) ?? []), trial]);
  }
  return [...groups.values()].map((group) => curveOf(group, cores));
}

function curveOf(group: readonly TrialResult[], cores: number): ScalingCurve {
  const sorted = [...group].sort((a, b) => a.instances - b.instances);
  const [first] = sorted as [TrialResult, ...TrialResult[]];
  const base = first.requests.rps;
  const points = sorted.map((trial): ScalingPoint => {
    const speedUp = base > 0 ? trial.requests.rps / base : null;
    return {
      instances: trial.instances,
      topology: trial.topology,
      rps: trial.requests.rps,
      p99Ms: answeredLatency(trial)?.p99 ?? null,
      speedUp,
      efficiency: speedUp === null ? null : speedUp / (trial.instances / first.instances),
    };
  });
  const open = sorted.some((trial) => trial.load.model === 'open');
  const fit = open ? null : fitUsl(points.filter((point) => point.rps > 0));
  return {
    topology: first.sweep ?? first.topology,
    kind: first.kind,
    workload: first.workload,
    cores,
    points,
    fit,
    notes: notesOn(sorted, points, fit, cores, open),
  };
}

/** What the curve cannot tell: too few counts, counts above the cores, a peak beyond the counts, a load generator at its limit. */
function notesOn(trials: readonly TrialResult[], points: readonly ScalingPoint[], fit: UslFit | null, cores: number, open: boolean): string[] {
  const counts = points.map((point) => point.instances);
  const notes: string[] = [];
  if (open) {
    notes.push(
      'an open-model workload sends a fixed rate: its throughput is the rate asked for, not what the instances can do — no fit; drive it with connections (closed model) to measure scaling',
    );
  } else if (counts.length < 3) {
    notes.push(
      `${counts.length} counts (${counts.join(' and ')}): the USL has three parameters, so a fit needs at least 3 counts, and 4 or more to check it — add counts, e.g. instances: [1, 2, 3, 4]`,
    );
  } else if (counts.length === 3) {
    notes.push("3 counts for the USL's 3 parameters: the curve passes through every point, so nothing checks it; a 4th count would");
  }
  const above = counts.filter((count) => count > cores);
  if (above.length > 0) {
    notes.push(
      `${listNames(above.map(String))} ${above.length === 1 ? 'is' : 'are'} above this machine's ${cores} cores: those instances share cores with each other and with loadlab's load generator, so their throughput measures this machine, not the app — σ and κ include that sharing`,
    );
  }
  if (fit && fit.peakInstances !== null && fit.peakInstances > Math.max(...counts)) {
    notes.push(
      `the peak at ${groupThousands(fit.peakInstances)} instances lies beyond the largest count measured (${Math.max(...counts)}): an extrapolation of the fit`,
    );
  }
  if (fit && fit.rSquared < poorFit) {
    notes.push(
      `the fit explains ${formatPercent(Math.max(0, fit.rSquared))} of the differences between counts: noise, or a limit the USL does not model (the load generator, a shared database)`,
    );
  }
  const limited = trials.filter((trial) => trial.client.bottleneck).map((trial) => String(trial.instances));
  if (limited.length > 0) {
    const counts = `${listNames(limited)} ${limited.length === 1 && limited[0] === '1' ? 'instance' : 'instances'}`;
    notes.push(`loadlab itself was the bottleneck at ${counts}: the throughput there is the load generator's, a lower bound of the server's`);
  }
  return notes;
}

/**
 * Each curve in one sentence: 'On cpu, cluster went from 363 to 586 req/s from 1 to 2 instances
 * (1.61×, 81% efficiency); too few counts for a USL fit.'
 */
export function scalingSentences(curves: readonly ScalingCurve[]): string[] {
  return curves.flatMap((curve) => {
    const first = curve.points[0];
    const last = curve.points.at(-1);
    if (!first || !last || first === last) return [];
    const growth = `${curve.topology} went from ${formatRps(first.rps)} to ${formatRps(last.rps)} req/s from ${first.instances} to ${last.instances} instances (${formatRatio(last.speedUp)}, ${last.efficiency === null ? 'no' : formatPercent(last.efficiency)} efficiency)`;
    return [`On ${curve.workload}, ${growth}; ${describeFit(curve)}.`];
  });
}

/** 'USL: contention σ 0.05, coherency κ 0.0010, peak at 31 instances (4,210 req/s)', or why there is no fit. */
export function describeFit(curve: ScalingCurve): string {
  const { fit } = curve;
  if (!fit) return curve.points.length < 3 ? 'too few counts for a USL fit' : 'no USL fit';
  const parameters = `USL: contention σ ${fit.sigma.toFixed(3)}, coherency κ ${fit.kappa.toFixed(4)}`;
  if (fit.peakInstances !== null && fit.peakRps !== null) {
    return `${parameters}, peak at ${groupThousands(fit.peakInstances)} instances (${formatRps(fit.peakRps)} req/s)`;
  }
  return fit.peakRps !== null ? `${parameters}, no peak: it levels off towards ${formatRps(fit.peakRps)} req/s` : `${parameters}: linear, no limit seen`;
}
