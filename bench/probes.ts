/**
 * Benchmark: what do the probes cost?
 * 1. rps of the single topology with probes on (sampler + in-app agent) against probes off,
 *    alternating the order pair by pair, on the demo app. Target: median ratio ≥ 0.98.
 * 2. The cost of one sample with 100 and with 10,000 idle connections open to the server: the
 *    time loadlab's main thread (which drives the load) is busy with it, target ≤ 2 ms, and the
 *    time the worker thread spends reading /proc (fds, sockets, the TCP table, the threads' CPU),
 *    and of that, the time the threads' CPU (/proc/PID/task/TID/stat) takes on its own.
 *
 *   npm run bench:probes [-- --pairs 4 --duration 3s]
 */
import { connect, type Socket } from 'node:net';
import { parseArgs } from 'node:util';
import { median } from 'simple-statistics';
import { runClosedLoad } from '../src/measure/drivers/closed-model.js';
import { prepareAgent } from '../src/measure/probes/agent-setup.js';
import { ProbeSampler } from '../src/measure/probes/sampler.js';
import { readThreadTicks } from '../src/measure/probes/process-threads.js';
import { ProcessOwner } from '../src/deploy/processes.js';
import { single } from '../src/deploy/topologies/single.js';
import type { Deployment } from '../src/deploy/topologies/types.js';
import { parseDuration } from '../src/text/duration.js';
import { demoApp } from './demo-app.js';

const { values } = parseArgs({ options: { pairs: { type: 'string', default: '4' }, duration: { type: 'string', default: '3s' } } });
const parsedDuration = parseDuration(values.duration);
if ('error' in parsedDuration) throw new Error(parsedDuration.error);
const duration = parsedDuration;
const pairs = Number(values.pairs);

const owner = new ProcessOwner();
const abort = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => abort.abort());
const app = demoApp;
const spec = { name: 'bench', kind: 'single', instances: 1, runtime: 'node', schedulingPolicy: 'rr' } as const;

async function rpsOf(withProbes: boolean): Promise<number> {
  const agent = withProbes ? prepareAgent(owner.privateFolder('probe'), 500) : undefined;
  const deployment = await single.start(spec, app, { owner, signal: abort.signal, probeEnv: agent?.env ?? {} });
  try {
    const sampler = agent ? new ProbeSampler({ intervalMs: 500, processes: () => deployment.processes(), agentFolder: agent.folder }) : undefined;
    sampler?.start();
    const load = { connections: 50, pipelining: 1, durationMs: duration.ms, warmupMs: 1000, timeoutMs: 10_000 };
    const result = await runClosedLoad({ url: deployment.url, requests: [{ method: 'GET', path: '/', headers: {} }], load, signal: abort.signal });
    await sampler?.stop(Date.now());
    return result.requests.rps;
  } finally {
    await deployment.stop();
    agent?.remove();
  }
}

async function openConnections(deployment: Deployment, count: number): Promise<Socket[]> {
  const port = Number(new URL(deployment.url).port);
  const sockets: Socket[] = [];
  for (let batch = 0; batch < count; batch += 500) {
    await Promise.all(
      Array.from(
        { length: Math.min(500, count - batch) },
        () =>
          new Promise<void>((done, fail) => {
            const socket = connect({ host: '127.0.0.1', port }, () => done());
            socket.once('error', fail);
            sockets.push(socket);
          }),
      ),
    );
  }
  return sockets;
}

/**
 * Median over 20 samples: the /proc read time in the worker thread, and the main thread's busy
 * time per sample; and the part of a read that is the process's threads (/proc/PID/task), timed
 * alone the same number of times.
 */
async function sampleCost(connections: number): Promise<{ workerMs: number; mainThreadMs: number; threadsMs: number; threads: number }> {
  const agent = prepareAgent(owner.privateFolder('probe'), 500);
  const deployment = await single.start(spec, app, { owner, signal: abort.signal, probeEnv: agent.env });
  const sockets = await openConnections(deployment, connections);
  const sampler = new ProbeSampler({ intervalMs: 60_000, processes: () => deployment.processes(), agentFolder: agent.folder });
  try {
    await new Promise((done) => setTimeout(done, 300));
    const workerMs: number[] = [];
    const mainThreadMs: number[] = [];
    for (let round = 0; round < 20; round += 1) {
      const before = performance.eventLoopUtilization();
      const snapshot = await sampler.sampleProcesses();
      mainThreadMs.push(performance.eventLoopUtilization(before).active);
      workerMs.push(snapshot?.costMs ?? Number.NaN);
    }
    const threadsMs: number[] = [];
    let threads = 0;
    for (let round = 0; round < 20; round += 1) {
      const started = performance.now();
      threads = deployment.processes().reduce((count, info) => count + (readThreadTicks(info.pid)?.length ?? 0), 0);
      threadsMs.push(performance.now() - started);
    }
    return { workerMs: median(workerMs), mainThreadMs: median(mainThreadMs), threadsMs: median(threadsMs), threads };
  } finally {
    await sampler.stop(Date.now());
    for (const socket of sockets) socket.destroy();
    await deployment.stop();
    agent.remove();
  }
}

try {
  console.log(`pair  probes on rps  probes off rps  ratio   (50 connections, ${duration.ms} ms measured each)`);
  const ratios: number[] = [];
  for (let pair = 1; pair <= pairs && !abort.signal.aborted; pair += 1) {
    const onFirst = pair % 2 === 1;
    const first = await rpsOf(onFirst);
    const second = await rpsOf(!onFirst);
    const [on, off] = onFirst ? [first, second] : [second, first];
    ratios.push(on / off);
    console.log(`${String(pair).padStart(4)}  ${on.toFixed(0).padStart(13)}  ${off.toFixed(0).padStart(14)}  ${(on / off).toFixed(3)}`);
  }
  const ratio = median(ratios);
  console.log(`median ratio probes on ÷ off: ${ratio.toFixed(3)} (target ≥ 0.98: ${ratio >= 0.98 ? 'met' : 'NOT met'})`);
  for (const connections of [100, 10_000]) {
    const cost = await sampleCost(connections);
    console.log(
      `one sample with ${connections} open connections: ${cost.mainThreadMs.toFixed(2)} ms on loadlab's main thread (target ≤ 2 ms: ${cost.mainThreadMs <= 2 ? 'met' : 'NOT met'}), ` +
        `${cost.workerMs.toFixed(1)} ms reading /proc in the worker thread (median of 20), ` +
        `of which ${cost.threadsMs.toFixed(2)} ms reading its ${cost.threads} threads' CPU`,
    );
  }
} finally {
  await owner.stopAll();
}
