import type { Comparison, TrialResult } from '../model.js';

/**
 * Each topology against the first topology that ran the same workload: throughput ×, p99 ×
 * and scaling efficiency (throughput × ÷ instances ×; 1.0 = adding instances added capacity
 * in proportion). Pure: same trials in, same comparisons out.
 */
export function compareTopologies(trials: readonly TrialResult[]): Comparison[] {
  const comparisons: Comparison[] = [];
  for (const workload of unique(trials.map((trial) => trial.workload))) {
    const onWorkload = trials.filter((trial) => trial.workload === workload);
    const baseline = onWorkload[0];
    if (!baseline) continue;
    for (const trial of onWorkload) {
      const throughputRatio = ratio(trial.requests.rps, baseline.requests.rps);
      comparisons.push({
        workload,
        topology: trial.topology,
        baseline: baseline.topology,
        throughputRatio,
        p99Ratio: ratio(trial.latencyMs.p99, baseline.latencyMs.p99),
        scalingEfficiency: ratio(throughputRatio, trial.instances / baseline.instances),
      });
    }
  }
  return comparisons;
}

/** a ÷ b, or null when there is nothing to divide by: no ratio rather than a made-up one. */
function ratio(a: number | null, b: number): number | null {
  return a === null || b === 0 ? null : a / b;
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
