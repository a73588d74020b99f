import { isTrialEvent, type TrialResult } from '../../contract/trial.js';
import { trialName } from '../../contract/trial-name.js';
import { describeEvent } from '../../text/event-text.js';

/** A line per event that ran, for the run's summary: 'cluster on io: reload at 3 s took 1.2 s; 0 errors; …'. */
export function eventSentences(trials: readonly TrialResult[]): string[] {
  return trials.flatMap((trial) =>
    (trial.events ?? [])
      .filter(isTrialEvent)
      .filter((event) => event.status === 'done')
      .map((event) => `${trialName(trial, trials)}: ${describeEvent(event, { detail: false })}.`),
  );
}

/** A warning per event that failed: the trial's figures then include a fault loadlab did not finish causing. */
export function eventWarnings(trials: readonly TrialResult[]): string[] {
  return trials.flatMap((trial) =>
    (trial.events ?? [])
      .filter(isTrialEvent)
      .filter((event) => event.status === 'failed')
      .map((event) => `${trialName(trial, trials)}: ${describeEvent(event, { detail: false })}`),
  );
}
