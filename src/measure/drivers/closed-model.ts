import { askStopCheck, loadDriver, waitUntil, type LoadDriver, type LoadRequest } from './driver.js';
import type { LoadResult } from './load-result.js';
import { dropAutocannonBodies } from './autocannon-bodies.js';
import { rememberClearedRequests, timedOutRequest } from './autocannon-timeouts.js';
import { fixAutocannonReconnect } from './autocannon-reconnect.js';
import { MeasurementWindow } from '../recording/measurement-window.js';
import { stampsOf, type LoadRecording } from '../recording/load-recording.js';
import { partOf, wholeLoad } from './load-share.js';
import { isOutOfFiles } from './out-of-files.js';
import { AutocannonFleet } from './autocannon-fleet.js';
import { autocannonRequests, type AnswerNote } from './closed-flow.js';
import { ByRequestRecorder } from '../recording/by-request.js';
import { FlowRuntime } from '../flows/flow-runtime.js';
import { flowFigures } from '../flows/flow-figures.js';
import { requestName } from '../../scenario/flows/request-name.js';
import { stageLevelAt } from '../../contract/stage-level.js';
import { LiveTally } from '../live/live-tally.js';
import { answeredRequestIndex, unknownRequest } from './autocannon-request-index.js';

const progressIntervalMs = 1000;
/** How often a staged load's connections follow its stages: a connection is added or closed within 10 ms of its time. */
const stageTickMs = 10;

/**
 * Closed-model load with autocannon: `connections` connections, each sending its next request
 * when the last answer arrives. One autocannon instance runs warm-up and measured phase back
 * to back (no reconnect between them); a staged load, whose connections move, runs one instance
 * per connection (AutocannonFleet); loadlab stamps both phases itself and records every
 * response of the measured phase from autocannon's 'response' event into its own histograms.
 *
 * Not used from autocannon, because they mislead: its 1 ms-bucket latency histogram, its
 * rate options and their coordinated-omission correction (never enabled here: it only applies
 * with a rate), reconnectRate, and worker-thread mode (which emits no per-response events).
 */
