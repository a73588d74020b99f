import type { TrialStage } from './staged.js';

/**
 * Where a staged load stood `ms` into its measured phase: from `start` (the rate, or the
 * connections) it moves linearly to each stage's target over the stage's duration; before the
 * first stage it is `start`, after the last the last target. Plain arithmetic on the report's own
 * fields, so that analysis and the drivers agree on it.
 */
export function stageLevelAt(start: number, stages: readonly TrialStage[], ms: number): number {
  let level = start;
  let from = 0;
  for (const stage of stages) {
    if (ms < from + stage.durationMs) return level + ((stage.target - level) * Math.max(0, ms - from)) / stage.durationMs;
    level = stage.target;
    from += stage.durationMs;
  }
  return level;
}
