import type { CapacityStep } from '../../contract/capacity-report.js';
import type { Figure } from '../../contract/common.js';
import type { StatWindows } from '../../contract/trial.js';
import { formatLatency, formatPercent } from '../../text/format.js';

/** What a failed step is looked at for signs that the failure was not the server's. */
export interface DoubtEvidence {
  passed: boolean;
  /** Intended-start p99 and service-time p99 (from the actual send), ms. */
  p99Ms: number;
  serviceP99Ms: number;
  /** Requests that waited for a free connection, and those never sent. */
  delayed: number;
  dropped: number;
  /** Failed requests beyond the scenario's tolerance, or a rate not sent in full: failures of their own. */
  otherProblems: boolean;
  /** CPU other processes of the machine used per probe interval, in cores; null when not measured. */
  othersCpu: Figure | null;
  /** loadlab's own longest event-loop stall in the step, ms; null when not measured. */
  clientStallMs: number | null;
  /** The step's measured phase in short windows, and how long it lasted. */
  windows: StatWindows;
  durationMs: number;
}

export interface DoubtLimits {
  /** The SLO's p99, ms. */
  p99Ms: number;
  /** Cores other processes may use before a failure is the machine's (see disturbance.ts). */
  disturbedCpu: number;
}

/**
 * The last fifth of a step: long enough to hold a few windows, short enough that a stall in the
 * middle of the step has drained by then at any rate the server sustains.
 */
const tailShare = 0.2;

/** Fewer windows before the tail than this say too little about the step to call it calm. */
const minimumCalmWindows = 4;

/** A pause of loadlab's event loop this share of the SLO's p99 or longer makes a failure doubtful. */
const pausedShare = 0.5;

/**
 * Why a failed step may say more about the machine or the client than about the server, in
 * words; '' when nothing casts doubt on it (and always for a pass: a disturbance can only make
 * a server look worse). A doubtful failure is measured again before the search believes it:
 * - other processes took CPU (another job on a shared machine);
 * - loadlab sent late: the wait was on the client's side (its event loop stalled), since no
 *   request waited for a connection and the server's own time stayed within the SLO;
 * - loadlab itself stopped for half the SLO or more: a pause of the machine stops the server
 *   too, and a pause of loadlab alone hands the server the pause's requests at once; either
 *   leaves a queue that, near capacity, drains for longer than a short step lasts (a warm
 *   server at 90% of its capacity failed with loadlab paused 92 ms, p50 99 ms);
 * - the server was back within the SLO by the end of the step: a stall that passed (a pause of
 *   the host, a collection), not the queue of a rate above capacity, which keeps growing to
 *   the end of the step and makes its last requests its slowest;
 * - the step was calm (every window within half the SLO) until its last fifth, and no request
 *   waited for a connection: a stall at the very end, which a queue cannot be (it grows from
 *   the step's start). A warm server at 90% of its capacity, p50 5.6 ms, ended a 2 s run with
 *   p99 91 ms here while loadlab and the other processes were quiet: a pause of the server's
 *   core by the host, which its own CPU time does not show.
 */
export function failureDoubt(step: DoubtEvidence, limits: DoubtLimits): string {
  if (step.passed) return '';
  if (step.othersCpu !== null && step.othersCpu.max > limits.disturbedCpu) {
    return `other processes used up to ${step.othersCpu.max.toFixed(2)} cores`;
  }
  const onlyLatency = !step.otherProblems && step.dropped === 0;
  if (!onlyLatency) return '';
  if (step.delayed === 0 && step.p99Ms > limits.p99Ms && step.serviceP99Ms <= limits.p99Ms) {
    const stall = step.clientStallMs === null ? '' : ` (its event loop stalled up to ${formatLatency(step.clientStallMs)})`;
    return `loadlab sent late${stall}: the server answered within ${formatLatency(limits.p99Ms)} once asked`;
  }
  if (step.clientStallMs !== null && step.clientStallMs >= pausedShare * limits.p99Ms) {
    return `loadlab itself paused for ${formatLatency(step.clientStallMs)} (half the SLO or more): the requests of the pause reached the server at once`;
  }
  if (recoveredByTheEnd(step.windows, step.durationMs, limits.p99Ms)) {
    return `the server was back within ${formatLatency(limits.p99Ms)} by the end of the step: a stall that passed, not a queue that kept growing`;
  }
  if (step.delayed === 0 && calmUntilTheEnd(step.windows, step.durationMs, limits.p99Ms)) {
    return `the step was calm until its last fifth: a stall at the end, not the queue of a rate above capacity, which grows from the step's start`;
  }
  return '';
}

/** The step's windows before its last fifth, and those of the last fifth. */
function splitAtTheTail(windows: StatWindows, durationMs: number): { before: StatWindows['points']; tail: StatWindows['points'] } {
  const fromS = ((1 - tailShare) * durationMs) / 1000;
  const inTail = (point: StatWindows['points'][number]) => point.t + windows.widthMs / 1000 > fromS;
  return { before: windows.points.filter((point) => !inTail(point)), tail: windows.points.filter(inTail) };
}

/** A window that was answered, without an error, with a p99 within `limitMs`. */
function answeredWithin(point: StatWindows['points'][number], limitMs: number): boolean {
  return point.responses > 0 && point.errors === 0 && point.p99Ms !== null && point.p99Ms <= limitMs;
}

/**
 * Every window before the step's last fifth within half the SLO. At a fixed rate above what the
 * server sustains the queue grows from the start of the step, evenly: for the step to end above
 * the SLO, it is at 80% of it or more by the start of the last fifth. A step calm until then and
 * slow only at its very end was stopped, not overloaded.
 */
function calmUntilTheEnd(windows: StatWindows, durationMs: number, p99Ms: number): boolean {
  const { before } = splitAtTheTail(windows, durationMs);
  return before.length >= minimumCalmWindows && before.every((point) => answeredWithin(point, p99Ms / 2));
}

/** Every window of the step's last fifth answered, within the SLO and without an error. */
function recoveredByTheEnd(windows: StatWindows, durationMs: number, p99Ms: number): boolean {
  const { tail } = splitAtTheTail(windows, durationMs);
  return tail.length > 0 && tail.every((point) => answeredWithin(point, p99Ms));
}

/** A step's doubt as its report holds it; reports written before the words existed knew of other processes only. */
export function stepDoubt(step: Pick<CapacityStep, 'doubt' | 'disturbed' | 'passed' | 'othersCpu'>): string {
  if (step.doubt !== undefined) return step.doubt;
  return step.disturbed && !step.passed ? `other processes used up to ${formatPercent(step.othersCpu?.max ?? 0)} of a core` : '';
}
