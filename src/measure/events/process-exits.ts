import type { Phase } from '../../contract/common.js';
import type { ProcessRole } from '../../contract/vocabulary.js';
import { isProcessExit, type ProcessExitEvent, type TimelineEntry, type TrialEvent } from '../../contract/trial.js';
import type { ProcessExitFact } from '../../deploy/topologies/types.js';
import { windowOf } from '../recording/measurement-window.js';

/**
 * An event is recorded as ended once the deployment serves again; an exit it caused may be heard
 * of a little later than that (a process manager's list is read every 250 ms, a balancer's
 * workers once a second).
 */
const lateWordMs = 1000;

/**
 * The exits of the deployment's processes that fell in a trial's warm-up or measured phase, on
 * the clock of its measured phase, each with the event it happened during (if one ran then); and
 * before them those of an earlier time that nothing replaced, of a role the deployment had none
 * of left when the trial began (`rolesAtStart`): the trial ran without them (a single instance
 * that died in the workload before). Pure.
 */
export function exitsOfTrial(
  facts: readonly ProcessExitFact[],
  phases: { warmup: Phase; measured: Phase },
  events: readonly TrialEvent[],
  rolesAtStart: ReadonlySet<ProcessRole>,
): ProcessExitEvent[] {
  const { loadStartMs, startMs, endMs } = windowOf(phases);
  const missing = (fact: ProcessExitFact) => fact.seenAt < loadStartMs && fact.replacedBy === null && !rolesAtStart.has(fact.role);
  return facts
    .filter((fact) => (fact.seenAt >= loadStartMs && fact.seenAt <= endMs) || missing(fact))
    .map((fact) => {
      const atMs = fact.seenAt - startMs;
      return {
        kind: 'process-exit',
        pid: fact.pid,
        role: fact.role,
        code: fact.code,
        signal: fact.signal,
        atMs,
        phase: atMs >= 0 ? 'measured' : fact.seenAt >= loadStartMs ? 'warmup' : 'before',
        during: eventAt(atMs, events)?.action ?? null,
        replacedBy: fact.replacedBy ? { ...fact.replacedBy } : null,
      };
    });
}

/** The event that ran at `atMs` (ms into the measured phase): begun by then, and not ended more than lateWordMs before. */
function eventAt(atMs: number, events: readonly TrialEvent[]): TrialEvent | undefined {
  return events.find((event) => event.startedMs !== null && event.startedMs <= atMs && atMs <= (event.endedMs ?? Infinity) + lateWordMs);
}

/** The scenario's events and the processes' exits as one timeline, in time order (an event by when it began). */
export function timelineOf(events: readonly TrialEvent[], exits: readonly ProcessExitEvent[]): TimelineEntry[] {
  const at = (entry: TimelineEntry) => (isProcessExit(entry) ? entry.atMs : (entry.startedMs ?? entry.atMs));
  return [...events, ...exits].sort((a, b) => at(a) - at(b));
}
