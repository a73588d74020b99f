import { isProcessExit, type TrialResult } from '../../contract/trial.js';
import { describeEvent, describeExit } from '../../text/event-text.js';

/**
 * The timeline of a workload's trials (events and processes' exits), each entry with its trial's
 * label, in trial order: what every renderer lists.
 */
export function eventEntries(trials: readonly TrialResult[], label: (trial: TrialResult) => string): { label: string; text: string }[] {
  return trials.flatMap((trial) =>
    (trial.events ?? []).map((entry) => ({ label: label(trial), text: isProcessExit(entry) ? describeExit(entry) : describeEvent(entry, { detail: true }) })),
  );
}
