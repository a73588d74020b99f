import { mean, median, sampleStandardDeviation } from 'simple-statistics';
import { answeredLatency } from '../figures.js';
import type { RepeatEstimate, RepeatSummary } from '../../contract/run-report.js';
import { groupTrials } from './trial-groups.js';
import type { TrialResult } from '../../contract/trial.js';

/**
 * Student's t quantile for a two-sided 95% interval (the 0.975 quantile), by degrees of freedom
 * 1 to 30, from the standard tables; simple-statistics has no t quantile function.
 */
const t975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069,
  2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/**
 * Each topology × workload over its repeats (in the order they first appear; the variant of an
 * A/B run keeps its trials apart): per figure the median of the repeats, and a 95% confidence
 * interval of the mean.
 *
 * Why a t-interval of the mean and not a bootstrap of the median: there are few repeats (3 to 5
 * typically), and a bootstrap with so few values can only resample them among themselves — with
 * three it puts the interval at about the lowest and highest repeat and covers the true value
 * about 75% of the time, not 95%, while looking precise. Each repeat's figure is itself an
 * aggregate of thousands of requests, so across repeats it is close to normal, which is what the
 * t-interval assumes; its t quantile (4.30 for three repeats) then widens the interval honestly
 * for how few there are. It is also deterministic without a seed. The median is the figure to
 * quote, since one disturbed repeat moves it least; the interval says how far the mean may be off.
 * Within a repeat the per-second points are not independent (drift, GC), so the repeats, not the
 * seconds, are the units here. Pure.
 */
export function summariseRepeats(trials: readonly TrialResult[]): RepeatSummary[] {
  return [...groupTrials(trials, { bySide: true }).values()].map((group) => {
    const repeats = [...group].sort((a, b) => a.repeat - b.repeat);
    const [first] = repeats as [TrialResult];
    // Without a response a trial has no latency: its zeros would read as infinitely fast.
    const answered = repeats.flatMap((trial) => answeredLatency(trial) ?? []);
    return {
      topology: first.topology,
      workload: first.workload,
      ...(first.variant ? { variant: first.variant } : {}),
      repeats: repeats.length,
      // A group holds at least one trial, so there is always an rps estimate.
      rps: estimate(repeats.map((trial) => trial.requests.rps)) as RepeatEstimate,
      p50Ms: estimate(answered.map((latency) => latency.p50)),
      p99Ms: estimate(answered.map((latency) => latency.p99)),
    };
  });
}

/** Median, mean and the 95% t-interval of the mean of some values; null for none. */
export function estimate(values: readonly number[]): RepeatEstimate | null {
  if (values.length === 0) return null;
  const all = [...values];
  const centre = mean(all);
  if (all.length < 2) return { median: median(all), mean: centre, ci95: null, values: all };
  const halfWidth = (tQuantile975(all.length - 1) * sampleStandardDeviation(all)) / Math.sqrt(all.length);
  return { median: median(all), mean: centre, ci95: { low: centre - halfWidth, high: centre + halfWidth }, values: all };
}

/**
 * The 0.975 quantile of Student's t: from the table up to 30 degrees of freedom, beyond by the
 * Cornish–Fisher expansion around the normal quantile (within 0.001 of the exact value there).
 */
export function tQuantile975(degreesOfFreedom: number): number {
  const tabled = t975[degreesOfFreedom - 1];
  if (tabled !== undefined) return tabled;
  const z = 1.959964;
  const v = degreesOfFreedom;
  return z + (z ** 3 + z) / (4 * v) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * v ** 2) + (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / (384 * v ** 3);
}
