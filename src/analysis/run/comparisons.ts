import type { Comparison } from '../../contract/run-report.js';
import { answeredLatency } from '../figures.js';
import type { TrialResult } from '../../contract/trial.js';
import { checkParity } from './parity.js';

/**
 * Each topology against a baseline on the same workload: throughput ×, p99 × and scaling
 * efficiency (throughput × ÷ instances ×; 1.0 = adding instances added capacity in proportion),
 * and whether both served the same thing (parity). The baseline is the first trial of
 * `compareTo` on the workload, or the first trial of the workload when compareTo is null or did
 * not run there. Pure: same trials in, same comparisons out.
 */
export function compareTopologies(trials: readonly TrialResult[], compareTo: string | null = null): Comparison[] {
  const comparisons: Comparison[] = [];
  for (const workload of unique(trials.map((trial) => trial.workload))) {
    const onWorkload = trials.filter((trial) => trial.workload === workload);
    const baseline = onWorkload.find((trial) => trial.topology === compareTo) ?? onWorkload[0];
    if (!baseline) continue;
    for (const trial of onWorkload) {
      const throughputRatio = ratio(trial.requests.rps, baseline.requests.rps);
      comparisons.push({
        workload,
        topology: trial.topology,
        baseline: baseline.topology,
        throughputRatio,
        p99Ratio: ratio(answeredLatency(trial)?.p99 ?? null, answeredLatency(baseline)?.p99 ?? 0),
        scalingEfficiency: ratio(throughputRatio, trial.instances / baseline.instances),
        parity: checkParity(trial, baseline),
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
