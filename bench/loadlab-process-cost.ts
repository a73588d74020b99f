/**
 * Benchmark: what the whole loadlab process costs its machine in the open model, from a low rate
 * to a high one, against the target of ≤ 0.02 core + 30 µs a request (issue 26). Each row is a
 * real `loadlab run` (the built CLI, dist/cli.js: probes, in-app agent, reports, everything a
 * user gets) on a scenario of the demo app in one process, GET /, at a fixed rate; beside it, at
 * the same rate, the floor: a process that only paces undici (bench/undici-open-floor.ts), what
 * any load tool on Node and undici costs here. Rounds alternate the order; each row shows its
 * median round.
 *
 * - cores: the process's CPU time (user + system, every thread, /proc/PID/stat) over the measured
 *   phase ÷ its length; sampled every 100 ms and interpolated at the phase's edges.
 * - main: the share of it on the main thread (the rest: the /proc reader, V8's and libuv's threads).
 * - sent/s: the requests sent in the phase ÷ its length (on a busy machine, less than asked).
 * - µs/req: that CPU ÷ the requests sent in the phase.
 * - fit: cores ≈ fixed + per-request × sent/s, least squares over the rows that held their rate
 *   (sent ≥ 95% of asked: where the server or the machine could not keep up, the row measures
 *   them, not the generator); the target is judged on each row at the rate it sent.
 *
 * Before and after a change, in one run: --baseline-cli names the cli.js of another build (in a
 * copy of the repository with its own dist/), whose rows run interleaved with this build's.
 *
 *   npm run build && npm run bench:loadlab-process-cost [-- --rates 100,2000,15000 --duration 6s --rounds 2 --baseline-cli /tmp/base/dist/cli.js]
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { linearRegression, median } from 'simple-statistics';
import { ticksPerSecond } from '../src/deploy/proc-table.js';
import { ProcessOwner } from '../src/deploy/processes.js';
import { single } from '../src/deploy/topologies/single.js';
import { demoApp } from './demo-app.js';
import { msOf } from './duration-arg.js';
import { cpuBetween, sampleThreadTicks, type TicksSample } from './thread-ticks.js';

const { values } = parseArgs({
  options: {
    rates: { type: 'string', default: '100,2000,15000' },
    duration: { type: 'string', default: '6s' },
    warmup: { type: 'string', default: '2s' },
    rounds: { type: 'string', default: '2' },
    connections: { type: 'string', default: '50' },
    'baseline-cli': { type: 'string' },
  },
});
const target = { fixedCores: 0.02, usPerRequest: 30 };
const rates = values.rates.split(',').map(Number);
const durationMs = msOf(values.duration);
const warmupMs = msOf(values.warmup);
const root = resolve(import.meta.dirname, '..');
const cli = join(root, 'dist', 'cli.js');
if (!existsSync(cli)) {
  console.error(`${cli} is missing: run npm run build first (this benchmark measures the built CLI)`);
  process.exit(2);
}

const owner = new ProcessOwner();
const folder = owner.privateFolder('process-cost');
const scenario = join(folder.path, 'hello.mjs');
writeFileSync(
  scenario,
  `export default ${JSON.stringify({
    name: 'process-cost',
    app: { entry: demoApp.entry, readiness: '/health', startTimeout: '10s' },
    topologies: [{ kind: 'single' }],
    workloads: { hello: { requests: [{ path: '/' }] } },
    load: { connections: Number(values.connections), duration: `${durationMs}ms`, warmup: `${warmupMs}ms` },
  })};\n`,
);

interface Cost {
  cores: number;
  mainShare: number;
  sentRps: number;
}

/** A child's measured phase, in epoch ms, and the requests it sent in it. */
interface Phase {
  fromMs: number;
  toMs: number;
  sent: number;
}

/** Runs a child to its end while sampling its threads' CPU; `window` then says which span of epoch ms to count. */
async function costOf(label: string, args: string[], phaseOf: (stdout: string) => Phase): Promise<Cost> {
  const child = owner.spawn({ label, command: process.execPath, args, env: { ...process.env, NO_COLOR: '1' }, cwd: root });
  const samples: TicksSample[] = [];
  const timer = setInterval(() => {
    const sample = sampleThreadTicks(child.pid);
    if (sample) samples.push(sample);
  }, 100);
  const exit = await child.exited;
  clearInterval(timer);
  if (exit.code !== 0 && exit.code !== 1) throw new Error(`${label} exited ${exit.code ?? exit.signal}: ${child.stderr.text()}`);
  const { fromMs, toMs, sent } = phaseOf(child.stdout.text());
  const cpu = cpuBetween(samples, fromMs, toMs);
  const seconds = (toMs - fromMs) / 1000;
  return { cores: cpu.ticks / ticksPerSecond / seconds, mainShare: cpu.ticks > 0 ? cpu.mainTicks / cpu.ticks : 0, sentRps: sent / seconds };
}

