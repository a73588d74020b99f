import type { Environment } from '../../contract/common.js';
import type { Comparison, RepeatSummary } from '../../contract/run-report.js';
import type { TrialResult } from '../../contract/trial.js';
import { formatRatio } from '../../text/format.js';

/**
 * The most a topology can serve against its baseline if every process added a core's worth:
 * the cores each could use (its processes, at most the machine's cores), one against the
 * other. A CPU-bound app cannot beat it; an I/O-bound one has no reason to. A measured
 * speed-up above it is noise (a disturbed trial of the baseline), unequal work (processes that
 * did not serve the same thing), or a cold first trial — not a result. Null for an external
 * server, whose processes loadlab does not know.
 */
export function speedUpBound(trial: TrialResult, baseline: TrialResult, environment: Environment): number | null {
  if (trial.kind === 'external' || baseline.kind === 'external') return null;
  const cores = (instances: number) => Math.max(1, Math.min(instances, environment.cpus));
  return cores(trial.instances) / cores(baseline.instances);
}

/**
 * Why the comparison's speed-up cannot be believed, in words with the advice; null when it can.
 * Only a topology with more instances than its baseline claims a speed-up from processes: on as
 * many instances (one balancer against another, the cluster module against a process manager) what differs is the cost of a
 * request, which the bound says nothing of.
 */
export function suspectSpeedUp(comparison: Comparison, trial: TrialResult, baseline: TrialResult, environment: Environment): string | null {
  const bound = speedUpBound(trial, baseline, environment);
  const ratio = comparison.throughputRatio;
  if (bound === null || ratio === null || comparison.topology === comparison.baseline || trial.instances <= baseline.instances || ratio <= bound) return null;
  const processes = `${trial.instances} ${trial.instances === 1 ? 'process' : 'processes'} on ${environment.cpus} ${environment.cpus === 1 ? 'core' : 'cores'}`;
  return (
    `${comparison.topology} on ${comparison.workload} served ${formatRatio(ratio)} the requests of ${baseline.topology}, more than the ${formatRatio(bound)} that ${processes} can add: ` +
    'suspect noise (a disturbed trial), unequal work, or a cold first trial; measure again with --repeat 3'
  );
}

/**
 * With repeats: whether the two topologies' throughput differs clearly, i.e. their 95%
 * intervals of the mean rps do not overlap. Null without repeats on both sides (nothing to
 * tell the noise by).
 */
export function clearDifference(comparison: Comparison, repeats: readonly RepeatSummary[] | undefined): boolean | null {
  const find = (topology: string) =>
    repeats?.find((entry) => entry.topology === topology && entry.workload === comparison.workload && entry.variant === undefined);
  const [a, b] = [find(comparison.topology)?.rps.ci95, find(comparison.baseline)?.rps.ci95];
  if (!a || !b) return null;
  return a.high < b.low || b.high < a.low;
}
