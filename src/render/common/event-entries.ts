import type { TrialResult } from '../../contract/trial.js';
import { describeEvent } from '../../text/event-text.js';

/** The events of a workload's trials, each with its trial's label, in trial order: what every renderer lists. */
export function eventEntries(trials: readonly TrialResult[], label: (trial: TrialResult) => string): { label: string; text: string }[] {
  return trials.flatMap((trial) => (trial.events ?? []).map((event) => ({ label: label(trial), text: describeEvent(event, { detail: true }) })));
}
