import type { FlowSpec, LoadSettings, RequestSpec } from '../../scenario/types.js';
import type { LoadRecording } from '../recording/load-recording.js';
import type { MeasurementWindow, RecordedSoFar } from '../recording/measurement-window.js';
import type { LiveSink } from '../live/live-batch.js';
import { summariseRecording } from '../recording/summarise-recording.js';
import type { LoadShare } from './load-share.js';
import type { LoadProgress, LoadResult, MeasuredStartHook } from './load-result.js';

/** What one trial (or capacity step) asks of a load driver. */
export interface LoadRequest {
  /** Base URL, e.g. http://127.0.0.1:40123; each request's path replaces its path. */
  url: string;
  /** The mix: request i of the run is requests[i % requests.length]. */
  requests: readonly RequestSpec[];
  /** Set when the workload is a flow: the requests run in order per virtual user, with its variables. */
  flow?: FlowSpec;
  /** A rate makes it the open model; without one, the closed model. */
  load: LoadSettings;
  /** Drive only this share of the load (a generator thread, a shard); the whole load without one. */
  share?: LoadShare;
  /** When the warm-up begins, in epoch ms: the driver waits until then. Shares of one load start together so. */
  startAt?: number;
  /** Aborted: the load stops at once and the result is marked interrupted. */
  signal?: AbortSignal;
  onProgress?: (progress: LoadProgress) => void;
  onMeasuredStart?: MeasuredStartHook;
  /** Asked while the measured phase runs: it may end the phase early (--abort-on-fail). A generator pool asks it over all its threads' figures, and ends every thread's phase. */
  stopCheck?: StopCheck;
  /** Given: the driver counts its answers live and hands them over a few times a second (see live/live-tally.ts). */
  onLive?: LiveSink;
}

/**
 * Asked every `everyMs` while the measured phase runs, with what it has recorded so far (read,
 * never changed) and how long it has run: true ends the measured phase there, as if it had been
 * planned so: the load is not interrupted, and its figures are those measured until then.
 */
export interface StopCheck {
  everyMs: number;
  stopNow(soFar: RecordedSoFar, measuredMs: number): boolean;
}

export type LoadModel = 'closed' | 'open';

/**
 * A way of driving load: a warm-up and a measured phase, both stamped, every response of the
 * measured phase recorded. The promise settles once every connection it opened is closed; it
 * rejects only for a fault of the driver itself, never for the server's errors (those are
 * counted in the result).
 */
export interface LoadDriver {
  readonly model: LoadModel;
  /** The raw recording (histograms, counts, stamps): what is merged when several drivers share a load. */
  record(request: LoadRequest): Promise<LoadRecording>;
  /** The recording summarised: the figures of a trial. */
  run(request: LoadRequest): Promise<LoadResult>;
}

/** A driver from its recording function: run is the recording, summarised once. */
export function loadDriver(model: LoadModel, record: (request: LoadRequest) => Promise<LoadRecording>): LoadDriver {
  return { model, record, run: async (request) => summariseRecording(await record(request)) };
}

/** One driver per model: what a run, an A/B run and a capacity search drive their load with. */
export interface LoadDrivers {
  closed: LoadDriver;
  open: LoadDriver;
}

/** The model a workload's settings ask for: a rate is an arrival timetable, whatever the server does. */
export function modelOf(load: Pick<LoadSettings, 'rate'>): LoadModel {
  return load.rate === undefined ? 'closed' : 'open';
}

/** Runs `request` with the driver of its model. */
export function driveLoad(drivers: LoadDrivers, request: LoadRequest): Promise<LoadResult> {
  return drivers[modelOf(request.load)].run(request);
}

/** Resolves at `epochMs` (at once when it has passed, or when the signal aborts). */
export function waitUntil(epochMs: number | undefined, signal?: AbortSignal): Promise<void> {
  const waitMs = epochMs === undefined ? 0 : epochMs - (performance.timeOrigin + performance.now());
  if (waitMs <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, waitMs);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Asks `check` every its everyMs while `measuring(now)` gives the measurement window and its start
 * (undefined: not now, the warm-up or the end); `stop(now)` when it says so. The timer, to clear.
 */
export function askStopCheck(
  check: StopCheck | undefined,
  measuring: (at: number) => readonly [MeasurementWindow, number] | undefined,
  stop: (at: number) => void,
): NodeJS.Timeout | undefined {
  if (!check) return undefined;
  return setInterval(() => {
    const at = performance.now();
    const now = measuring(at);
    if (now && check.stopNow(now[0].recording(), at - now[1])) stop(at);
  }, check.everyMs);
}
