import { isTrialEvent, type TrialResult } from '../../contract/trial.js';
import { describeEvent } from '../../text/event-text.js';

/** A line per event that ran, for the run's summary: 'cluster on io: reload at 3 s took 1.2 s; 0 errors; …'. */
export function eventSentences(trials: readonly TrialResult[]): string[] {
  return trials.flatMap((trial) =>
    (trial.events ?? [])
      .filter(isTrialEvent)
      .filter((event) => event.status === 'done')
      .map((event) => `${trialName(trial)}: ${describeEvent(event, { detail: false })}.`),
  );
}

/** A warning per event that failed: the trial's figures then include a fault loadlab did not finish causing. */
export function eventWarnings(trials: readonly TrialResult[]): string[] {
  return trials.flatMap((trial) =>
    (trial.events ?? [])
      .filter(isTrialEvent)
      .filter((event) => event.status === 'failed')
      .map((event) => `${trialName(trial)}: ${describeEvent(event, { detail: false })}`),
  );
}

/** 'cluster on cpu', with the variant and repeat when they tell trials apart. */
export function trialName(trial: TrialResult): string {
  const notes = [trial.variant, trial.repeat > 1 ? `repeat ${trial.repeat}` : undefined].filter(Boolean);
  return `${trial.topology} on ${trial.workload}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`;
}