export async function recordClosedLoad(request: LoadRequest): Promise<LoadRecording> {
  const { load } = request;
  const share = request.share ?? wholeLoad;
  const connections = partOf(load.connections, share);
  if (connections < 1 && !load.stages)
    throw new RangeError(`share ${request.share?.index} of ${request.share?.count} of ${load.connections} connections has none`);
  const totalMs = load.warmupMs + load.durationMs;
  // loaded on the first closed-model load: a run of the open model (or `loadlab compare`) never needs it
  const { default: autocannon } = await import('autocannon');
  fixAutocannonReconnect();
  dropAutocannonBodies();
  rememberClearedRequests();
  const runtime = request.flow ? new FlowRuntime(request.requests, request.flow, share) : undefined;
  // autocannon calls a request's onResponse just before its 'response' event, in the same turn
  let answer: AnswerNote | undefined;
  const names = request.requests.map(requestName);
  const onlyName = names.length === 1 ? names[0] : undefined;
  const requests = autocannonRequests(request.requests, runtime, (noted) => (answer = noted));
  await waitUntil(request.startAt, request.signal);
  return new Promise((resolve, reject) => {
    const startedAt = performance.now();
    let window: MeasurementWindow | undefined = load.warmupMs === 0 ? new MeasurementWindow(startedAt, load.durationMs) : undefined;
    let byRequest = window ? new ByRequestRecorder(window.startedAt, window.sliceMs) : undefined;
    let stopAsked = false;
    let stopped = false;
    let interrupted = false;
    let failed = false;
    let recentResponses = 0;

    const fleet = new AutocannonFleet(
      autocannon,
      {
        url: request.url,
        pipelining: load.pipelining,
        timeout: load.timeoutMs / 1000,
        // loadlab ends the run itself at the exact time; this is only a backstop
        duration: totalMs / 1000 + 30,
        // autocannon applies stop() at its next sample tick: keep that tick short
        sampleInt: 20,
        requests,
      },
      {
        onResponse: (client, statusCode, bytes, latencyMs) => {
          const at = performance.now();
          recentResponses += 1;
          const noted = answer;
          answer = undefined;
          if (!stopped) live?.answer(window !== undefined, answeredRequestIndex(client, mixLength), statusCode, latencyMs);
          if (!window || stopped) return;
          const failure = noted?.failure;
          if (failure) window.recordError(at, failure.kind);
          else window.recordResponse(at, statusCode, bytes, latencyMs, noted?.statusExpected);
          const unexpected = !noted?.statusExpected && (statusCode < 200 || statusCode >= 300);
          byRequest?.recordAnswer(noted?.name ?? onlyName ?? 'unknown', at, latencyMs, failure?.kind ?? (unexpected ? 'status' : undefined), noted?.checked);
        },
        // autocannon's reqError does not say which request timed out: the client's own 'timeout' does, here
        onTimeout: (client) => {
          if (!window || stopped) return;
          const index = timedOutRequest(client);
          byRequest?.recordError((index === undefined ? undefined : names[index]) ?? onlyName ?? 'unknown', performance.now());
        },
        onError: (error) => {
          const at = performance.now();
          const cause = error.message === 'request timed out' ? 'timeout' : isOutOfFiles(error) ? 'open-files' : undefined;
          if (window && !stopped) window.recordError(at, cause);
          if (!stopped) live?.fail(window !== undefined, mixLength === 1 ? 0 : unknownRequest, cause);
        },
        onFailure: (error) => {
          if (failed) return;
          failed = true;
          // autocannon may refuse its options while the fleet starts, before the timers below exist
          queueMicrotask(() => {
            finish(true);
            cleanUp();
            live?.stop();
            reject(error);
          });
        },
      },
    );
    const mixLength = request.requests.length;
    // the closed model keeps every connection's pipeline full: that many are in flight
    const live = request.onLive
      ? new LiveTally(request.onLive, { inFlight: () => fleet.connections * load.pipelining, connections: () => fleet.connections })
      : undefined;
    // a staged load: the connections move with the stages (whole connections, each its own instance, so that any can be closed)
    const { stages } = load;
    const connectionsAt = (elapsedMs: number) =>
      stages ? partOf(Math.floor(stageLevelAt(load.connections, stages, elapsedMs - load.warmupMs) + 1e-9), share) : connections;
    fleet.resize(connectionsAt(0), stages ? 1 : connections);
    const stageTimer = stages ? setInterval(() => stopAsked || fleet.resize(connectionsAt(performance.now() - startedAt), 1), stageTickMs) : undefined;

    const finish = (early: boolean) => {
      if (stopAsked) return;
      stopAsked = true;
      interrupted = early;
      void fleet.stopAll().then(() => {
        cleanUp();
        live?.stop();
        if (failed) return;
        // The phase ends when autocannon stopped sending, a tick after stop(): the server
        // handled those requests too, and its own counts (the probe agent's) must match ours.
        const end = performance.now();
        stopped = true;
        const measuredStart = window?.startedAt ?? end;
        resolve({
          model: 'closed',
          stamps: stampsOf(startedAt, measuredStart, end),
          interrupted,
          ...(window ?? new MeasurementWindow(end, load.durationMs)).recording(),
          generators: [],
          byRequest: byRequest?.recording ?? {},
          ...(runtime && request.flow ? { flow: flowFigures(runtime, request.flow) } : {}),
        });
      });
    };
    const startMeasuring = () => {
      window = new MeasurementWindow(performance.now(), load.durationMs);
      byRequest = new ByRequestRecorder(window.startedAt, window.sliceMs);
      request.onMeasuredStart?.(window.startedAt);
    };
    const warmupTimer = load.warmupMs > 0 ? setTimeout(startMeasuring, load.warmupMs) : undefined;
    if (window) queueMicrotask(() => request.onMeasuredStart?.(startedAt));
    const endTimer = setTimeout(() => finish(false), totalMs);
    const onAbort = () => finish(true);
    request.signal?.addEventListener('abort', onAbort, { once: true });
    if (request.signal?.aborted) finish(true);
    const checkTimer = askStopCheck(
      request.stopCheck,
      () => (window && !stopAsked ? [window, window.startedAt] : undefined),
      () => finish(false),
    );
    const progressTimer = setInterval(() => {
      const elapsedMs = performance.now() - startedAt;
      request.onProgress?.({
        phase: window ? 'measured' : 'warmup',
        elapsedMs,
        totalMs,
        recentRps: recentResponses / (progressIntervalMs / 1000),
        connections: fleet.connections,
      });
      recentResponses = 0;
    }, progressIntervalMs);

    function cleanUp() {
      clearTimeout(warmupTimer);
      clearTimeout(endTimer);
      clearInterval(progressTimer);
      clearInterval(checkTimer);
      clearInterval(stageTimer);
      request.signal?.removeEventListener('abort', onAbort);
    }
  });
}

/** The closed model as a load driver (a rate in the request's settings is not looked at). */
export const closedModel: LoadDriver = loadDriver('closed', recordClosedLoad);

/** The closed model's figures for one load. */
export function runClosedLoad(request: LoadRequest): Promise<LoadResult> {
  return closedModel.run(request);
}
