/**
 * Benchmark: what a flow costs the load generator. Side by side in one run, against one server
 * (test/fixtures/servers/flow-counter.js, a child process): a 4-step flow with captures, a
 * cookie jar, checks and a CSV of users (login → cart → order → cart), against the same four
 * requests as a fixed mix (no templates, no captures, no bodies kept), in the closed model and in
 * the open model. Rounds alternate the order, so that drift on a shared machine hits both alike;
 * the table shows each one's median round.
 *
 * - client µs/req: this process's CPU time (user + system) ÷ requests answered.
 * - ratio: flow ÷ fixed mix; wanted ≤ 1.3× (closed) and ≤ 1.5× (open).
 *
 *   npm run bench:flows [-- --duration 2s --rounds 3 --connections 20 --rate 1500]
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { median } from 'simple-statistics';
import { findFreePort } from '../src/deploy/free-port.js';
import type { LoadDriver } from '../src/measure/drivers/driver.js';
import { closedModel } from '../src/measure/drivers/closed-model.js';
import { openModel } from '../src/measure/drivers/open/open-model.js';
import { topologies, type TopologySpec } from '../src/deploy/topologies/index.js';
import { loadScenario } from '../src/scenario/load.js';
import type { LoadSettings, RequestSpec, WorkloadSpec } from '../src/scenario/types.js';
import { msOf } from './duration-arg.js';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '2s' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '20' },
    rate: { type: 'string', default: '1500' },
  },
});
const durationMs = msOf(values.duration);
const rounds = Number(values.rounds);
const connections = Number(values.connections);
const rate = Number(values.rate);
const root = new URL('..', import.meta.url).pathname;

const port = await findFreePort();
const server = spawn(process.execPath, [`${root}test/fixtures/servers/flow-counter.js`], { env: { ...process.env, PORT: String(port) }, stdio: 'ignore' });
const url = `http://127.0.0.1:${port}`;
process.env.FLOW_SHOP_URL = url;
try {
  await new Promise((resolve) => setTimeout(resolve, 300));
  const scenario = await loadScenario<TopologySpec>(`${root}test/fixtures/scenarios/flow-shop/flow-shop.ts`, { cwd: root, cores: 2, topologies });
  const shop = scenario.workloads[0] as WorkloadSpec;
  const [login, cart, order] = shop.requests as [RequestSpec, RequestSpec, RequestSpec];
  const flowSteps = [login, cart, order, cart];
  const fixed: RequestSpec[] = flowSteps.map(({ method, path, headers, body, name }) => ({
    method,
    path,
    headers: Object.fromEntries(Object.entries(headers).map(([key, value]) => [key, value.replaceAll(/\{\{[^}]*\}\}/g, 'x')])),
    ...(body === undefined ? {} : { body: body.replaceAll(/\{\{[^}]*\}\}/g, '1') }),
    ...(name === undefined ? {} : { name }),
  }));
  const runs = {
    'closed, fixed mix': () => measure(closedModel, fixed, undefined, { connections }),
    'closed, flow': () => measure(closedModel, flowSteps, shop.flow, { connections }),
    'open, fixed mix': () => measure(openModel, fixed, undefined, { connections, rate }),
    // the open model's rate counts flows begun: a quarter of the rate makes as many requests
    'open, flow': () => measure(openModel, flowSteps, shop.flow, { connections, rate: rate / 4 }),
  };
  const costs: Record<string, number[]> = Object.fromEntries(Object.keys(runs).map((name) => [name, []]));
  const rates: Record<string, number[]> = Object.fromEntries(Object.keys(runs).map((name) => [name, []]));
  for (let round = 0; round < rounds; round += 1) {
    const order = Object.entries(runs);
    if (round % 2 === 1) order.reverse();
    for (const [name, run] of order) {
      const { microsPerRequest, answeredPerSecond } = await run();
      costs[name]?.push(microsPerRequest);
      rates[name]?.push(answeredPerSecond);
    }
  }
  const cost = (name: string) => median(costs[name] ?? [0]);
  console.log(`median of ${rounds} rounds, ${values.duration} each, ${connections} connections, open model ${rate} req/s`);
  // a variant the server answers more slowly spreads the client's per-second costs (timers, samples) over fewer requests
  for (const name of Object.keys(runs))
    console.log(
      `${name.padEnd(20)} ${cost(name).toFixed(1).padStart(7)} µs/req at ${median(rates[name] ?? [0])
        .toFixed(0)
        .padStart(6)} answers/s`,
    );
  console.log(`closed: flow ÷ fixed mix = ${(cost('closed, flow') / cost('closed, fixed mix')).toFixed(2)}× (wanted ≤ 1.3×)`);
  console.log(`open:   flow ÷ fixed mix = ${(cost('open, flow') / cost('open, fixed mix')).toFixed(2)}× (wanted ≤ 1.5×)`);
} finally {
  server.kill('SIGKILL');
}

async function measure(
  driver: LoadDriver,
  requests: RequestSpec[],
  flow: WorkloadSpec['flow'],
  load: Partial<LoadSettings>,
): Promise<{ microsPerRequest: number; answeredPerSecond: number }> {
  const settings: LoadSettings = { connections, pipelining: 1, durationMs, warmupMs: 500, timeoutMs: 10_000, ...load };
  const before = process.cpuUsage();
  const result = await driver.run({ url, requests, ...(flow ? { flow } : {}), load: settings });
  const used = process.cpuUsage(before);
  const answered = result.requests.total + result.requests.errors;
  // the warm-up's requests cost CPU too: count them at the measured rate
  const sent = answered * ((settings.warmupMs + durationMs) / durationMs);
  return { microsPerRequest: (used.user + used.system) / Math.max(1, sent), answeredPerSecond: answered / (durationMs / 1000) };
}
