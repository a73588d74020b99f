/**
 * Benchmark: how well does loadlab's open-model driver keep its timetable, and how far can it go?
 * Against the demo app's hello route (GET /), one process started by the single topology:
 * 1. Send-time accuracy at 1,000 and 5,000 req/s: sent − intended over the measured phase
 *    (mean, p50, p99, max). Lateness is part of every latency from the intended start.
 * 2. The highest rate the driver sustains on its one thread: step the rate up until the achieved
 *    rate falls below 95% of the target or more than 1% is dropped, beside autocannon's
 *    closed-model maximum (runClosedLoad, 50 connections) on the same server; the ratio is
 *    printed. Each step shows the CPU of loadlab and of the server, so that it is plain which
 *    one ran out (on a small machine the two share the cores).
 *
 *   npm run bench:open-model [-- --duration 2s --warmup 500ms --connections 50 --from 2000 --step 1.2]
 */
import { parseArgs } from 'node:util';
import { runClosedLoad } from '../src/measure/drivers/closed-model.js';
import type { LoadResult } from '../src/measure/drivers/load-result.js';
import { runOpenLoad } from '../src/measure/drivers/open/open-model.js';
import { readProcess } from '../src/measure/probes/proc-files.js';
import { ProcessOwner } from '../src/deploy/processes.js';
import { single } from '../src/deploy/topologies/single.js';
import type { Deployment } from '../src/deploy/topologies/types.js';
import { msOf } from './duration-arg.js';
import { demoApp } from './demo-app.js';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '2s' },
    warmup: { type: 'string', default: '500ms' },
    connections: { type: 'string', default: '50' },
    from: { type: 'string', default: '2000' },
    step: { type: 'string', default: '1.2' },
  },
});
const durationMs = msOf(values.duration);
const warmupMs = msOf(values.warmup);
const connections = Number(values.connections);
const firstRate = Number(values.from);
const stepFactor = Number(values.step);

const owner = new ProcessOwner();
const abort = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => abort.abort());
const app = demoApp;
const requests = [{ method: 'GET', path: '/', headers: {} }];

interface OpenRun {
  result: LoadResult;
  /** sent − intended of every send of the measured phase, ms, sorted. */
  latenessMs: number[];
  clientCpu: number;
  serverCpu: number | null;
}

async function openRun(deployment: Deployment, rate: number): Promise<OpenRun> {
  // sends come in timetable order, the warm-up's first; a preallocated array keeps the bench's
  // own garbage (and the GC pauses it would cause in the driver's thread) out of the figures
  const lateness = new Float64Array(Math.ceil((rate * (warmupMs + durationMs)) / 1000) + 1);
  let sent = 0;
  const cpu = startCpu(deployment);
  const result = await runOpenLoad({
    url: deployment.url,
    requests,
    load: { connections, pipelining: 1, durationMs, warmupMs, timeoutMs: 10_000, rate },
    signal: abort.signal,
    onSend: (intendedMs, sentMs) => {
      lateness[sent] = sentMs - intendedMs;
      sent += 1;
    },
  });
  const { clientCpu, serverCpu } = cpu.stop();
  const firstMeasured = Math.ceil((rate * warmupMs) / 1000);
  const latenessMs = Array.from(lateness.subarray(firstMeasured, sent)).sort((a, b) => a - b);
  return { result, latenessMs, clientCpu, serverCpu };
}

/** CPU of this process and of the server's processes, in cores, from now until stop(). */
function startCpu(deployment: Deployment): { stop: () => { clientCpu: number; serverCpu: number | null } } {
  const startedAt = performance.now();
  const client = process.cpuUsage();
  const serverSeconds = () => {
    const readings = deployment.processes().map(({ pid }) => readProcess(pid)?.cpuSeconds);
    return readings.every((seconds) => seconds !== undefined) ? readings.reduce<number>((sum, seconds) => sum + (seconds ?? 0), 0) : null;
  };
  const server = serverSeconds();
  return {
    stop: () => {
      const seconds = (performance.now() - startedAt) / 1000;
      const used = process.cpuUsage(client);
      const serverNow = serverSeconds();
      return { clientCpu: (used.user + used.system) / 1e6 / seconds, serverCpu: server !== null && serverNow !== null ? (serverNow - server) / seconds : null };
    },
  };
}

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;
const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
const fixed = (value: number, digits = 2) => value.toFixed(digits);
const cores = (value: number | null) => (value === null ? '   n/a' : value.toFixed(2).padStart(6));

