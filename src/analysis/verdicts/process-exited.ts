import { isProcessExit, type ProcessExitEvent, type TrialResult } from '../../contract/trial.js';
import { describeExit } from '../../text/event-text.js';
import { groupThousands } from '../../text/format.js';
import { judged, type VerdictRule } from './judgement.js';

/**
 * Judges trials with a process's exit on their timeline (see ./index.ts: the others have no such
 * verdict). Fails when a process of the deployment exited during the measured phase and no event of the
 * scenario caused it (a crash, an OOM kill, someone's kill -9): the figures are then of a
 * deployment that was not the one described, and the errors that followed are its loss, not the
 * app's speed. Warns when that happened in the warm-up (the measured phase ran without it, or
 * with a replacement); passes when no process exited or each exit was an event's (kill-worker,
 * reload, restart), saying so. value: exits no event caused (in the phase that decided); limit 0.
 */
export const processExited: VerdictRule = (trial) => {
  const exits = processExits(trial);
  const unplanned = exits.filter((exit) => exit.during === null);
  // one before the trial that nothing replaced was missing from all of its measured phase
  const measured = unplanned.filter((exit) => exit.phase !== 'warmup');
  const lead = leading(measured);
  if (lead) return judged('fail', measured.length, 0, `${exitText(lead, trial)}${others(measured.length - 1)}`);
  const [early] = unplanned;
  if (early) {
    const after = early.replacedBy === null ? 'the measured phase ran without it' : 'the measured phase ran with its replacement';
    return judged('warn', unplanned.length, 0, `${describeExit(early)}${others(unplanned.length - 1)}: ${after}`);
  }
  if (exits.length === 0) return judged('pass', 0, 0, 'no process of the deployment exited');
  const causes = [...new Set(exits.map((exit) => exit.during))].join(', ');
  const count = exits.length === 1 ? '1 process exited' : `${exits.length} processes exited`;
  return judged('pass', 0, 0, `${count}, as the scenario's events meant (${causes}): ${describeExit(exits[0] as ProcessExitEvent)}`);
};

/** The trial's processes' exits, in time order. */
export function processExits(trial: TrialResult): ProcessExitEvent[] {
  return (trial.events ?? []).filter(isProcessExit);
}

/** Which exits may explain what another rule saw. */
export interface ExitReasonOptions {
  /** In the measured phase, or before the trial and never replaced (not in the warm-up). */
  measuredOnly?: boolean;
  /** One nothing took the place of. */
  unreplaced?: boolean;
  /** One that requests failed after (in the seconds from the one it happened in). */
  withErrorsAfter?: boolean;
  /** Only when every serving process (worker, instance) of the trial is among the exited: none was left to measure. */
  noneLeft?: boolean;
}

/**
 * What another rule says when an exit no event caused explains what it saw (no data, an uneven
 * split, errors): 'instance 4242 was killed by SIGKILL 1.5 s into the measured phase (see
 * process-exited)', instead of advice that would not help. Undefined when no such exit happened.
 */
export function exitReason(trial: TrialResult, options: ExitReasonOptions = {}): string | undefined {
  const unplanned = processExits(trial).filter((exit) => exit.during === null);
  if (options.noneLeft) {
    const exited = new Set(unplanned.map((exit) => exit.pid));
    const serving = trial.processes.filter((info) => info.role === 'worker' || info.role === 'instance');
    if (serving.length === 0 || serving.some((info) => !exited.has(info.pid))) return undefined;
  }
  const exit = leading(
    unplanned.filter(
      (entry) =>
        (!options.measuredOnly || entry.phase !== 'warmup') &&
        (!options.unreplaced || entry.replacedBy === null) &&
        (!options.withErrorsAfter || errorsAfter(entry, trial) > 0),
    ),
  );
  return exit ? `${describeExit(exit)} (see process-exited)` : undefined;
}

/** The exit that explains most of what followed: the first that nothing replaced (nothing served in its place), else the first. */
function leading(exits: readonly ProcessExitEvent[]): ProcessExitEvent | undefined {
  return exits.find((exit) => exit.replacedBy === null) ?? exits[0];
}

/** Errors in the seconds of the series from the one the exit happened in. */
function errorsAfter(exit: ProcessExitEvent, trial: TrialResult): number {
  const fromS = Math.floor(exit.atMs / 1000);
  return trial.series.filter((point) => point.t >= fromS).reduce((sum, point) => sum + point.errors, 0);
}

/** An exit and the errors of the seconds from the one it happened in: 'instance 4242 was killed by SIGKILL 1.5 s into …; the 25,622 errors …'. */
function exitText(exit: ProcessExitEvent, trial: TrialResult): string {
  const after = errorsAfter(exit, trial);
  const total = trial.requests.errors;
  if (after === 0) return `${describeExit(exit)}; no request failed after it`;
  const errors =
    after >= total ? `the ${groupThousands(after)} ${after === 1 ? 'error' : 'errors'}` : `${groupThousands(after)} of the ${groupThousands(total)} errors`;
  const why = exit.replacedBy === null ? 'requests to a process that was gone' : 'requests it held, and those sent while it was replaced';
  return `${describeExit(exit)}; ${errors} from then on are ${why}`;
}

function others(count: number): string {
  if (count === 0) return '';
  return ` (and ${count} more ${count === 1 ? 'exit' : 'exits'}: see the timeline)`;
}
