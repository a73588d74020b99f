import type { Client, Dispatcher } from 'undici';
import { LatencyHistogram } from '../../recording/latency-histogram.js';
import { askStopCheck, loadDriver, waitUntil, type LoadDriver } from '../driver.js';
import type { LoadResult } from '../load-result.js';
import { MeasurementWindow } from '../../recording/measurement-window.js';
import { stampsOf, type LoadRecording } from '../../recording/load-recording.js';
import { partOf, wholeLoad } from '../load-share.js';
import { causeOf, Exchange, toDispatchOptions } from './exchange.js';
import { OpenConnections } from './open-connections.js';
import { InFlightMeter } from './open-in-flight.js';
import { OpenSchedule } from './open-schedule.js';
import { OpenTally } from './open-tally.js';
import { summariseRecording } from '../../recording/summarise-recording.js';
import { ByRequestRecorder } from '../../recording/by-request.js';
import { requestName } from '../../../scenario/flows/request-name.js';
import { flowFigures } from '../../flows/flow-figures.js';
import { OpenFlow } from './open-flow.js';
import { recordStep } from './record-step.js';
import { LiveTally } from '../../live/live-tally.js';
import type { OpenLoadRequest } from './open-load-request.js';

const progressIntervalMs = 1000;

/**
 * Open-model load: requests start at evenly spaced intended times (1 ÷ rate apart, from the
 * start of the warm-up) whatever the server does, each on a free keep-alive connection; a new
 * connection is opened while fewer than maxConnections are open.
 *
 * Pacing: one timer cannot fire thousands of times a second on time, so each tick (a timer set
 * for the next intended start, and every answer) sends every request whose intended start has
 * passed. Sends keep to the timetable on average; a send's lateness is part of its latency.
 * (Sending only on the timer's ticks, in batches, saves 10–20% of the client's CPU at 15,000
 * req/s, but triples the sends' median lateness: 0.5 ms instead of 0.15 ms, more than a fast
 * server's whole answer. Measured in bench/generator-cost's terms; not worth it.)
 *
 * When all maxConnections are busy, a due request waits, in order, and goes out the moment a
 * connection comes free (as wrk2 does): its latency from the intended start includes the wait,
 * which is what a user arriving then would see. `delayed` counts the requests of the measured
 * phase that waited so; `dropped` counts those still waiting when the phase ended: they are
 * never sent, and never silently forgotten. Nothing is sent after the phase ends; the answers
 * of requests already sent are waited for (each bounded by timeoutMs), so the slowest ones are
 * not left out of the figures.
 *
 * A request belongs to the phase of its intended start; its latency goes into the per-second
 * series at the second of its intended start (when the user arrived). Latency is recorded two
 * ways at µs resolution: `latencyMs` from the intended start (coordinated-omission correct) and
 * `open.serviceLatencyMs` from the actual send (service time, connection set-up included).
 * The signal stops the load at once: connections are destroyed, answers in flight are left out,
 * and the result is marked interrupted (also when it comes while the last answers are awaited).
 * Every connection is closed before the promise settles.
 */
