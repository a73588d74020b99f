import type { TrialEvent } from '../../contract/trial.js';
import { topologyFor, type TopologySpec } from '../../deploy/topologies/index.js';
import type { EventSpec } from '../../scenario/types.js';
import { formatDuration } from '../../text/duration.js';
import type { Deployment } from '../../deploy/topologies/types.js';

/** The longest loadlab waits for one event before it records it as failed and goes on. */
const eventTimeoutMs = 60_000;

/**
 * A trial's events on the clock of its measured phase. Each begins at its time, or when the one
 * before it has finished (a deployment does one at a time): its record says when it really
 * began. Events the deployment cannot do, or that fall past the end of the phase (a --duration
 * shorter than the scenario's), are recorded as skipped with the reason.
 */
export class EventTimeline {
  private readonly records: TrialEvent[];
  private readonly timers: NodeJS.Timeout[] = [];
  private chain: Promise<void> = Promise.resolve();
  private measuredStart: number | undefined;
  /** The load is over: an event still queued behind a running one must not begin now. */
  private loadEnded = false;

  constructor(
    private readonly events: readonly EventSpec[],
    topology: TopologySpec,
    private readonly deployment: Deployment,
    durationMs: number,
    private readonly signal: AbortSignal,
  ) {
    this.records = events.map((event) => ({
      action: event.action,
      atMs: event.atMs,
      startedMs: null,
      endedMs: null,
      status: 'skipped',
      detail: skipReason(event, topology, deployment, durationMs) ?? '',
    }));
  }

  /** The measured phase began at `startedAt` (performance.now() ms): the events' clock starts. */
  start(startedAt: number): void {
    this.measuredStart = startedAt;
    this.events.forEach((event, index) => {
      if (this.records[index]?.detail !== '') return;
      this.at(startedAt + event.atMs, () => {
        this.chain = this.chain.then(() => this.run(index));
      });
    });
  }

  /** Calls `action` at `time` (performance.now() ms), never before: a timer may fire up to 1 ms early. */
  private at(time: number, action: () => void): void {
    const delayMs = time - performance.now();
    if (delayMs <= 0) return action();
    this.timers.push(setTimeout(() => this.at(time, action), Math.ceil(delayMs)));
  }

  /**
   * After the load: events whose time did not come are skipped, the one running is awaited (on
   * an abort, given up on: the deployment is stopped next anyway). Returns every event's record.
   */
  async finish(): Promise<TrialEvent[]> {
    for (const timer of this.timers) clearTimeout(timer);
    this.loadEnded = true;
    await this.chain;
    for (const record of this.records) {
      if (record.detail === '') record.detail = this.signal.aborted ? 'the run was interrupted before its time' : 'the load ended before its time';
    }
    return this.records;
  }

  private async run(index: number): Promise<void> {
    const record = this.records[index];
    const event = this.events[index];
    const act = this.deployment.act?.bind(this.deployment);
    if (!record || !event || !act || this.signal.aborted || this.measuredStart === undefined) return;
    if (this.loadEnded) {
      record.detail = 'the load ended while the event before it still ran';
      return;
    }
    const began = performance.now();
    record.startedMs = Math.round(began - this.measuredStart);
    const outcome = await settle(act(event.action), this.signal);
    record.status = outcome.ok ? 'done' : 'failed';
    record.detail = outcome.detail;
    if (outcome.ok) record.endedMs = Math.round(performance.now() - this.measuredStart);
  }
}

function skipReason(event: EventSpec, topology: TopologySpec, deployment: Deployment, durationMs: number): string | undefined {
  if (!topologyFor(topology).actions.includes(event.action) || !deployment.act)
    return `'${event.action}' is not supported by topology '${topology.name}' (${topology.kind})`;
  if (event.atMs >= durationMs) return `at ${formatDuration(event.atMs)} it is past the end of the measured phase (${formatDuration(durationMs)})`;
  return undefined;
}

/** The action's outcome, or a failure when the run is interrupted or it takes too long. */
function settle(action: Promise<string>, signal: AbortSignal): Promise<{ ok: boolean; detail: string }> {
  return new Promise((resolve) => {
    const done = (outcome: { ok: boolean; detail: string }) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    const onAbort = () => done({ ok: false, detail: 'the run was interrupted while it ran' });
    const timer = setTimeout(() => done({ ok: false, detail: `it did not finish within ${formatDuration(eventTimeoutMs)}` }), eventTimeoutMs);
    signal.addEventListener('abort', onAbort, { once: true });
    action.then(
      (detail) => done({ ok: true, detail }),
      (error: unknown) => done({ ok: false, detail: error instanceof Error ? error.message : String(error) }),
    );
  });
}
