/**
 * Benchmark: the open model's client CPU from a low rate to a high one, fixed and ramped, side by
 * side against one hello server (the demo app, single topology), with undici alone in a closed
 * loop beside it (the floor under any pacer on undici, bench/undici-floor.ts). Each rate runs
 * fixed and as a ramp from half of it to one and a half times it (the same mean rate, so the same
 * number of requests): the ramp's pacing must cost no more a request than the fixed rate's.
 * Rounds alternate the order; the table shows each row's median round.
 *
 * - µs/req: this process's CPU time (user + system, process.cpuUsage) ÷ requests sent.
 * - cores: that CPU ÷ the run's length.
 * - fit: cores ≈ fixed + per-request × rate, least squares over the fixed rows.
 *
 *   npm run bench:open-model-cost [-- --duration 3s --rounds 3 --rates 100,2000,15000]
 *   node --cpu-prof --cpu-prof-dir=prof --import tsx bench/open-model-cost.ts --rates 15000 --rounds 1 --only fixed
 */
import { parseArgs } from 'node:util';
import { linearRegression, median } from 'simple-statistics';
import { ProcessOwner } from '../src/deploy/processes.js';
import { single } from '../src/deploy/topologies/single.js';
import { runOpenLoad } from '../src/measure/drivers/open/open-model.js';
import { demoApp } from './demo-app.js';
import { msOf } from './duration-arg.js';
import { undiciClosedLoop } from './undici-floor.js';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '3s' },
    rounds: { type: 'string', default: '3' },
    rates: { type: 'string', default: '100,2000,15000' },
    connections: { type: 'string', default: '50' },
    only: { type: 'string' },
  },
});
const durationMs = msOf(values.duration);
const rates = values.rates.split(',').map(Number);
const connections = Number(values.connections);
const requests = [{ method: 'GET', path: '/', headers: {} }];
const owner = new ProcessOwner();
const abort = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => abort.abort());

interface Row {
  name: string;
  rate: number | null;
  run: (url: string) => Promise<number>;
}

async function costOf(row: Row, url: string): Promise<{ usPerRequest: number; cores: number; sent: number }> {
  const started = performance.now();
  const before = process.cpuUsage();
  const sent = await row.run(url);
  const used = process.cpuUsage(before);
  const cpuUs = used.user + used.system;
  return { usPerRequest: cpuUs / sent, cores: cpuUs / 1000 / (performance.now() - started), sent };
}

const open = (rate: number, ramp: boolean) => async (url: string) => {
  const load = { connections, pipelining: 1, durationMs, warmupMs: 0, timeoutMs: 10_000, rate: ramp ? rate / 2 : rate };
  const stages = ramp ? [{ durationMs, target: (rate * 3) / 2 }] : undefined;
  const result = await runOpenLoad({ url, requests, load: { ...load, ...(stages ? { stages } : {}) }, signal: abort.signal });
  return Math.round(((result.open?.achievedRps ?? 0) * result.phases.measured.durationMs) / 1000);
};

const rows: Row[] = [
  ...rates.flatMap((rate) => [
    { name: `open, fixed ${rate} req/s`, rate, run: open(rate, false) },
    { name: `open, ramp ${rate / 2} → ${(rate * 3) / 2} req/s`, rate, run: open(rate, true) },
  ]),
  { name: 'undici closed loop (floor)', rate: null, run: (url: string) => undiciClosedLoop(url, connections, durationMs, abort.signal) },
].filter((row) => values.only === undefined || row.name.includes(values.only));

try {
  const deployment = await single.start({ name: 'single', kind: 'single', instances: 1, runtime: 'node' }, demoApp, {
    owner,
    signal: abort.signal,
    probeEnv: {},
  });
  const results = new Map<Row, { usPerRequest: number; cores: number; sent: number }[]>();
  for (let round = 0; round < Number(values.rounds); round += 1) {
    const ordered = round % 2 === 0 ? rows : [...rows].reverse();
    for (const row of ordered) {
      if (abort.signal.aborted) break;
      const cost = await costOf(row, deployment.url);
      results.set(row, [...(results.get(row) ?? []), cost]);
    }
  }
  console.log(`| generator | µs/req | cores | sent |\n|---|---:|---:|---:|`);
  const fixed: [number, number][] = [];
  for (const row of rows) {
    const costs = results.get(row) ?? [];
    if (costs.length === 0) continue;
    const us = median(costs.map((cost) => cost.usPerRequest));
    const cores = median(costs.map((cost) => cost.cores));
    if (row.rate !== null && row.name.includes('fixed')) fixed.push([row.rate, cores]);
    console.log(`| ${row.name} | ${us.toFixed(1)} | ${cores.toFixed(3)} | ${median(costs.map((cost) => cost.sent))} |`);
  }
  if (fixed.length >= 2) {
    const { m, b } = linearRegression(fixed);
    console.log(`\nfit over the fixed rows: ${b.toFixed(3)} core + ${(m * 1e6).toFixed(1)} µs a request`);
  }
} finally {
  await owner.stopAll();
}
