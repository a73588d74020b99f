/**
 * Benchmark: what does a load generator cost its machine, and how far does one thread go?
 * Side by side against one hello server (the demo app's GET /, one process started by the
 * single topology): wrk (when installed), bare autocannon, loadlab's closed model and loadlab's
 * open model, each with 1 thread and with 2 (wrk -t2, autocannon's workers, loadlab's
 * generators); and, on 1 thread, undici alone in a closed loop: the floor under any pacer that
 * sends through undici (bench/undici-floor.ts). Rounds alternate the generators' order, so that
 * drift on a shared machine hits all alike; the table shows each one's median round.
 *
 * - client µs/req: the generator's CPU time (user + system, every thread of it) ÷ requests.
 *   In-process generators: process.cpuUsage() around the run; loadlab's generator threads: each
 *   thread's own CPU over the measured phase; wrk: its CPU time as a child of this process.
 * - client cores: that CPU ÷ the run's length (1.00 = one core busy).
 * - req/s: what was sent and answered; the closed generators run as fast as the server answers.
 * - one core's worth: 1,000,000 ÷ µs/req, the most requests a second one thread could send at
 *   that cost, whatever the server: how far a generator goes where the server is not the limit.
 * Then the open model's highest sustained rate on one thread: the rate stepped up until fewer
 * than 95% were sent or more than 1% dropped.
 *
 *   npm run bench:generator-cost [-- --duration 2s --rounds 3 --rate 15000 --connections 50 --search]
 */
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { median } from 'simple-statistics';
import { ProcessOwner } from '../src/deploy/processes.js';
import { findOnPath } from '../src/deploy/find-executable.js';
import { single } from '../src/deploy/topologies/single.js';
import type { LoadModel } from '../src/measure/drivers/driver.js';
import { generatorPool } from '../src/measure/drivers/generators/generator-pool.js';
import type { LoadResult } from '../src/measure/drivers/load-result.js';
import { runClosedLoad } from '../src/measure/drivers/closed-model.js';
import { runOpenLoad } from '../src/measure/drivers/open/open-model.js';
import { ticksPerSecond } from '../src/deploy/proc-table.js';
import { msOf } from './duration-arg.js';
import { undiciClosedLoop } from './undici-floor.js';
import { demoApp } from './demo-app.js';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '2s' },
    rounds: { type: 'string', default: '3' },
    rate: { type: 'string', default: '15000' },
    connections: { type: 'string', default: '50' },
    search: { type: 'boolean', default: false },
  },
});
const durationMs = msOf(values.duration);
const rounds = Number(values.rounds);
const rate = Number(values.rate);
const connections = Number(values.connections);

interface Cost {
  cpuSeconds: number;
  requests: number;
  seconds: number;
  /** The open model: whether the rate was held (≥ 95% sent, ≤ 1% dropped). */
  held?: boolean;
}

type Generator = (url: string) => Promise<Cost>;

const owner = new ProcessOwner();
const abort = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => abort.abort());
const app = demoApp;
const requests = [{ method: 'GET', path: '/', headers: {} }];
const closedLoad = { connections, pipelining: 1, durationMs, warmupMs: 0, timeoutMs: 10_000 };

/** A generator that runs in this thread: its CPU from process.cpuUsage() around the run. */
async function inProcess(run: () => Promise<{ requests: number; held?: boolean }>): Promise<Cost> {
  const started = performance.now();
  const before = process.cpuUsage();
  const { requests: count, held } = await run();
  const used = process.cpuUsage(before);
  return {
    cpuSeconds: (used.user + used.system) / 1e6,
    requests: count,
    seconds: (performance.now() - started) / 1000,
    ...(held === undefined ? {} : { held }),
  };
}

const openHeld = (result: LoadResult, target: number) =>
  (result.open?.achievedRps ?? 0) >= 0.95 * target && (result.open?.dropped ?? 0) <= (0.01 * target * durationMs) / 1000;

/** Requests an open-model run sent (answered or not): its measured phase's sends. */
const openSent = (result: LoadResult) => Math.round(((result.open?.achievedRps ?? 0) * result.phases.measured.durationMs) / 1000);

const loadlabClosed: Generator = (url) =>
  inProcess(async () => ({ requests: (await runClosedLoad({ url, requests, load: closedLoad, signal: abort.signal })).requests.total }));

const loadlabOpen =
  (target: number): Generator =>
  (url) =>
    inProcess(async () => {
      const result = await runOpenLoad({ url, requests, load: { ...closedLoad, rate: target }, signal: abort.signal });
      return { requests: openSent(result), held: openHeld(result, target) };
    });

/** loadlab's generator threads: their own CPU over the measured phase (starting the threads is not the load's cost). */
const loadlabPool =
  (model: LoadModel, threads: number, target?: number): Generator =>
  async (url) => {
    const load = target === undefined ? closedLoad : { ...closedLoad, rate: target };
    const result = await generatorPool(model, threads).run({ url, requests, load, signal: abort.signal });
    const seconds = result.phases.measured.durationMs / 1000;
    const cpuSeconds = (result.generators ?? []).reduce((sum, thread) => sum + (thread.cpu ?? Number.NaN) * seconds, 0);
    return target === undefined
      ? { cpuSeconds, requests: result.requests.total, seconds }
      : { cpuSeconds, requests: openSent(result), seconds, held: openHeld(result, target) };
  };

