import type { TrialResult } from '../../contract/trial.js';

/**
 * The trials of each topology × workload (and A/B side, when `bySide`), in the order the groups
 * first appear: the repeats of one trial, which the statistics take together.
 */
export function groupTrials(trials: readonly TrialResult[], options: { bySide?: boolean } = {}): Map<string, TrialResult[]> {
  const groups = new Map<string, TrialResult[]>();
  for (const trial of trials) {
    const key = JSON.stringify([trial.topology, trial.workload, options.bySide ? (trial.variant ?? null) : null]);
    groups.set(key, [...(groups.get(key) ?? []), trial]);
  }
  return groups;
}
