/**
 * Benchmark: what does --prometheus cost the load generator? loadlab's open model at a fixed
 * rate (default 10,000 req/s) against one demo-app process (GET /), side by side without and
 * with the live metrics: the driver's LiveTally on every answer, its batches into LiveMetrics,
 * and the endpoint scraped every second by another process (curl, whose own CPU is not counted;
 * without the endpoint it runs all the same, against a closed port, so that both arms share the
 * machine with the same processes).
 * Rounds alternate the order, so that drift on a shared machine hits both alike; the table shows
 * each one's median round, and the cost of the metrics as a share of the client's CPU, the
 * median of each round's pair (want ≤ 3%).
 *
 * - client µs/req: this process's CPU (user + system, process.cpuUsage around the run) ÷
 *   requests sent in the measured phase.
 * - client cores: that CPU ÷ the run's length (1.00 = one core busy).
 * Then the tally's own cost per answer, alone in a loop (what --prometheus adds to each request
 * on the driver's thread), as a share of the client's µs/req: on a busy machine the pairs above
 * scatter by more than the few percent asked about, and this does not.
 *
 *   npm run bench:metrics [-- --duration 2s --rounds 15 --rate 10000 --scrape 1s]
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { median } from 'simple-statistics';
import { ProcessOwner } from '../src/deploy/processes.js';
import { single } from '../src/deploy/topologies/single.js';
import { runOpenLoad } from '../src/measure/drivers/open/open-model.js';
import { LiveMetrics } from '../src/measure/live/live-metrics.js';
import { serveMetrics } from '../src/measure/live/metrics-server.js';
import { requestLabel, type LiveBatch } from '../src/measure/live/live-batch.js';
import { LiveTally } from '../src/measure/live/live-tally.js';
import { demoApp } from './demo-app.js';
import { msOf } from './duration-arg.js';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '2s' },
    rounds: { type: 'string', default: '15' },
    rate: { type: 'string', default: '10000' },
    scrape: { type: 'string', default: '1s' },
  },
});
const durationMs = msOf(values.duration);
const rounds = Number(values.rounds);
const rate = Number(values.rate);
const scrapeMs = msOf(values.scrape);

const owner = new ProcessOwner();
const abort = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => abort.abort());
const requests = [{ method: 'GET', path: '/', headers: {} }];
const load = { connections: 50, pipelining: 1, durationMs, warmupMs: 500, timeoutMs: 10_000, rate };

interface Cost {
  cpuSeconds: number;
  sent: number;
  seconds: number;
  scrapes: number;
}

/** curl in a loop in another process: the scrapes Prometheus would make, their client side not counted here. */
function scraper(url: string): { stop: () => Promise<void> } {
  const child = spawn('sh', ['-c', `while :; do curl -s -o /dev/null "${url}"; sleep ${scrapeMs / 1000}; done`], { stdio: 'ignore', detached: true });
  return {
    stop: () =>
      new Promise((resolve) => {
        if (child.pid === undefined || child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        process.kill(-child.pid, 'SIGKILL');
      }),
  };
}

async function measure(withMetrics: boolean, url: string): Promise<Cost> {
  const metrics = withMetrics ? new LiveMetrics() : undefined;
  let scrapes = 0;
  const server = metrics
    ? await serveMetrics({ host: '127.0.0.1', port: 0 }, () => {
        scrapes += 1;
        return metrics.exposition();
      })
    : undefined;
  // without the endpoint, curl still runs, against a closed port: the same processes on the machine in both arms
  const scraping = scraper(server?.url ?? 'http://127.0.0.1:1/metrics');
  const trial = metrics?.trial({
    topology: 'single',
    workload: 'hello',
    model: 'open',
    requests: requests.map(requestLabel),
    warmupMs: load.warmupMs,
    durationMs,
  });
  try {
    const started = performance.now();
    const before = process.cpuUsage();
    const result = await runOpenLoad({ url, requests, load, signal: abort.signal, ...(trial ? { onLive: (batch) => trial.responses(batch) } : {}) });
    const used = process.cpuUsage(before);
    trial?.end();
    return {
      cpuSeconds: (used.user + used.system) / 1e6,
      sent: Math.round(((result.open?.achievedRps ?? 0) * result.phases.measured.durationMs) / 1000) + Math.round((rate * load.warmupMs) / 1000),
      seconds: (performance.now() - started) / 1000,
      scrapes,
    };
  } finally {
    await scraping.stop();
    await server?.close();
  }
}

const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

try {
  const deployment = await single.start({ name: 'bench', kind: 'single', instances: 1, runtime: 'node' }, demoApp, {
    owner,
    signal: abort.signal,
    probeEnv: {},
  });
  // warm the server's JIT and this process's before anything counts
  await measure(true, deployment.url);
  const costs = { without: [] as Cost[], with: [] as Cost[] };
  for (let round = 0; round < rounds && !abort.signal.aborted; round += 1) {
    const order: ('without' | 'with')[] = round % 2 === 0 ? ['without', 'with'] : ['with', 'without'];
    for (const side of order) costs[side].push(await measure(side === 'with', deployment.url));
  }
  const perRequest = (runs: Cost[]) => median(runs.map((cost) => (cost.cpuSeconds * 1e6) / cost.sent));
  console.log(
    `\nclient CPU, open model at ${rate} req/s, median of ${rounds} rounds of ${durationMs} ms (+ ${load.warmupMs} ms warm-up) against one demo-app process`,
  );
  console.log('                     client µs/req  client cores    req/s  scrapes');
  for (const side of ['without', 'with'] as const) {
    const runs = costs[side];
    const label = side === 'with' ? '--prometheus' : 'without';
    console.log(
      `${label.padEnd(19)}  ${fixed(perRequest(runs)).padStart(13)}  ${fixed(median(runs.map((cost) => cost.cpuSeconds / cost.seconds)), 3).padStart(12)}  ${fixed(median(runs.map((cost) => cost.sent / cost.seconds)), 0).padStart(7)}  ${fixed(median(runs.map((cost) => cost.scrapes)), 0).padStart(7)}`,
    );
  }
  // each round's two runs side by side: a busy spell of the machine hits both of a pair
  const perRequestOf = (cost: Cost) => cost.cpuSeconds / cost.sent;
  const pairs = costs.with.map((cost, round) => perRequestOf(cost) / perRequestOf(costs.without[round] as Cost) - 1);
  const share = median(pairs);
  console.log(
    `\n--prometheus costs ${fixed(share * 100)}% of the client's CPU per request, the median of the rounds' pairs (${pairs.map((pair) => `${fixed(pair * 100)}%`).join(', ')}); want ≤ 3%`,
  );
  const tallyNs = tallyCostNs();
  console.log(
    `the tally alone: ${fixed(tallyNs, 0)} ns per answer, ${fixed((tallyNs / 1000 / perRequest(costs.without)) * 100, 2)}% of the client's ${fixed(perRequest(costs.without))} µs/req`,
  );
} finally {
  await owner.stopAll();
}

/** CPU per LiveTally.answer, in ns: the median of 5 loops of a million answers of spread latencies. */
function tallyCostNs(): number {
  const batches: LiveBatch[] = [];
  const tally = new LiveTally((batch) => batches.push(batch), { inFlight: () => 0 });
  const count = 1_000_000;
  const loops = Array.from({ length: 5 }, () => {
    const before = process.cpuUsage();
    for (let index = 0; index < count; index += 1) tally.answer(true, 0, 200, 0.2 + (index % 997) * 0.13);
    const used = process.cpuUsage(before);
    return ((used.user + used.system) * 1000) / count;
  });
  tally.stop();
  return median(loops);
}