const bareUndici: Generator = (url) => inProcess(async () => ({ requests: await undiciClosedLoop(url, connections, durationMs, abort.signal) }));

const bareAutocannon =
  (workers: number): Generator =>
  (url) =>
    inProcess(async () => {
      const result = await autocannon({ url, connections, pipelining: 1, duration: durationMs / 1000, ...(workers > 1 ? { workers } : {}) });
      return { requests: result.requests.total };
    });

/** wrk as a child of this process: its CPU time is added to this process's children's times (/proc/self/stat) when it is reaped. */
const wrkGenerator =
  (wrk: string, threads: number): Generator =>
  async (url) => {
    const before = childrenCpuSeconds();
    const started = performance.now();
    const output = await new Promise<string>((done, fail) => {
      const child = spawn(wrk, [`-t${threads}`, `-c${connections}`, `-d${Math.round(durationMs / 1000)}s`, `${url}/`], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let text = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      child.on('error', fail);
      child.on('close', () => done(text));
    });
    const total = Number(/(\d+) requests in/.exec(output)?.[1] ?? Number.NaN);
    return { cpuSeconds: childrenCpuSeconds() - before, requests: total, seconds: (performance.now() - started) / 1000 };
  };

/** cutime + cstime of this process: the CPU of its children that have been reaped. */
function childrenCpuSeconds(): number {
  const text = readFileSync('/proc/self/stat', 'utf8');
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / ticksPerSecond;
}

const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

try {
  const deployment = await single.start({ name: 'bench', kind: 'single', instances: 1, runtime: 'node' }, app, { owner, signal: abort.signal, probeEnv: {} });
  const url = deployment.url;
  const wrk = findOnPath('wrk');
  const generators: { name: string; threads: number; run: Generator }[] = [
    ...(wrk ? [{ name: 'wrk', threads: 1, run: wrkGenerator(wrk, 1) }] : []),
    { name: 'bare autocannon', threads: 1, run: bareAutocannon(1) },
    { name: 'bare undici (no pacing)', threads: 1, run: bareUndici },
    { name: 'loadlab closed', threads: 1, run: loadlabClosed },
    { name: `loadlab open @${rate}`, threads: 1, run: loadlabOpen(rate) },
    ...(wrk ? [{ name: 'wrk', threads: 2, run: wrkGenerator(wrk, 2) }] : []),
    { name: 'bare autocannon', threads: 2, run: bareAutocannon(2) },
    { name: 'loadlab closed', threads: 2, run: loadlabPool('closed', 2) },
    { name: `loadlab open @${rate}`, threads: 2, run: loadlabPool('open', 2, rate) },
  ];
  if (!wrk) console.log('wrk is not installed (apt-get install wrk): left out');
  // warm the server's JIT and this process's before anything counts
  await loadlabClosed(url);
  await loadlabOpen(Math.min(rate, 5000))(url);

  const costs = new Map<(typeof generators)[number], Cost[]>(generators.map((generator) => [generator, []]));
  for (let round = 0; round < rounds && !abort.signal.aborted; round += 1) {
    const order = round % 2 === 0 ? generators : [...generators].reverse();
    for (const generator of order) costs.get(generator)?.push(await generator.run(url));
  }
  console.log(`\nclient CPU per request, median of ${rounds} rounds; ${durationMs} ms runs against one demo-app process (GET /), ${connections} connections`);
  console.log("generator                 threads  client µs/req  client cores    req/s  one core's worth (req/s)  rate held");
  for (const generator of generators) {
    const runs = costs.get(generator) ?? [];
    if (runs.length === 0) continue;
    const perRequest = median(runs.map((cost) => (cost.cpuSeconds * 1e6) / cost.requests));
    const cores = median(runs.map((cost) => cost.cpuSeconds / cost.seconds));
    const rps = median(runs.map((cost) => cost.requests / cost.seconds));
    const held = runs.every((cost) => cost.held === undefined) ? '' : `${runs.filter((cost) => cost.held).length}/${runs.length}`;
    console.log(
      `${generator.name.padEnd(24)}  ${String(generator.threads).padStart(7)}  ${fixed(perRequest).padStart(13)}  ${fixed(cores, 2).padStart(12)}  ${fixed(rps, 0).padStart(7)}  ${fixed((1e6 / perRequest) * generator.threads, 0).padStart(24)}  ${held.padStart(9)}`,
    );
  }

  if (values.search && !abort.signal.aborted) {
    console.log('\nthe open model on one thread: rate ×1.25 from 5,000 req/s until < 95% sent or > 1% dropped');
    let sustained = 0;
    for (let target = 5000; !abort.signal.aborted; target = Math.round(target * 1.25)) {
      const cost = await loadlabOpen(target)(url);
      console.log(
        `  ${String(target).padStart(7)} req/s: ${fixed((cost.cpuSeconds * 1e6) / cost.requests)} µs/req, ${fixed(cost.cpuSeconds / cost.seconds, 2)} cores${cost.held ? '' : '  ← not held'}`,
      );
      if (!cost.held) break;
      sustained = target;
    }
    console.log(`highest rate held on one thread: ${sustained} req/s (the server, on the same cores, may be what ran out)`);
  }
} finally {
  await owner.stopAll();
}
