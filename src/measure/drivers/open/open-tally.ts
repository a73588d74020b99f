import type { OpenSchedule } from './open-schedule.js';

/**
 * What became of the requests of the measured phase: sent (on time or `delayed` by a wait for
 * a free connection) or `dropped`. A request counts by the phase of its intended start, as
 * every other figure of the open model does: counted by send time instead, the warm-up's
 * backlog going out during the measured phase would count as the measured phase's, and more
 * would be reported sent than the phase ever scheduled.
 */
export class OpenTally {
  sent = 0;
  delayed = 0;
  dropped = 0;

  constructor(private readonly schedule: OpenSchedule) {}

  /** Request `index` went out; `waited`: it had found every connection busy at its intended start. */
  countSend(index: number, waited: boolean): void {
    if (index < this.schedule.firstMeasured) return;
    this.sent += 1;
    if (waited) this.delayed += 1;
  }

  /** Sending stopped with [next, waitingBelow) waiting for a connection: those of the measured phase are dropped. */
  dropWaiting(next: number, waitingBelow: number): void {
    this.dropped = this.schedule.measuredIn(next, waitingBelow);
  }

  /** Requests of the measured phase sent per second, over a measured phase of `measuredMs`. */
  sentRps(measuredMs: number): number {
    return measuredMs > 0 ? this.sent / (Math.max(1, measuredMs) / 1000) : 0;
  }
}
