/**
 * Benchmark: does loadlab's own memory stay flat over a long run? One `loadlab run` of
 * bench/soak-scenario.ts — the demo app in the single topology, a closed-model workload then an
 * open-model one, each for half the duration, probes on, as a user runs it — while this script
 * reads loadlab's resident memory (VmRSS) every second and prints it over time.
 *
 * Per model, the growth after its first stretch (a minute in a 10-minute soak; a fifth of the
 * model's time in a shorter one, when start-up, JIT and heap sizing are over) is judged on the
 * lowest RSS of two stretches: the two after the first, and the last two. The lowest, because
 * RSS is a sawtooth: buffers already let go of (every socket read's) pile up by 10–25 MiB between
 * garbage collections and fall back at each; what survives them is what loadlab keeps. The
 * medians are printed too. Beside the RSS, loadlab's V8 heap in use (from the probe agent,
 * preloaded into loadlab itself here), lowest over the same stretches. Target: growth under
 * 10 MiB in both models.
 *
 *   npm run bench:soak [-- --duration 10m --rate 1000]   (or LOADLAB_SOAK_DURATION=1m)
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { median } from 'simple-statistics';
import { ProcessOwner } from '../src/deploy/processes.js';
import { runtimeScript } from '../src/machine/package-info.js';
import { AgentFiles } from '../src/measure/probes/agent-files.js';
import { parseDuration } from '../src/text/duration.js';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: process.env.LOADLAB_SOAK_DURATION ?? '10m' },
    rate: { type: 'string', default: '1000' },
  },
});
const parsedDuration = parseDuration(values.duration);
if ('error' in parsedDuration) throw new Error(`--duration: ${parsedDuration.error}`);
const phaseMs = Math.round(parsedDuration.ms / 2);
const stretchMs = Math.min(60_000, phaseMs / 5);
const targetGrowthMiB = 10;
const mib = 2 ** 20;

type Stage = 'start' | 'closed' | 'open' | 'end';
const samples: { t: number; stage: Stage; rssBytes: number; heapBytes: number | undefined }[] = [];
let stage: Stage = 'start';

const root = resolve(import.meta.dirname, '..');
const out = mkdtempSync(join(tmpdir(), 'loadlab-soak-'));
const selfProbes = join(out, 'self');
mkdirSync(selfProbes);
const owner = new ProcessOwner();
const loadlab = owner.spawn({
  label: 'loadlab',
  command: process.execPath,
  args: ['--import', 'tsx', join(root, 'src/cli.ts'), 'run', join(root, 'bench/soak-scenario.ts'), '--format', 'json', '--out', out],
  env: {
    ...process.env,
    LOADLAB_SOAK_PHASE_MS: String(phaseMs),
    LOADLAB_SOAK_RATE: values.rate,
    // loadlab's own heap, written every second by the agent it otherwise loads into apps
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${JSON.stringify(runtimeScript('probe-agent.cjs'))}`,
    LOADLAB_PROBE_DIR: selfProbes,
    LOADLAB_PROBE_INTERVAL_MS: '1000',
  },
  cwd: root,
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void owner.stopAll());

// the progress lines say where the run is: ready → closed workload, its result line → open
let pending = '';
loadlab.child?.stderr?.on('data', (chunk: Buffer) => {
  const lines = (pending + chunk.toString()).split('\n');
  pending = lines.pop() ?? '';
  for (const line of lines) {
    if (stage === 'start' && / ready at /.test(line)) stage = 'closed';
    else if (stage === 'closed' && / × closed: /.test(line)) stage = 'open';
    else if (stage === 'open' && / × open: /.test(line)) stage = 'end';
    if (/ × (closed|open): |error|warning/.test(line)) console.log(`  loadlab: ${line}`);
  }
});

const began = Date.now();
const printEveryMs = Math.max(5000, parsedDuration.ms / 40);
let printedAt = -Infinity;
console.log(`soak: ${values.duration} (closed model ${phaseMs / 1000} s, then open model at ${values.rate} req/s), loadlab pid ${loadlab.pid}`);
const agent = new AgentFiles(selfProbes);
let heapBytes: number | undefined;
let lowestHeapSincePrint = Infinity;
const sampler = setInterval(() => {
  for (const line of agent.readNew()) if (line.pid === loadlab.pid) heapBytes = line.heapUsedBytes;
  const rssBytes = readRssBytes(loadlab.pid);
  if (rssBytes === undefined) return;
  const t = Date.now() - began;
  samples.push({ t, stage, rssBytes, heapBytes });
  lowestHeapSincePrint = Math.min(lowestHeapSincePrint, heapBytes ?? Infinity);
  if (t - printedAt >= printEveryMs) {
    printedAt = t;
    const heap = Number.isFinite(lowestHeapSincePrint) ? `, heap in use ≥ ${(lowestHeapSincePrint / mib).toFixed(1)} MiB` : '';
    console.log(`  ${String(Math.round(t / 1000)).padStart(5)} s  ${stage.padEnd(6)}  RSS ${(rssBytes / mib).toFixed(1)} MiB${heap}`);
    lowestHeapSincePrint = Infinity;
  }
}, 1000);

const exit = await loadlab.exited;
clearInterval(sampler);
rmSync(out, { recursive: true, force: true });
console.log(`loadlab exited with ${exit.code ?? exit.signal} (0 or 1: the run was judged; this soak judges loadlab's memory only)`);

let worst = -Infinity;
for (const model of ['closed', 'open'] as const) {
  const own = samples.filter((sample) => sample.stage === model);
  const first = own[0]?.t ?? 0;
  const last = own.at(-1)?.t ?? 0;
  const inEarly = (t: number) => t >= first + stretchMs && t < first + 3 * stretchMs;
  const inLate = (t: number) => t >= last - 2 * stretchMs;
  const early = own.filter((sample) => inEarly(sample.t)).map((sample) => sample.rssBytes);
  const late = own.filter((sample) => inLate(sample.t)).map((sample) => sample.rssBytes);
  if (early.length === 0 || late.length === 0) {
    console.log(`${model}: too few samples (${own.length}) to judge`);
    continue;
  }
  const growthMiB = (Math.min(...late) - Math.min(...early)) / mib;
  worst = Math.max(worst, growthMiB);
  const heaps = (at: (t: number) => boolean) =>
    own.filter((sample) => at(sample.t) && sample.heapBytes !== undefined).map((sample) => sample.heapBytes as number);
  const [heapEarly, heapLate] = [heaps(inEarly), heaps(inLate)];
  const mibOf = (bytes: number) => `${(bytes / mib).toFixed(1)} MiB`;
  console.log(
    `${model} (${((last - first) / 60_000).toFixed(1)} min): lowest RSS ${mibOf(Math.min(...early))} → ${mibOf(Math.min(...late))}: growth ${growthMiB.toFixed(1)} MiB` +
      ` (median ${mibOf(median(early))} → ${mibOf(median(late))}, max ${mibOf(Math.max(...own.map((sample) => sample.rssBytes)))})` +
      (heapEarly.length > 0 && heapLate.length > 0 ? `; lowest heap in use ${mibOf(Math.min(...heapEarly))} → ${mibOf(Math.min(...heapLate))}` : ''),
  );
}
console.log(
  `growth after the first stretch: ${worst.toFixed(1)} MiB at most (target < ${targetGrowthMiB} MiB): ${worst < targetGrowthMiB ? 'met' : 'NOT met'}`,
);

function readRssBytes(pid: number): number | undefined {
  try {
    const kib = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib === undefined ? undefined : Number(kib) * 1024;
  } catch {
    return undefined;
  }
}
