/**
 * A load generator thread of the pool (generator-pool.ts): it drives its share of the load with
 * the driver of the model, in its own event loop, records into its own histograms, and hands the
 * recording over encoded, with the CPU its thread used over the measured phase.
 */
import { parentPort } from 'node:worker_threads';
import { encodeRecording } from '../../recording/recording-codec.js';
import { threadCpuSeconds } from '../../probes/thread-cpu.js';
import { baseDriversFor } from '../base-drivers.js';
import type { FromGenerator, ToGenerator } from './messages.js';
import { loadFlow } from '../../../scenario/flows/load-flow.js';
import type { DataTable, FlowSource } from '../../../scenario/flows/flow-types.js';
import type { LiveBatch } from '../../live/live-batch.js';
import { ThreadStopCheck } from './pool-stop-check.js';

const port = parentPort;
const abort = new AbortController();
const post = (message: FromGenerator) => port?.postMessage(message);

let flow: Awaited<ReturnType<typeof loadFlow>> | undefined;
let stopCheck: ThreadStopCheck | undefined;

port?.on('message', (message: ToGenerator) => {
  if (message.type === 'abort') abort.abort();
  else if (message.type === 'stop') stopCheck?.stop();
  else if (message.type === 'load-flow') void prepare(message.source, message.data);
  else void run(message);
});

async function prepare(source: FlowSource, data: DataTable | undefined): Promise<void> {
  try {
    flow = await loadFlow(source, data);
    post({ type: 'flow-loaded' });
  } catch (error) {
    post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
}
post({ type: 'ready' });

async function run({ model, generator, request, live, soFarEveryMs }: Extract<ToGenerator, { type: 'run' }>): Promise<void> {
  let cpuAtStart: { seconds: number; at: number } | undefined;
  if (soFarEveryMs !== undefined) stopCheck = new ThreadStopCheck(soFarEveryMs, post);
  try {
    const recording = await baseDriversFor(process.env)[model].record({
      ...request,
      ...(flow ? { requests: flow.requests, flow: flow.flow } : {}),
      signal: abort.signal,
      ...(stopCheck ? { stopCheck } : {}),
      onProgress: (progress) => post({ type: 'progress', progress }),
      ...(live ? { onLive: (batch: LiveBatch) => post({ type: 'live', batch }) } : {}),
      onMeasuredStart: (startedAt) => {
        const seconds = threadCpuSeconds();
        if (seconds !== undefined) cpuAtStart = { seconds, at: performance.now() };
        post({ type: 'measured', atEpochMs: performance.timeOrigin + startedAt });
      },
    });
    const cpuNow = threadCpuSeconds();
    const elapsedS = cpuAtStart ? (performance.now() - cpuAtStart.at) / 1000 : 0;
    const cpu = cpuAtStart && cpuNow !== undefined && elapsedS > 0 ? Math.max(0, cpuNow - cpuAtStart.seconds) / elapsedS : null;
    post({ type: 'done', recording: encodeRecording({ ...recording, generators: [{ generator, cpu }] }) });
  } catch (error) {
    post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
}
