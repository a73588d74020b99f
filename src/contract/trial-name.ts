/** What tells a trial apart from the others of a run: the fields every output names it by. */
export interface TrialKey {
  topology: string;
  workload: string;
  repeat: number;
  /** The side of an A/B job. */
  variant?: 'base' | 'current' | undefined;
}

/**
 * How every output names a trial: 'cluster on cpu', with the A/B side and, when `trials` hold
 * more than one repeat of it, the repeat: 'cluster on cpu (base, repeat 2)'. trials: those it
 * must be told apart from (the run's, a threshold's).
 */
export function trialName(trial: TrialKey, trials: readonly TrialKey[]): string {
  return `${trial.topology} on ${trial.workload}${notesOf(trial, trials, [trial.variant])}`;
}

/**
 * The trial under its workload's heading, where the topology is enough: 'cluster', or
 * 'cluster (repeat 2)' when the workload ran on it more than once. trials: the workload's.
 */
export function trialLabel(trial: TrialKey, trials: readonly TrialKey[]): string {
  return `${trial.topology}${notesOf(trial, trials, [])}`;
}

function notesOf(trial: TrialKey, trials: readonly TrialKey[], first: readonly (string | undefined)[]): string {
  const repeats = trials.filter((other) => other.topology === trial.topology && other.workload === trial.workload && other.variant === trial.variant).length;
  const notes = [...first, repeats > 1 ? `repeat ${trial.repeat}` : undefined].filter((note) => note !== undefined);
  return notes.length > 0 ? ` (${notes.join(', ')})` : '';
}