export async function recordOpenLoad(request: OpenLoadRequest): Promise<LoadRecording> {
  const { load } = request;
  const share = request.share ?? wholeLoad;
  const allConnections = load.maxConnections ?? load.connections;
  if (!Number.isInteger(allConnections) || allConnections < 1)
    throw new RangeError(`maxConnections must be a whole number of at least 1, but is ${allConnections}`);
  if (request.requests.length === 0) throw new RangeError('the request mix is empty');
  // every share may open a connection, even when there are fewer connections than shares
  const maxConnections = Math.max(1, partOf(allConnections, share));
  const schedule = new OpenSchedule(load.rate, load.warmupMs, load.durationMs, share, load.stages);
  await waitUntil(request.startAt, request.signal);
  return new Promise((resolve, reject) => {
    const connections = new OpenConnections(new URL(request.url).origin, maxConnections, load.timeoutMs);
    const mix = request.requests.map(toDispatchOptions);
    const names = request.requests.map(requestName);
    // a flow: each arrival is a user that runs every request in turn on its connection
    const flows = request.flow ? new OpenFlow(request.requests, request.flow, share) : undefined;
    const totalMs = load.warmupMs + load.durationMs;

    // on a grid of 1/1024 ms (< 1 µs early), so that start + a whole number of ms is exact in
    // binary and the phases last exactly warmupMs and durationMs (a measured phase of
    // 1999.9999999998 ms would have a one-point series)
    // shares of one load start from the same instant, so that their timetables interleave exactly
    const startedAt =
      request.startAt === undefined ? Math.floor(performance.now() * 1024) / 1024 : Math.round((request.startAt - performance.timeOrigin) * 1024) / 1024;
    const measuredStart = startedAt + load.warmupMs;
    let measuredEnd = startedAt + totalMs;
    const window = new MeasurementWindow(measuredStart, load.durationMs);
    const byRequest = new ByRequestRecorder(measuredStart, window.sliceMs);
    const service = new LatencyHistogram();
    const inFlight = new InFlightMeter(measuredStart, measuredEnd);
    const active = new Set<Exchange>();

    // indices below `next` are sent; [next, due) are due and waiting; [next, blockedBelow) found no free connection
    let next = 0;
    let due = 0;
    let blockedBelow = 0;
    const tally = new OpenTally(schedule);
    let state: 'sending' | 'draining' | 'stopped' = 'sending';
    let interrupted = false;
    let recentResponses = 0;
    let pumpQueued = false;
    let tickTimer: NodeJS.Timeout | undefined;
    let drainTimer: NodeJS.Timeout | undefined;
    const live = request.onLive
      ? new LiveTally(request.onLive, { inFlight: () => active.size, late: () => tally.delayed, offeredRps: () => load.rate / share.count })
      : undefined;

    let endTimer = setTimeout(endPhase, totalMs);
    const checkTimer = askStopCheck(request.stopCheck, (at) => (state === 'sending' && at >= measuredStart ? [window, measuredStart] : undefined), endEarly);
    const measuredTimer = setTimeout(() => request.onMeasuredStart?.(measuredStart), Math.max(0, measuredStart - performance.now()));
    const onAbort = () => void stop(true);
    request.signal?.addEventListener('abort', onAbort, { once: true });
    const progressTimer = setInterval(() => {
      const elapsedMs = performance.now() - startedAt;
      request.onProgress?.({
        phase: elapsedMs < load.warmupMs ? 'warmup' : 'measured',
        elapsedMs,
        totalMs,
        recentRps: recentResponses / (progressIntervalMs / 1000),
        offeredRps: schedule.rateAt(elapsedMs),
      });
      recentResponses = 0;
    }, progressIntervalMs);
    if (request.signal?.aborted) onAbort();
    else tick();

    function tick(): void {
      tickTimer = undefined;
      if (state !== 'sending') return;
      pump();
      if (due < schedule.total) tickTimer = setTimeout(tick, Math.max(0, startedAt + schedule.offsetMs(due) - performance.now()));
    }

    /** Sends every due request a connection can take now. */
    function pump(): void {
      due = Math.max(due, schedule.dueAt(performance.now() - startedAt));
      while (next < due && state === 'sending') {
        const client = connections.acquire();
        if (!client) {
          blockedBelow = due;
          return;
        }
        send(next, client);
      }
    }

    /**
     * Pumps once the current undici callback has returned: undici does not expect a new request
     * on a connection from inside that connection's own callbacks (it asserts an empty queue
     * after failing the queued requests of a refused connection).
     */
    function pumpSoon(): void {
      if (pumpQueued) return;
      pumpQueued = true;
      queueMicrotask(() => {
        pumpQueued = false;
        if (state === 'sending') pump();
      });
    }

    function send(index: number, client: Client): void {
      next = index + 1;
      const intendedAt = startedAt + schedule.offsetMs(index);
      const sentAt = performance.now();
      tally.countSend(index, index < blockedBelow);
      request.onSend?.(intendedAt, sentAt);
      if (flows) {
        flows.start(index, intendedAt, client, ended, (exchange) => active.add(exchange));
        return;
      }
      const exchange = new Exchange(index, intendedAt, sentAt, client, ended);
      active.add(exchange);
      // undici reports every failure, even one found at once, through the handler
      client.dispatch(mix[schedule.runIndex(index) % mix.length] as Dispatcher.DispatchOptions, exchange);
    }

    function ended(exchange: Exchange, error?: Error): void {
      if (state === 'stopped' || !active.delete(exchange)) return;
      const at = performance.now();
      inFlight.add(exchange.intendedAt, at);
      recentResponses += 1;
      if (live) countLive(exchange, at, error);
      const answer = flows?.answer(exchange, error);
      const name = answer?.name ?? names[schedule.runIndex(exchange.index) % names.length] ?? 'unknown';
      if (exchange.index >= schedule.firstMeasured) recordStep({ window, service, byRequest }, name, exchange, error, at, answer);
      if (state === 'sending' && flows?.continue(exchange, error, at, (next) => active.add(next))) return;
      connections.release(exchange.client);
      if (state === 'sending') pumpSoon();
      else if (state === 'draining' && active.size === 0) queueMicrotask(() => void stop(false));
    }

    function countLive(exchange: Exchange, at: number, error: Error | undefined): void {
      const measured = exchange.index >= schedule.firstMeasured;
      const requestIndex = flows ? flows.stepOf(exchange) : schedule.runIndex(exchange.index) % mix.length;
      if (error) live?.fail(measured, requestIndex, causeOf(error));
      else live?.answer(measured, requestIndex, exchange.statusCode, at - exchange.intendedAt);
    }

    /** The end of the measured phase: what still waits for a connection is dropped; answers in flight are awaited. */
    function endPhase(): void {
      if (state !== 'sending') return;
      // libuv times timers from the start of the loop turn, so one can fire a fraction of a ms
      // early: the last requests must still be due, and sent or counted
      const earlyMs = measuredEnd - performance.now();
      if (earlyMs > 0) {
        endTimer = setTimeout(endPhase, Math.max(1, earlyMs));
        return;
      }
      pump();
      state = 'draining';
      settleWaiting(measuredEnd);
      if (active.size === 0) {
        void stop(false);
        return;
      }
      // undici's own timers fail each request after timeoutMs; this only guards against a hang
      drainTimer = setTimeout(() => {
        for (const exchange of active) {
          inFlight.add(exchange.intendedAt, measuredEnd);
          if (exchange.index >= schedule.firstMeasured) window.recordError(exchange.intendedAt, 'timeout');
          live?.fail(exchange.index >= schedule.firstMeasured, schedule.runIndex(exchange.index) % mix.length, 'timeout');
        }
        void stop(false, true);
      }, load.timeoutMs + 2000);
    }

    /** The stop check ended the measured phase at `at`: as if it had been planned to end then. */
    function endEarly(at: number): void {
      measuredEnd = at;
      inFlight.endAt(at);
      clearTimeout(endTimer);
      endPhase();
    }

    /** Requests due and not sent when sending stops at `at`: those that found no connection are dropped. */
    function settleWaiting(at: number): void {
      tally.dropWaiting(next, Math.min(due, blockedBelow));
      const spacingMs = schedule.spacingMs;
      if (spacingMs !== null) inFlight.addSeries(startedAt + schedule.offsetMs(next), spacingMs, due - next, at);
      else for (let index = next; index < due; index += 1) inFlight.add(startedAt + schedule.offsetMs(index), at);
    }

    /** early: stopped by the signal. destroy: close the connections without waiting for their answers (always so when early). */
    async function stop(early: boolean, destroy = early): Promise<void> {
      if (state === 'stopped') return;
      const at = performance.now();
      if (early) {
        interrupted = true;
        if (state === 'sending') {
          measuredEnd = Math.max(Math.min(measuredEnd, at), Math.min(measuredStart, at));
          inFlight.endAt(measuredEnd);
          settleWaiting(at);
        }
        for (const exchange of active) inFlight.add(exchange.intendedAt, at);
      }
      state = 'stopped';
      flows?.stop();
      clearTimeout(endTimer);
      clearTimeout(measuredTimer);
      clearTimeout(tickTimer);
      clearTimeout(drainTimer);
      clearInterval(progressTimer);
      clearInterval(checkTimer);
      request.signal?.removeEventListener('abort', onAbort);
      active.clear();
      live?.stop();
      try {
        await (destroy ? connections.destroy() : connections.close());
      } catch (error) {
        reject(error);
        return;
      }
      const measuredFrom = Math.min(measuredStart, measuredEnd);
      const { sent, dropped, delayed } = tally;
      resolve({
        model: 'open',
        stamps: stampsOf(startedAt, measuredFrom, measuredEnd),
        interrupted,
        ...window.recording(),
        open: {
          targetRps: schedule.measuredRps,
          sent,
          dropped,
          delayed,
          service,
          maxConnectionsUsed: connections.opened,
          meanInFlight: inFlight.mean(),
        },
        generators: [],
        byRequest: byRequest.recording,
        ...(flows && request.flow ? { flow: flowFigures(flows.runtime, request.flow) } : {}),
      });
    }
  });
}

/** The open model as a load driver: the request's settings must have a rate. */
export const openModel: LoadDriver = loadDriver('open', (request) => {
  const { rate } = request.load;
  if (rate === undefined) return Promise.reject(new RangeError('the open model needs a rate'));
  return recordOpenLoad({ ...request, load: { ...request.load, rate } });
});

/** The open model's figures for one load. */
export async function runOpenLoad(request: OpenLoadRequest): Promise<LoadResult> {
  return summariseRecording(await recordOpenLoad(request));
}
