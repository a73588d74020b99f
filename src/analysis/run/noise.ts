import { mean, sampleStandardDeviation } from 'simple-statistics';
import type { TrialNoise, TrialResult } from '../../contract/trial.js';

/**
 * How noisy a trial was: the coefficient of variation of its windows' requests per second
 * (standard deviation ÷ mean), over every window but the last (which can be a fragment). A
 * difference between two runs smaller than about twice this is hard to tell from noise at a
 * glance; the regression test quantifies it. Null without windows (an older report) or with
 * fewer than 3 of them.
 */
export function trialNoise(trial: TrialResult): TrialNoise | null {
  const points = trial.windows?.points.slice(0, -1) ?? [];
  if (!trial.windows || points.length < 2) return null;
  const rps = points.map((point) => point.rps);
  const centre = mean(rps);
  return { windows: trial.windows.points.length, widthMs: trial.windows.widthMs, rpsCv: centre > 0 ? sampleStandardDeviation(rps) / centre : null };
}
