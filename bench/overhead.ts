/**
 * Benchmark: what does loadlab's own measurement cost? loadlab's closed-model driver (every
 * response recorded into HDR histograms at µs resolution) against a bare autocannon run with
 * the same settings (connections, request mix), on the same demo-app server started by the
 * single topology. Pairs alternate their order (A B, B A, …) so that drift on a shared machine
 * and whatever one run leaves for the next hit both alike. Target: median ratio ≥ 0.95.
 *
 *   npm run bench:overhead [-- --pairs 5 --duration 3s --connections 50]
 */
import autocannon from 'autocannon';
import { parseArgs } from 'node:util';
import { runClosedLoad } from '../src/measure/drivers/closed-model.js';
import { ProcessOwner } from '../src/deploy/processes.js';
import { single } from '../src/deploy/topologies/single.js';
import { parseDuration } from '../src/text/duration.js';
import { median } from 'simple-statistics';
import { demoApp } from './demo-app.js';

const { values } = parseArgs({
  options: {
    pairs: { type: 'string', default: '4' },
    duration: { type: 'string', default: '3s' },
    connections: { type: 'string', default: '50' },
    path: { type: 'string', default: '/' },
  },
});
const pairs = Number(values.pairs);
const durationParsed = parseDuration(values.duration);
if ('error' in durationParsed) throw new Error(durationParsed.error);
const durationMs = durationParsed.ms;
const connections = Number(values.connections);

const owner = new ProcessOwner();
const abort = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => abort.abort());
const app = demoApp;

const requests = [{ method: 'GET', path: values.path, headers: {} }];

async function loadlabRps(url: string): Promise<number> {
  const result = await runClosedLoad({
    url,
    requests,
    load: { connections, pipelining: 1, durationMs, warmupMs: 0, timeoutMs: 10_000 },
    signal: abort.signal,
  });
  return result.requests.rps;
}

async function bareAutocannonRps(url: string): Promise<number> {
  const result = await autocannon({
    url,
    requests: requests.map(({ method, path }) => ({ method: method as 'GET', path })),
    connections,
    pipelining: 1,
    duration: durationMs / 1000,
  });
  return result.requests.total / result.duration;
}

try {
  const deployment = await single.start({ name: 'bench', kind: 'single', instances: 1, runtime: 'node' }, app, { owner, signal: abort.signal, probeEnv: {} });
  await bareAutocannonRps(deployment.url); // warm the server's JIT before anything counts
  const ratios: number[] = [];
  console.log(`pair  loadlab rps  autocannon rps  ratio   (${connections} connections, ${durationMs} ms each, ${values.path})`);
  for (let pair = 1; pair <= pairs && !abort.signal.aborted; pair += 1) {
    const loadlabFirst = pair % 2 === 1;
    const first = await (loadlabFirst ? loadlabRps : bareAutocannonRps)(deployment.url);
    const second = await (loadlabFirst ? bareAutocannonRps : loadlabRps)(deployment.url);
    const [withLoadlab, bare] = loadlabFirst ? [first, second] : [second, first];
    ratios.push(withLoadlab / bare);
    console.log(`${String(pair).padStart(4)}  ${withLoadlab.toFixed(0).padStart(11)}  ${bare.toFixed(0).padStart(14)}  ${(withLoadlab / bare).toFixed(3)}`);
  }
  const ratio = median(ratios);
  console.log(`median ratio loadlab ÷ bare autocannon: ${ratio.toFixed(3)} (target ≥ 0.95: ${ratio >= 0.95 ? 'met' : 'NOT met'})`);
} finally {
  await owner.stopAll();
}
