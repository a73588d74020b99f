import type { ProcessProbe } from '../../contract/probes.js';
import { isProcessExit, type TrialResult } from '../../contract/trial.js';
import { answeredLatency } from '../figures.js';
import { formatLatency, formatPercent } from '../../text/format.js';
import { judged, listNames, notEnoughData, processName, type VerdictRule } from './judgement.js';
import { exitReason } from './process-exited.js';
import { describeThreadSplit, threadFigures } from './thread-split.js';

/** A callback that typically waits this long means no connection of the process is served for that time (clinic doctor's threshold). */
const medianLimitMs = 10;
/** One stall this long is felt by every request in flight: a person notices a tenth of a second. */
const maxLimitMs = 100;

/** A stall this long is one users would remember: a quarter of a second. */
const memorableStallMs = 250;
/** ... and a p99 under a quarter of it has clearly not counted the users it held up. */
const hiddenShare = 0.25;

/**
 * A closed-model run sends only when an answer came back: a stall holds back its requests
 * instead of making them slow, so its p99 can stay far below the stall it lived through.
 */
function hidesStall(trial: TrialResult): boolean {
  // a process that serves requests (not a primary, daemon or balancer), in a trial that no event
  // or exit disturbed (a worker a reload starts stalls while it loads, before it serves anyone)
  const servingMax = trial.probes.processes
    .filter((probe) => probe.role === 'worker' || probe.role === 'instance')
    .map((probe) => probe.eventLoopDelayMs?.max ?? 0);
  const stallMs = Math.max(0, ...servingMax);
  const disturbed = (trial.events ?? []).some((event) => isProcessExit(event) || event.status !== 'skipped');
  return trial.load.model === 'closed' && !disturbed && stallMs >= memorableStallMs && (answeredLatency(trial)?.p99 ?? Infinity) < stallMs * hiddenShare;
}

/**
 * A loop blocked by its own work keeps its thread busy: one blocked most of the time whose main
 * thread used under half a core spent more of that time waiting for a core than running.
 */
const starvedMainThread = 0.5;
/** Cores this busy machine-wide leave a runnable thread waiting its turn (the run's warnings use the same 90%). */
const busyHost = 0.9;

/**
 * Where the blocked processes' CPU went, when their threads were read ('; main thread at 98%
 * while …: the work is on the loop'), and the advice that follows: when every one of them had
 * a main thread under half a core, the loop waited — for a core when the machine's were busy,
 * else on something synchronous — and moving work off it would not help.
 */
function blockedAdvice(blocked: readonly ProcessProbe[], trial: TrialResult): string {
  const known = blocked.flatMap((probe) => (probe.threads ? [{ probe, threads: probe.threads }] : []));
  const offLoop = ' — move CPU work off it (worker threads) or add instances';
  if (known.length === 0) return offLoop;
  const starved = known.length === blocked.length && known.every(({ threads }) => threads.main.mean < starvedMainThread);
  const named = known.length > 1;
  const phrases = known
    .slice(0, 3)
    .map(
      ({ probe, threads }) =>
        `${named ? `${processName(probe, trial.probes.processes)}: ` : ''}${starved ? threadFigures(threads) : describeThreadSplit(threads)}`,
    );
  if (!starved) return `; ${phrases.join('; ')}${offLoop}`;
  const host = trial.probes.hostCpu?.mean;
  return host !== undefined && host >= busyHost
    ? `; ${phrases.join('; ')}: the loop waited for a core more than it ran (the machine's cores were ${formatPercent(host)} busy) — leave the app cores of its own (fewer processes than cores, or a quieter machine)`
    : `; ${phrases.join('; ')}: the loop was held up more than it ran, with cores to spare — look for synchronous waits that use no CPU (sync fs or child_process calls, Atomics.wait)`;
}

/**
 * Warns when a server process's event-loop delay had a median of 10 ms or more (the mean of its
 * intervals' medians) or reached 100 ms at its highest; passes otherwise. value and limit in
 * milliseconds: the highest median against 10 ms, except when only a maximum is over its limit,
 * then the highest maximum against 100 ms. In a closed-model run with a stall of 250 ms or more in
 * a process that serves requests and a p99 under a quarter of it, the message says that the p99
 * hides the stall (not when an event ran: a worker it starts stalls while it loads). Where the
 * blocked processes' threads were read, the message says whether the work was on the loop, or
 * whether the loop waited for a core (a main thread under half a core).
 */
export const eventLoop: VerdictRule = (trial) => {
  const measured = trial.probes.processes.flatMap((probe) => (probe.eventLoopDelayMs === null ? [] : [{ probe, delay: probe.eventLoopDelayMs }]));
  if (measured.length === 0) {
    const exit = exitReason(trial, { noneLeft: true });
    return notEnoughData(medianLimitMs, `no event-loop delay was measured${exit ? `: ${exit}` : ' (it needs the in-app agent in the server processes)'}`);
  }
  const highestMedian = Math.max(...measured.map((entry) => entry.delay.mean));
  const highestMax = Math.max(...measured.map((entry) => entry.delay.max));
  const blocked = measured.filter((entry) => entry.delay.mean >= medianLimitMs);
  const stalled = measured.filter((entry) => entry.delay.mean < medianLimitMs && entry.delay.max >= maxLimitMs);
  if (blocked.length === 0 && stalled.length === 0) {
    return judged(
      'pass',
      highestMedian,
      medianLimitMs,
      `event-loop delay median at most ${formatLatency(highestMedian)}, highest ${formatLatency(highestMax)}`,
    );
  }
  const describe = ({ probe, delay }: (typeof measured)[number]) =>
    `${processName(probe, trial.probes.processes)} median ${formatLatency(delay.mean)}, highest ${formatLatency(delay.max)}`;
  const parts: string[] = [];
  if (blocked.length > 0)
    parts.push(
      `${listNames(blocked.map(describe))}: the loop is blocked most of the time${blockedAdvice(
        blocked.map((entry) => entry.probe),
        trial,
      )}`,
    );
  if (stalled.length > 0)
    parts.push(`${listNames(stalled.map(describe))}: the loop stalls now and then — look for synchronous work (large JSON, sync fs, crypto) or long GC pauses`);
  if (hidesStall(trial)) {
    parts.push(
      `this closed-model run's p99 of ${formatLatency(answeredLatency(trial)?.p99 ?? null)} hides that: its connections wait out a stall instead of sending, so the users who would have arrived meanwhile are never measured (coordinated omission) — set a rate (open model) to see what they wait`,
    );
  }
  return blocked.length > 0 ? judged('warn', highestMedian, medianLimitMs, parts.join('; ')) : judged('warn', highestMax, maxLimitMs, parts.join('; '));
};