/** The measured phase of the one trial in the report loadlab wrote to `out`. */
function measuredPhase(out: string): Phase {
  const file = readdirSync(out).find((name) => name.endsWith('.json'));
  if (!file) throw new Error(`loadlab wrote no JSON report in ${out}`);
  type Trial = { phases: { measured: { startedAt: string; endedAt: string; durationMs: number } }; requests: { sentRps?: number } };
  const trial = (JSON.parse(readFileSync(join(out, file), 'utf8')) as { trials: Trial[] }).trials[0];
  if (!trial) throw new Error(`no trial in ${file}`);
  const { measured } = trial.phases;
  return { fromMs: Date.parse(measured.startedAt), toMs: Date.parse(measured.endedAt), sent: ((trial.requests.sentRps ?? 0) * measured.durationMs) / 1000 };
}

let runs = 0;
const loadlabAt = (script: string, rate: number) => () => {
  const out = join(folder.path, `run-${(runs += 1)}`);
  const args = [script, 'run', scenario, '--rate', String(rate), '--quiet', '--format', 'json', '--out', out];
  return costOf(`loadlab at ${rate} req/s`, args, () => measuredPhase(out));
};

const floorAt = (url: string, rate: number) => () => {
  const args = [
    '--import',
    'tsx',
    join(root, 'bench', 'undici-open-floor.ts'),
    url,
    String(rate),
    String(warmupMs / 1000),
    String(durationMs / 1000),
    values.connections,
  ];
  return costOf(`floor at ${rate} req/s`, args, (stdout) => {
    const [measuredAt = Number.NaN, sent = Number.NaN] = stdout.trim().split('\n').map(Number);
    return { fromMs: measuredAt, toMs: measuredAt + durationMs, sent };
  });
};

const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

/** The fit's line, and how it stands against the target. */
function fitLine(name: string, points: [number, number][]): { b: number; m: number } | undefined {
  if (points.length < 2) return undefined;
  const { m, b } = linearRegression(points);
  const us = m * 1e6;
  const verdict = (value: number, limit: number) => (value <= limit ? 'within' : `${fixed(value / limit, 1)}× over`);
  console.log(
    `${name}: ${fixed(b, 3)} core + ${fixed(us, 1)} µs a request (fixed ${verdict(b, target.fixedCores)}, per request ${verdict(us, target.usPerRequest)})`,
  );
  return { b, m };
}

try {
  const deployment = await single.start({ name: 'floor', kind: 'single', instances: 1, runtime: 'node' }, demoApp, {
    owner,
    signal: new AbortController().signal,
    probeEnv: {},
  });
  const baseline = values['baseline-cli'];
  const rows = rates.flatMap((rate) => [
    ...(baseline ? [{ name: 'loadlab run, baseline', rate, run: loadlabAt(baseline, rate) }] : []),
    { name: 'loadlab run', rate, run: loadlabAt(cli, rate) },
    { name: 'floor: undici paced, nothing else', rate, run: floorAt(deployment.url, rate) },
  ]);
  const costs = new Map(rows.map((row) => [row, [] as Cost[]]));
  for (let round = 0; round < Number(values.rounds); round += 1) {
    for (const row of round % 2 === 0 ? rows : [...rows].reverse()) costs.get(row)?.push(await row.run());
  }
  console.log(`\nwhole-process client CPU over a ${durationMs} ms measured phase (after ${warmupMs} ms of warm-up), median of ${values.rounds} rounds`);
  console.log(`| process | req/s asked | sent/s | cores | main thread | µs/req | target: 0.02 core + 30 µs/req |\n|---|---:|---:|---:|---:|---:|---:|`);
  const points = new Map<string, [number, number][]>();
  for (const row of rows) {
    const runs = costs.get(row) ?? [];
    if (runs.length === 0) continue;
    const cores = median(runs.map((cost) => cost.cores));
    const sentRps = median(runs.map((cost) => cost.sentRps));
    const allowed = target.fixedCores + (target.usPerRequest * sentRps) / 1e6;
    const held = sentRps >= 0.95 * row.rate;
    if (held) points.set(row.name, [...(points.get(row.name) ?? []), [sentRps, cores]]);
    console.log(
      `| ${row.name} | ${row.rate} | ${fixed(sentRps, 0)} | ${fixed(cores, 3)} | ${fixed(median(runs.map((cost) => cost.mainShare)) * 100, 0)}% | ${fixed((cores * 1e6) / sentRps, 1)} | ${fixed(allowed, 3)} ${cores <= allowed ? 'met' : 'missed'}${held ? '' : ' (rate not held: left out of the fit)'} |`,
    );
  }
  console.log('');
  if (baseline) fitLine('fit, loadlab run, baseline', points.get('loadlab run, baseline') ?? []);
  const loadlab = fitLine('fit, loadlab run', points.get('loadlab run') ?? []);
  const floor = fitLine('fit, the floor   ', points.get('floor: undici paced, nothing else') ?? []);
  if (loadlab && floor) console.log(`loadlab above the floor: ${fixed(loadlab.b - floor.b, 3)} core + ${fixed((loadlab.m - floor.m) * 1e6, 1)} µs a request`);
} finally {
  await owner.stopAll();
  folder.remove();
}
