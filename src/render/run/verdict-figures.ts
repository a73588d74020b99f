import type { TrialResult } from '../../contract/trial.js';
import type { Section, VerdictLine } from '../sections/model.js';
import { verdictOutcome } from './trial-figures.js';

/** The verdicts of a workload's trials as one section, or null when no trial was judged. label: the trial's name, as in the workload's table. */
export function verdictsSection(trials: readonly TrialResult[], label: (trial: TrialResult) => string): Section | null {
  const judged = trials.filter((trial) => trial.verdicts.length > 0);
  if (judged.length === 0) return null;
  const lines = judged.map((trial) => ({
    label: label(trial),
    verdicts: trial.verdicts.map((verdict): VerdictLine => ({
      id: verdict.id,
      status: verdict.status,
      level: verdictOutcome(verdict).level,
      message: verdict.message,
    })),
  }));
  const all = lines.flatMap((trial) => trial.verdicts);
  return {
    title: 'Verdicts',
    level: 'workload',
    blocks: [
      {
        kind: 'verdicts',
        trials: lines,
        passed: all.filter((verdict) => verdict.status === 'pass').length,
        failed: all.filter((verdict) => verdict.status === 'fail').length,
        total: all.length,
      },
    ],
  };
}
