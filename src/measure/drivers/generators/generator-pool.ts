import type { Worker } from 'node:worker_threads';
import { decodeRecording } from '../../recording/recording-codec.js';
import { mergeRecordings, type LoadRecording } from '../../recording/load-recording.js';
import { workerScript } from '../../worker-script.js';
import { loadDriver, type LoadDriver, type LoadModel, type LoadRequest } from '../driver.js';
import { shareOf, sharesOf, wholeLoad } from '../load-share.js';
import type { LoadProgress } from '../load-result.js';
import type { FromGenerator, ToGenerator } from './messages.js';
import { PoolStopCheck } from './pool-stop-check.js';
import type { RequestSpec } from '../../../scenario/types.js';

/** Time for the threads to receive the start time and set their timers, after all are loaded. */
const startLeadMs = 50;

/**
 * The load of one trial driven by `count` generator threads (worker_threads), each with its
 * own driver of the model, event loop and histograms: generator k drives share k of the load
 * (its part of the connections, or every count-th request of the timetable), and all begin at
 * one instant, so that their timetables interleave into exactly the scenario's. The recordings
 * are merged exactly (histograms added bucket by bucket). A stop check is asked over all the
 * threads' figures, and ends every thread's measured phase. The threads are started for the
 * trial and ended before the promise settles, whatever happens.
 */
export function generatorPool(model: LoadModel, count: number): LoadDriver {
  return loadDriver(model, (request) => recordInThreads(model, count, request));
}

async function recordInThreads(model: LoadModel, count: number, request: LoadRequest): Promise<LoadRecording> {
  const threads = Array.from({ length: count }, () => workerScript('measure/drivers/generators/generator-thread'));
  const progress = new ProgressSum(count, request.onProgress);
  let measuredSaid = false;
  const onAbort = () => {
    for (const thread of threads) thread.postMessage({ type: 'abort' } satisfies ToGenerator);
  };
  try {
    const ready = threads.map((thread) => nextMessage(thread, 'ready'));
    await Promise.all(ready);
    const { flow: flowToLoad } = request;
    if (flowToLoad) {
      // before the start time is set: loading a scenario file takes a while
      const loaded = threads.map((thread) => nextMessage(thread, 'flow-loaded'));
      const data = flowToLoad.data?.table;
      for (const thread of threads) thread.postMessage({ type: 'load-flow', source: flowToLoad.source, ...(data ? { data } : {}) } satisfies ToGenerator);
      await Promise.all(loaded);
    }
    const startAt = Math.max(request.startAt ?? 0, performance.timeOrigin + performance.now() + startLeadMs);
    const shares = sharesOf(count).map((share) => shareOf(request.share ?? wholeLoad, share));
    request.signal?.addEventListener('abort', onAbort, { once: true });
    const judge = request.stopCheck ? new PoolStopCheck(request.stopCheck, threads) : undefined;
    const results = threads.map((thread, index) => {
      thread.on('message', (message: FromGenerator) => {
        if (message.type === 'progress') progress.add(index, message.progress);
        if (message.type === 'live') request.onLive?.({ ...message.batch, generator: index + 1 });
        if (message.type === 'so-far') judge?.soFar(index, message);
        if (message.type === 'measured' && !measuredSaid) {
          measuredSaid = true;
          request.onMeasuredStart?.(message.atEpochMs - performance.timeOrigin);
        }
      });
      const done = nextMessage(thread, 'done');
      const { url, requests, load } = request;
      thread.postMessage({
        type: 'run',
        model,
        generator: index + 1,
        request: { url, requests: requests.map(plainRequest), load, share: shares[index] ?? wholeLoad, startAt },
        live: request.onLive !== undefined,
        ...(request.stopCheck ? { soFarEveryMs: request.stopCheck.everyMs } : {}),
      } satisfies ToGenerator);
      return done;
    });
    if (request.signal?.aborted) onAbort();
    const recordings = await Promise.all(results);
    return mergeRecordings(recordings.map((message) => decodeRecording(message.recording)));
  } finally {
    request.signal?.removeEventListener('abort', onAbort);
    await Promise.allSettled(threads.map((thread) => thread.terminate()));
  }
}

/** A request as a message can carry it: functions do not cross threads (a flow's thread loads them itself). */
function plainRequest(request: RequestSpec): RequestSpec {
  const { method, path, headers, body, name } = request;
  return { method, path, headers, ...(body === undefined ? {} : { body }), ...(name === undefined ? {} : { name }) };
}

/** The thread's next message of this type; rejects when it fails, errs or exits first. */
function nextMessage<T extends FromGenerator['type']>(thread: Worker, type: T): Promise<Extract<FromGenerator, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: FromGenerator) => {
      if (message.type === type) settle(() => resolve(message as Extract<FromGenerator, { type: T }>));
      else if (message.type === 'failed') settle(() => reject(new Error(`a load generator thread failed: ${message.message}`)));
    };
    const onError = (error: Error) => settle(() => reject(error));
    const onExit = (code: number) => settle(() => reject(new Error(`a load generator thread exited (code ${code}) before it was done`)));
    const settle = (action: () => void) => {
      thread.off('message', onMessage);
      thread.off('error', onError);
      thread.off('exit', onExit);
      action();
    };
    thread.on('message', onMessage);
    thread.on('error', onError);
    thread.on('exit', onExit);
  });
}

/** The pool's progress: the threads' latest reports, their rates (and connections) added up. */
class ProgressSum {
  private readonly latest: (LoadProgress | undefined)[];

  constructor(
    count: number,
    private readonly report: ((progress: LoadProgress) => void) | undefined,
  ) {
    this.latest = Array.from({ length: count }, () => undefined);
  }

  add(index: number, progress: LoadProgress): void {
    this.latest[index] = progress;
    // the first thread paces the reports: one a second, as from one driver
    if (index !== 0 || !this.report) return;
    const recentRps = this.latest.reduce((sum, entry) => sum + (entry?.recentRps ?? 0), 0);
    // each thread holds its part of a closed load's connections; the open model's offered rate is the whole load's in every thread
    const connections = progress.connections === undefined ? {} : { connections: this.latest.reduce((sum, entry) => sum + (entry?.connections ?? 0), 0) };
    this.report({ ...progress, recentRps, ...connections });
  }
}