try {
  const deployment = await single.start({ name: 'bench', kind: 'single', instances: 1, runtime: 'node' }, app, { owner, signal: abort.signal, probeEnv: {} });
  // warm the server's and the driver's JIT before anything counts
  await runClosedLoad({
    url: deployment.url,
    requests,
    load: { connections, pipelining: 1, durationMs: 1000, warmupMs: 0, timeoutMs: 10_000 },
    signal: abort.signal,
  });
  await openRun(deployment, 2000);

  console.log(`send-time accuracy: sent − intended over the measured phase (${durationMs} ms after ${warmupMs} ms warm-up, GET /)`);
  console.log('   rate   mean ms  p50 ms  p99 ms  max ms   achieved  latency p50/p99 ms  service p99 ms  loadlab cpu');
  for (const rate of [1000, 5000]) {
    if (abort.signal.aborted) break;
    const { result, latenessMs, clientCpu } = await openRun(deployment, rate);
    const open = result.open;
    if (!open) throw new Error('the open-model driver returned no open figures');
    console.log(
      `${String(rate).padStart(7)}  ${fixed(mean(latenessMs), 3).padStart(8)}  ${fixed(percentile(latenessMs, 50), 3).padStart(6)}  ${fixed(percentile(latenessMs, 99), 3).padStart(6)}  ${fixed(latenessMs.at(-1) ?? Number.NaN).padStart(6)}` +
        `  ${fixed(open.achievedRps, 0).padStart(9)}  ${`${fixed(result.latencyMs?.p50 ?? Number.NaN)}/${fixed(result.latencyMs?.p99 ?? Number.NaN)}`.padStart(18)}  ${fixed(open.serviceLatencyMs?.p99 ?? Number.NaN).padStart(14)}  ${cores(clientCpu)}`,
    );
  }

  console.log(
    `\nhighest sustained rate: step ×${stepFactor} from ${firstRate} req/s until achieved < 95% of target or dropped > 1% (maxConnections ${connections})`,
  );
  console.log('  target  achieved  dropped  delayed  conns  latency p99 ms  lateness p99 ms  loadlab cpu  server cpu');
  let sustained = 0;
  for (let rate = firstRate; !abort.signal.aborted; rate = Math.round(rate * stepFactor)) {
    const { result, latenessMs, clientCpu, serverCpu } = await openRun(deployment, rate);
    const open = result.open;
    if (!open) throw new Error('the open-model driver returned no open figures');
    const scheduled = (rate * durationMs) / 1000;
    const held = open.achievedRps >= 0.95 * rate && open.dropped <= 0.01 * scheduled;
    console.log(
      `${String(rate).padStart(8)}  ${fixed(open.achievedRps, 0).padStart(8)}  ${String(open.dropped).padStart(7)}  ${String(open.delayed).padStart(7)}  ${String(open.maxConnectionsUsed).padStart(5)}` +
        `  ${fixed(result.latencyMs?.p99 ?? Number.NaN).padStart(14)}  ${fixed(percentile(latenessMs, 99)).padStart(15)}  ${cores(clientCpu).padStart(11)}  ${cores(serverCpu).padStart(10)}${held ? '' : '  ← not held'}`,
    );
    if (!held) break;
    sustained = rate;
  }

  if (!abort.signal.aborted) {
    const cpu = startCpu(deployment);
    const closed = await runClosedLoad({
      url: deployment.url,
      requests,
      load: { connections, pipelining: 1, durationMs: durationMs + warmupMs, warmupMs: 0, timeoutMs: 10_000 },
      signal: abort.signal,
    });
    const { clientCpu, serverCpu } = cpu.stop();
    console.log(
      `\nautocannon closed model, ${connections} connections: ${fixed(closed.requests.rps, 0)} req/s (p99 ${fixed(closed.latencyMs?.p99 ?? Number.NaN)} ms; loadlab cpu ${cores(clientCpu).trim()}, server cpu ${cores(serverCpu).trim()})`,
    );
    console.log(
      `open-model sustained ${sustained} req/s ÷ closed-model maximum ${fixed(closed.requests.rps, 0)} req/s = ${fixed(sustained / closed.requests.rps, 3)}`,
    );
  }
} finally {
  await owner.stopAll();
}
