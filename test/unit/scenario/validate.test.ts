import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Issue } from '../../../src/scenario/field-reader.js';
import { topologies } from '../../../src/deploy/topologies/index.js';
import type { Scenario, TopologySpec } from '../../../src/scenario/scenario.js';
import { validateScenario, type ValidateOptions } from '../../../src/scenario/validate.js';
import { planRun } from '../../../src/measure/plan.js';

const dir = mkdtempSync(join(tmpdir(), 'loadlab-validate-'));
writeFileSync(join(dir, 'app.js'), "require('node:http').createServer((q, s) => s.end('ok')).listen(process.env.PORT);\n");
const file = join(dir, 'checkout-flow.ts');
writeFileSync(file, "export default { app: { entry: './app.js' } };\n");
after(() => rmSync(dir, { recursive: true, force: true }));

const options: ValidateOptions<TopologySpec> = { file, cores: 2, topologies };

/** The smallest scenario that is valid; each case below changes one thing of it. */
function minimal(): Record<string, unknown> {
  return {
    app: { entry: './app.js' },
    topologies: [{ kind: 'single' }, { kind: 'cluster' }],
    workloads: { hello: { requests: [{ path: '/' }] } },
  };
}

function valid(raw: unknown): Scenario {
  const result = validateScenario(raw, options);
  if ('issues' in result) assert.fail(`expected a valid scenario, got issues: ${JSON.stringify(result.issues, null, 2)}`);
  return result.scenario;
}

function invalid(raw: unknown): Issue[] {
  const result = validateScenario(raw, options);
  if ('scenario' in result) assert.fail(`expected issues, got a scenario: ${JSON.stringify(result.scenario)}`);
  return result.issues;
}

test('a minimal scenario is normalised with every default', () => {
  const defaultLoad = { connections: 50, pipelining: 1, durationMs: 10_000, warmupMs: 2_000, timeoutMs: 10_000 };
  assert.deepEqual(valid(minimal()), {
    name: 'checkout-flow',
    description: '',
    file,
    app: { entry: join(dir, 'app.js'), args: [], env: {}, readiness: '/', startTimeoutMs: 15_000, runtime: 'node', cwd: dir },
    topologies: [
      { name: 'single', kind: 'single', instances: 1, runtime: 'node' },
      { name: 'cluster', kind: 'cluster', instances: 2, runtime: 'node', schedulingPolicy: 'rr' },
    ],
    workloads: [{ name: 'hello', requests: [{ name: 'GET /', method: 'GET', path: '/', headers: {} }], load: defaultLoad }],
    slo: { p50: 100, p99: 150 },
    scaleWhen: { cpu: 0.8, latencyMs: 500, memory: 0.9, connectionsPerInstance: 10_000 },
    errorTolerance: 0,
    thresholds: [],
    events: [],
  });
});

test('a fully written scenario keeps every value it gives', () => {
  const scenario = valid({
    name: 'shop',
    description: 'the shop front',
    app: { entry: 'app.js', args: ['--quiet'], env: { NODE_ENV: 'production' }, readiness: '/health', startTimeout: '30s' },
    topologies: [
      { name: 'one', kind: 'single', instances: 1, runtime: 'node' },
      { name: 'os-balanced', kind: 'cluster', instances: 4, runtime: 'node', schedulingPolicy: 'none' },
      { name: 'all-cores', kind: 'cluster', instances: 'cores' },
    ],
    workloads: {
      mixed: {
        requests: [{ method: 'post', path: '/cart', headers: { 'content-type': 'application/json' }, body: '{"id":1}' }, { path: '/items' }],
      },
    },
    load: { connections: 100, duration: '1m', warmup: 0, pipelining: 2, timeout: 2500 },
    slo: { p50: 20, p99: 80 },
    scaleWhen: { cpu: 0.7, latencyMs: 300, memory: 0.5, connectionsPerInstance: 2000 },
    errorTolerance: 0.001,
    compareTo: 'os-balanced',
    thresholds: [],
    events: [],
  });
  assert.equal(scenario.name, 'shop');
  assert.equal(scenario.description, 'the shop front');
  assert.deepEqual(scenario.app, {
    entry: join(dir, 'app.js'),
    args: ['--quiet'],
    env: { NODE_ENV: 'production' },
    readiness: '/health',
    startTimeoutMs: 30_000,
    runtime: 'node',
    cwd: dir,
  });
  assert.deepEqual(scenario.topologies, [
    { name: 'one', kind: 'single', instances: 1, runtime: 'node' },
    { name: 'os-balanced', kind: 'cluster', instances: 4, runtime: 'node', schedulingPolicy: 'none' },
    { name: 'all-cores', kind: 'cluster', instances: 2, runtime: 'node', schedulingPolicy: 'rr' },
  ]);
  assert.deepEqual(scenario.workloads, [
    {
      name: 'mixed',
      requests: [
        { name: 'POST /cart', method: 'POST', path: '/cart', headers: { 'content-type': 'application/json' }, body: '{"id":1}' },
        { name: 'GET /items', method: 'GET', path: '/items', headers: {} },
      ],
      load: { connections: 100, pipelining: 2, durationMs: 60_000, warmupMs: 0, timeoutMs: 2500 },
    },
  ]);
  assert.deepEqual(scenario.slo, { p50: 20, p99: 80 });
  assert.deepEqual(scenario.scaleWhen, { cpu: 0.7, latencyMs: 300, memory: 0.5, connectionsPerInstance: 2000 });
  assert.equal(scenario.errorTolerance, 0.001);
  assert.equal(scenario.compareTo, 'os-balanced');
});

test('compareTo may name a topology by its kind when it has no name of its own', () => {
  assert.equal(valid({ ...minimal(), compareTo: 'cluster' }).compareTo, 'cluster');
});

test('a compareTo that names a topology with a mistake of its own is not reported twice', () => {
  const issues = invalid({
    ...minimal(),
    topologies: [{ kind: 'single' }, { name: 'many', kind: 'cluster', instances: 0, runtime: 'node' }],
    compareTo: 'many',
  });
  assert.deepEqual(
    issues.map((issue) => issue.path),
    ['topologies[1].instances'],
  );
});

test('workload-level connections and pipelining override load; other load settings are inherited', () => {
  const scenario = valid({
    ...minimal(),
    load: { connections: 10, pipelining: 1, duration: '3s' },
    workloads: {
      light: { requests: [{ path: '/' }] },
      heavy: { requests: [{ path: '/' }], connections: 200, pipelining: 8 },
    },
  });
  assert.deepEqual(
    scenario.workloads.map((workload) => [workload.name, workload.load]),
    [
      ['light', { connections: 10, pipelining: 1, durationMs: 3000, warmupMs: 2000, timeoutMs: 10_000 }],
      ['heavy', { connections: 200, pipelining: 8, durationMs: 3000, warmupMs: 2000, timeoutMs: 10_000 }],
    ],
  );
});

test('cluster instances: cores, omitted, or a number', () => {
  const scenario = valid({
    ...minimal(),
    topologies: [
      { name: 'a', kind: 'cluster', instances: 'cores' },
      { name: 'b', kind: 'cluster' },
      { name: 'c', kind: 'cluster', instances: 3, runtime: 'node' },
    ],
  });
  assert.deepEqual(
    scenario.topologies.map((topology) => topology.instances),
    [2, 2, 3],
  );
});

interface ErrorCase {
  title: string;
  change: (scenario: Record<string, unknown>) => void;
  path: string;
  message: string | RegExp;
}

const errorCases: ErrorCase[] = [
  {
    title: 'an unknown top-level field',
    change: (s) => {
      s.target = 'http://localhost';
    },
    path: 'target',
    message:
      /^unknown field \(expected one of: name, description, app, topologies, workloads, load, slo, scaleWhen, errorTolerance, compareTo, thresholds, events, connectionCost\)$/,
  },
  {
    title: 'a top-level field with an odd name is quoted in the path',
    change: (s) => {
      s['scale-when'] = {};
    },
    path: '"scale-when"',
    message: 'unknown field',
  },
  {
    title: 'an unknown field inside app',
    change: (s) => {
      s.app = { entry: './app.js', port: 3000 };
    },
    path: 'app.port',
    message: 'unknown field (expected one of: entry, args, env, readiness, startTimeout, runtime, cwd)',
  },
  {
    title: 'a missing app, with topologies that start it',
    change: (s) => {
      delete s.app;
    },
    path: 'app',
    message: /^is required: topolog(y|ies) .* starts? the app \(only external topologies need none\)$/,
  },
  {
    title: 'app that is not an object',
    change: (s) => {
      s.app = './app.js';
    },
    path: 'app',
    message: "expected an object, found './app.js'",
  },
  {
    title: 'a missing app.entry',
    change: (s) => {
      s.app = {};
    },
    path: 'app.entry',
    message: "is required: topologies 'single', 'cluster' start the app (only external topologies need none)",
  },
  {
    title: 'an app.entry whose file does not exist',
    change: (s) => {
      s.app = { entry: './missing.js' };
    },
    path: 'app.entry',
    message: `file not found: ${join(dir, 'missing.js')}`,
  },
  {
    title: 'an app.entry that is a folder',
    change: (s) => {
      s.app = { entry: '.' };
    },
    path: 'app.entry',
    message: `file not found: ${dir}`,
  },
  {
    title: 'an app.readiness that is not a path',
    change: (s) => {
      s.app = { entry: './app.js', readiness: 'health' };
    },
    path: 'app.readiness',
    message: "must be a path starting with '/', found 'health'",
  },
  {
    title: 'an app.startTimeout of zero',
    change: (s) => {
      s.app = { entry: './app.js', startTimeout: 0 };
    },
    path: 'app.startTimeout',
    message: 'must be at least 1 ms, but is 0 ms',
  },
  {
    title: 'app.args that is not a list of strings',
    change: (s) => {
      s.app = { entry: './app.js', args: ['--port', 3000] };
    },
    path: 'app.args[1]',
    message: 'expected a string, found 3000',
  },
  {
    title: 'app.env with a number value',
    change: (s) => {
      s.app = { entry: './app.js', env: { WORKERS: 4 } };
    },
    path: 'app.env.WORKERS',
    message: 'expected a string, found 4',
  },
  {
    title: 'missing topologies',
    change: (s) => {
      delete s.topologies;
    },
    path: 'topologies',
    message: /^is required$/,
  },
  {
    title: 'empty topologies',
    change: (s) => {
      s.topologies = [];
    },
    path: 'topologies',
    message: 'must not be empty',
  },
  {
    title: 'a topology without kind',
    change: (s) => {
      s.topologies = [{ name: 'x' }];
    },
    path: 'topologies[0].kind',
    message: 'is required (single, cluster, pm2, proxy, external)',
  },
  {
    title: 'an unknown topology kind',
    change: (s) => {
      s.topologies = [{ kind: 'single' }, { kind: 'kubernetes' }];
    },
    path: 'topologies[1].kind',
    message: "unknown kind 'kubernetes' (single, cluster, pm2, proxy, external)",
  },
  {
    title: 'a topology kind that is not a string',
    change: (s) => {
      s.topologies = [{ kind: 7 }];
    },
    path: 'topologies[0].kind',
    message: 'unknown kind 7 (single, cluster, pm2, proxy, external)',
  },
  {
    title: 'an unknown field in a topology',
    change: (s) => {
      s.topologies = [{ kind: 'cluster', workers: 4 }];
    },
    path: 'topologies[0].workers',
    message: 'unknown field (expected one of: name, kind, instances, runtime, schedulingPolicy)',
  },
  {
    title: 'duplicate topology names (both defaulted to the kind)',
    change: (s) => {
      s.topologies = [{ kind: 'cluster' }, { kind: 'cluster', instances: 4 }];
    },
    path: 'topologies[1].name',
    message: "duplicate topology name 'cluster': give each topology its own name",
  },
  {
    title: 'duplicate topology names (given)',
    change: (s) => {
      s.topologies = [
        { name: 'a', kind: 'single' },
        { name: 'a', kind: 'cluster' },
      ];
    },
    path: 'topologies[1].name',
    message: "duplicate topology name 'a'",
  },
  {
    title: 'schedulingPolicy on a single topology',
    change: (s) => {
      s.topologies = [{ kind: 'single', schedulingPolicy: 'rr' }];
    },
    path: 'topologies[0].schedulingPolicy',
    message: "applies to kind 'cluster' only, not 'single'",
  },
  {
    title: 'an unknown schedulingPolicy',
    change: (s) => {
      s.topologies = [{ kind: 'cluster', schedulingPolicy: 'random' }];
    },
    path: 'topologies[0].schedulingPolicy',
    message: "unknown value 'random' (rr, none)",
  },
  {
    title: 'a single topology with 2 instances',
    change: (s) => {
      s.topologies = [{ kind: 'single', instances: 2 }];
    },
    path: 'topologies[0].instances',
    message: "a 'single' topology has exactly 1 instance, found 2",
  },
  {
    title: 'a cluster with 0 instances',
    change: (s) => {
      s.topologies = [{ kind: 'cluster', instances: 0 }];
    },
    path: 'topologies[0].instances',
    message: 'expected a whole number of at least 1, found 0',
  },
  {
    title: 'a cluster with a fractional instance count',
    change: (s) => {
      s.topologies = [{ kind: 'cluster', instances: 1.5 }];
    },
    path: 'topologies[0].instances',
    message: 'expected a whole number of at least 1, found 1.5',
  },
  {
    title: 'negative load.connections',
    change: (s) => {
      s.load = { connections: -5 };
    },
    path: 'load.connections',
    message: 'expected a whole number of at least 1, found -5',
  },
  {
    title: 'an unparseable load.duration',
    change: (s) => {
      s.load = { duration: 'ten seconds' };
    },
    path: 'load.duration',
    message: "cannot read 'ten seconds' as a duration",
  },
  {
    title: 'a load.timeout below 1 s in the closed model',
    change: (s) => {
      s.load = { timeout: '500ms' };
    },
    path: 'load.timeout',
    message: "must be at least 1 s in the closed model (autocannon's smallest), but is 500 ms",
  },
  {
    title: 'a load.duration below 100 ms',
    change: (s) => {
      s.load = { duration: '50ms' };
    },
    path: 'load.duration',
    message: 'must be at least 100 ms, but is 50 ms',
  },
  {
    title: 'a negative load.warmup',
    change: (s) => {
      s.load = { warmup: -1 };
    },
    path: 'load.warmup',
    message: 'expected a duration of 0 ms or more, found -1',
  },
  {
    title: 'an unknown field in load',
    change: (s) => {
      s.load = { users: 10 };
    },
    path: 'load.users',
    message: 'unknown field (expected one of: connections, duration, warmup, pipelining, rate, maxConnections, timeout, generators, stages)',
  },
  {
    title: 'load.generators neither a whole number nor auto',
    change: (s) => {
      s.load = { generators: 0.5 };
    },
    path: 'load.generators',
    message: "expected 'auto' or a whole number of at least 1, found 0.5",
  },
  {
    title: 'a misspelt field in load: the one it was meant to be',
    change: (s) => {
      s.load = { conections: 10 };
    },
    path: 'load.conections',
    message:
      'unknown field (expected one of: connections, duration, warmup, pipelining, rate, maxConnections, timeout, generators, stages); did you mean connections?',
  },
  {
    title: 'a misspelt field in a topology: the one it was meant to be',
    change: (s) => {
      s.topologies = [{ kind: 'cluster', instaces: 4 }];
    },
    path: 'topologies[0].instaces',
    message: 'unknown field (expected one of: name, kind, instances, runtime, schedulingPolicy); did you mean instances?',
  },
  {
    title: 'a load.rate of 0',
    change: (s) => {
      s.load = { rate: 0 };
    },
    path: 'load.rate',
    message: 'expected a number between 0.001 and 1000000, found 0',
  },
  {
    title: 'missing workloads',
    change: (s) => {
      delete s.workloads;
    },
    path: 'workloads',
    message: /^is required: an object of named request mixes/,
  },
  {
    title: 'empty workloads',
    change: (s) => {
      s.workloads = {};
    },
    path: 'workloads',
    message: 'must name at least one workload',
  },
  {
    title: 'workloads given as a list',
    change: (s) => {
      s.workloads = [{ requests: [{ path: '/' }] }];
    },
    path: 'workloads',
    message: /^expected an object of named request mixes/,
  },
  {
    title: 'a workload without requests',
    change: (s) => {
      s.workloads = { hello: {} };
    },
    path: 'workloads.hello.requests',
    message: /^is required$/,
  },
  {
    title: 'a workload with an empty request list',
    change: (s) => {
      s.workloads = { hello: { requests: [] } };
    },
    path: 'workloads.hello.requests',
    message: 'must not be empty',
  },
  {
    title: 'a request path without a leading slash',
    change: (s) => {
      s.workloads = { hello: { requests: [{ path: '/' }, { path: 'api/items' }] } };
    },
    path: 'workloads.hello.requests[1].path',
    message: "must start with '/', found 'api/items'",
  },
  {
    title: 'a request without a path',
    change: (s) => {
      s.workloads = { hello: { requests: [{ method: 'GET' }] } };
    },
    path: 'workloads.hello.requests[0].path',
    message: /^is required$/,
  },
  {
    title: 'an unknown HTTP method',
    change: (s) => {
      s.workloads = { hello: { requests: [{ method: 'FETCH', path: '/' }] } };
    },
    path: 'workloads.hello.requests[0].method',
    message: "unknown value 'FETCH' (GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS)",
  },
  {
    title: 'a request body that is not a string',
    change: (s) => {
      s.workloads = { hello: { requests: [{ method: 'POST', path: '/', body: { id: 1 } }] } };
    },
    path: 'workloads.hello.requests[0].body',
    message: 'expected a string, found an object',
  },
  {
    title: 'a lower-case unknown HTTP method, quoted as written',
    change: (s) => {
      s.workloads = { hello: { requests: [{ method: 'fetch', path: '/' }] } };
    },
    path: 'workloads.hello.requests[0].method',
    message: "unknown value 'fetch' (GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS)",
  },
  {
    title: 'a workload name that is not an identifier, quoted in the path',
    change: (s) => {
      s.workloads = { 'my load': { requests: [{ path: 'x' }] } };
    },
    path: 'workloads["my load"].requests[0].path',
    message: "must start with '/', found 'x'",
  },
  {
    title: 'workload-level connections of 0',
    change: (s) => {
      s.workloads = { hello: { requests: [{ path: '/' }], connections: 0 } };
    },
    path: 'workloads.hello.connections',
    message: 'expected a whole number of at least 1, found 0',
  },
  {
    title: 'a negative workload rate',
    change: (s) => {
      s.workloads = { hello: { requests: [{ path: '/' }], rate: -500 } };
    },
    path: 'workloads.hello.rate',
    message: 'expected a number between 0.001 and 1000000, found -500',
  },
  {
    title: 'an absurd rate, beyond what any load generator sends',
    change: (s) => {
      s.load = { rate: 1e12 };
    },
    path: 'load.rate',
    message: 'expected a number between 0.001 and 1000000, found 1000000000000',
  },
  {
    title: 'slo.p99 that is negative',
    change: (s) => {
      s.slo = { p99: -1 };
    },
    path: 'slo.p99',
    message: 'expected a number at least 0, found -1',
  },
  {
    title: 'scaleWhen.cpu above 1',
    change: (s) => {
      s.scaleWhen = { cpu: 80 };
    },
    path: 'scaleWhen.cpu',
    message: 'expected a number between 0 and 1, found 80',
  },
  {
    title: 'an errorTolerance above 1, written as a percentage',
    change: (s) => {
      s.errorTolerance = 5;
    },
    path: 'errorTolerance',
    message: 'expected a share between 0 and 1 (0.01 is 1%), found 5',
  },
  {
    title: 'a negative errorTolerance',
    change: (s) => {
      s.errorTolerance = -0.1;
    },
    path: 'errorTolerance',
    message: 'expected a number between 0 and 1, found -0.1',
  },
  {
    title: 'a compareTo that names no topology',
    change: (s) => {
      s.compareTo = 'pm2';
    },
    path: 'compareTo',
    message: "unknown topology 'pm2' (topologies: single, cluster)",
  },
  {
    title: 'a compareTo that is not a string',
    change: (s) => {
      s.compareTo = 1;
    },
    path: 'compareTo',
    message: 'expected a non-empty string, found 1',
  },
  {
    title: 'a threshold with a misspelt metric',
    change: (s) => {
      s.thresholds = ['p99 < 150ms', 'p95 < 150ms'];
    },
    path: 'thresholds[1]',
    message:
      /^unknown metric 'p95' \(p50, p90, p99, p999, max, mean, rps, errors, error_rate, timeouts, non2xx, checks, cpu, rss, fds, connections, el_delay_p99\); did you mean p90\?$/,
  },
  {
    title: 'a scoped threshold naming a topology the scenario does not have',
    change: (s) => {
      s.thresholds = [{ expr: 'p99 < 150ms', topology: 'clustr' }];
    },
    path: 'thresholds[0].topology',
    message: "unknown topology 'clustr' (single, cluster); did you mean cluster?",
  },
  {
    title: 'a scoped threshold naming a workload the scenario does not have',
    change: (s) => {
      s.thresholds = [{ expr: 'rps > 10', workload: 'hi' }];
    },
    path: 'thresholds[0].workload',
    message: /^unknown workload 'hi' \(hello\)/,
  },
  {
    title: 'a threshold that is neither a string nor an object',
    change: (s) => {
      s.thresholds = [150];
    },
    path: 'thresholds[0]',
    message: /expected a threshold such as 'p99 < 150ms' or \{ expr, topology\?, workload\? \}, found 150/,
  },
  {
    title: 'an event with an unknown action',
    change: (s) => {
      s.events = [{ at: '1s', action: 'explode' }];
    },
    path: 'events[0].action',
    message: "unknown action 'explode' (kill-worker, reload, restart)",
  },
  {
    title: 'an event past the measured phase',
    change: (s) => {
      s.events = [{ at: '12s', action: 'reload' }];
    },
    path: 'events[0].at',
    message: '12 s is not within the measured phase (10 s)',
  },
  {
    title: 'an event at the very end of the measured phase',
    change: (s) => {
      s.load = { duration: '3s' };
      s.events = [{ at: 3000, action: 'reload' }];
    },
    path: 'events[0].at',
    message: '3 s is not within the measured phase (3 s)',
  },
  {
    title: 'an event without a time',
    change: (s) => {
      s.events = [{ action: 'reload' }];
    },
    path: 'events[0].at',
    message: 'is required',
  },
  {
    title: 'an event with a negative time',
    change: (s) => {
      s.events = [{ at: -5, action: 'reload' }];
    },
    path: 'events[0].at',
    message: 'expected a duration of 0 ms or more, found -5',
  },
  {
    title: 'an event scoped to a topology the scenario does not have',
    change: (s) => {
      s.events = [{ at: '1s', action: 'reload', topology: 'x' }];
    },
    path: 'events[0].topology',
    message: "no topology named 'x' (topologies: single, cluster)",
  },
  {
    title: 'an event scoped to a topology whose kind cannot do it',
    change: (s) => {
      s.events = [{ at: '1s', action: 'reload', topology: 'single' }];
    },
    path: 'events[0].action',
    message: "'reload' is not supported by topology 'single' (single); supported by cluster, pm2",
  },
  {
    title: 'an unscoped event that none of the topologies can do',
    change: (s) => {
      s.topologies = [{ kind: 'single' }, { name: 'one-more', kind: 'single' }];
      s.events = [{ at: '1s', action: 'restart' }];
    },
    path: 'events[0].action',
    message: "'restart' is supported by none of the scenario's topologies; supported by cluster, pm2",
  },
  {
    title: 'an event naming a topology that has a mistake of its own (reported once, at the topology)',
    change: (s) => {
      s.topologies = [{ kind: 'single' }, { name: 'k', kind: 'kubernetes' }];
      s.events = [{ at: '1s', action: 'reload', topology: 'k' }];
    },
    path: 'topologies[1].kind',
    message: /^unknown kind 'kubernetes'/,
  },
  {
    title: 'an event with an unknown field',
    change: (s) => {
      s.events = [{ at: '1s', action: 'reload', when: 'now' }];
    },
    path: 'events[0].when',
    message: 'unknown field (expected one of: at, action, topology)',
  },
  {
    title: 'events that are not a list',
    change: (s) => {
      s.events = { at: '1s', action: 'reload' };
    },
    path: 'events',
    message: 'expected a list',
  },
];

test('events are normalised to milliseconds, in time order, scoped where they say', () => {
  const raw = minimal();
  raw.events = [
    { at: '2s', action: 'restart', topology: 'cluster' },
    { at: 500, action: 'kill-worker' },
    { at: '1.5s', action: 'reload' },
  ];
  assert.deepEqual(valid(raw).events, [
    { atMs: 500, action: 'kill-worker' },
    { atMs: 1500, action: 'reload' },
    { atMs: 2000, action: 'restart', topology: 'cluster' },
  ]);
});

test('every mistake in the events is reported at once, one line each', () => {
  const raw = minimal();
  raw.events = [
    { at: '12s', action: 'explode' },
    { at: '1s', action: 'reload', topology: 'nope' },
    { at: '1s', action: 'kill-worker', topology: 'single' },
  ];
  assert.deepEqual(
    invalid(raw).map((issue) => `${issue.path}: ${issue.message}`),
    [
      'events[0].at: 12 s is not within the measured phase (10 s)',
      "events[0].action: unknown action 'explode' (kill-worker, reload, restart)",
      "events[1].topology: no topology named 'nope' (topologies: single, cluster)",
      "events[2].action: 'kill-worker' is not supported by topology 'single' (single); supported by cluster, pm2",
    ],
  );
});

for (const { title, change, path, message } of errorCases) {
  test(`reports ${title} at ${path}`, () => {
    const raw = minimal();
    change(raw);
    const issues = invalid(raw);
    assert.equal(issues.length, 1, `expected exactly one issue, got ${JSON.stringify(issues, null, 2)}`);
    const [issue] = issues;
    assert.ok(issue);
    assert.equal(issue.path, path);
    if (typeof message === 'string') assert.ok(issue.message.includes(message), `'${issue.message}' should contain '${message}'`);
    else assert.match(issue.message, message);
  });
}

test('a scenario that is not an object is one issue at the root', () => {
  for (const raw of [undefined, null, 'scenario', [minimal()]]) {
    const issues = invalid(raw);
    assert.equal(issues.length, 1);
    assert.equal(issues[0]?.path, '');
    assert.match(issues[0]?.message ?? '', /^expected an object, found /);
  }
});

test('several mistakes in one scenario are all reported at once', () => {
  const issues = invalid({
    nmae: 'typo',
    app: { entry: './missing.js', readiness: 'health' },
    topologies: [{ kind: 'single', instances: 2, schedulingPolicy: 'none' }, { kind: 'kubernetes' }, { kind: 'pm2' }],
    workloads: {
      hello: { requests: [{ path: 'hello' }], rate: -100 },
    },
    load: { connections: -5, duration: 'ten seconds' },
    thresholds: ['p95 < 150ms'],
  });
  assert.deepEqual(
    issues.map((issue) => issue.path),
    [
      'nmae',
      'app.entry',
      'app.readiness',
      'topologies[0].schedulingPolicy',
      'topologies[0].instances',
      'topologies[1].kind',
      'load.connections',
      'load.duration',
      'workloads.hello.requests[0].path',
      'workloads.hello.rate',
      'thresholds[0]',
    ],
  );
  assert.equal(issues.length, 11);
});

test('the scenario name defaults to the file name without its extension', () => {
  const scenario = validateScenario(minimal(), { ...options, file: join(dir, 'nested.scenario.ts') });
  assert.ok('scenario' in scenario);
  assert.equal(scenario.scenario.name, 'nested.scenario');
});

test('cores decides what instances: cores means', () => {
  const result = validateScenario({ ...minimal(), topologies: [{ kind: 'cluster', instances: 'cores' }] }, { ...options, cores: 16 });
  assert.ok('scenario' in result);
  assert.equal(result.scenario.topologies[0]?.instances, 16);
});

const allKinds = options;

// The kinds are the catalogue's: there is no list of them apart from it, so a kind left out of the catalogue given is unknown, and the message names those it has.
test('a kind that the catalogue does not hold', () => {
  const result = validateScenario<TopologySpec>(
    { ...minimal(), topologies: [{ kind: 'pm2' }] },
    { ...options, topologies: { single: topologies.single, cluster: topologies.cluster } },
  );
  assert.ok('issues' in result);
  assert.deepEqual(result.issues, [{ path: 'topologies[0].kind', message: "unknown kind 'pm2' (single, cluster)" }]);
});

test('an external-only scenario needs no app; a single topology without one is named', () => {
  const external = validateScenario(
    { topologies: [{ kind: 'external', url: 'http://127.0.0.1:8080' }], workloads: { hello: { requests: [{ path: '/' }] } } },
    options,
  );
  assert.ok('scenario' in external, JSON.stringify(external));
  assert.deepEqual(external.scenario.app, { entry: null, args: [], env: {}, readiness: '/', startTimeoutMs: 15_000, runtime: 'node', cwd: dir });
  const single = validateScenario(
    {
      topologies: [
        { kind: 'external', url: 'http://127.0.0.1:8080' },
        { name: 'mine', kind: 'single' },
      ],
      workloads: { hello: { requests: [{ path: '/' }] } },
    },
    options,
  );
  assert.ok('issues' in single);
  assert.deepEqual(single.issues, [{ path: 'app', message: "is required: topology 'mine' starts the app (only external topologies need none)" }]);
});

test('an external-only scenario may give an app without entry, for its readiness path and start timeout', () => {
  const scenario = valid({
    app: { readiness: '/health', startTimeout: '5s' },
    topologies: [{ kind: 'external', url: 'http://127.0.0.1:8080' }],
    workloads: { hello: { requests: [{ path: '/' }] } },
  });
  assert.deepEqual(scenario.app, { entry: null, args: [], env: {}, readiness: '/health', startTimeoutMs: 5000, runtime: 'node', cwd: dir });
  const issues = invalid({
    app: { readiness: '/health' },
    topologies: [{ kind: 'external', url: 'http://127.0.0.1:8080' }, { kind: 'single' }],
    workloads: { hello: { requests: [{ path: '/' }] } },
  });
  assert.deepEqual(issues, [{ path: 'app.entry', message: "is required: topology 'single' starts the app (only external topologies need none)" }]);
});

test('an external topology takes its own readiness path and start timeout: no app needed to say /health', () => {
  const scenario = valid({
    topologies: [{ kind: 'external', url: 'http://127.0.0.1:8080', command: ['npx', 'json-server'], readiness: '/health', startTimeout: '30s' }],
    workloads: { hello: { requests: [{ path: '/' }] } },
  });
  assert.deepEqual(scenario.topologies, [
    {
      name: 'external',
      kind: 'external',
      instances: 1,
      runtime: 'node',
      url: 'http://127.0.0.1:8080',
      command: ['npx', 'json-server'],
      pids: [],
      readiness: '/health',
      startTimeoutMs: 30_000,
    },
  ]);
  assert.deepEqual(
    invalid({
      topologies: [
        { kind: 'external', url: 'http://127.0.0.1:8080', readiness: 'health', startTimeout: 'soon' },
        { kind: 'single', readiness: '/health' },
      ],
      workloads: { hello: { requests: [{ path: '/' }] } },
    }).map((issue) => issue.path),
    ['topologies[0].readiness', 'topologies[0].startTimeout', 'topologies[1].readiness', 'app'],
  );
});

test('proxy and external topologies are normalised with their own settings', () => {
  const result = validateScenario(
    {
      ...minimal(),
      topologies: [
        { kind: 'proxy', instances: 3 },
        { name: 'tuned', kind: 'proxy', balancer: 'nginx', workerProcesses: 2, nginxPath: '/opt/nginx/sbin/nginx' },
        { kind: 'external', url: 'http://127.0.0.1:8080/', pids: [42] },
        { name: 'ha', kind: 'proxy', balancer: 'haproxy', instances: 2, threads: 2, haproxyPath: '/usr/sbin/haproxy' },
        { name: 'started', kind: 'external', url: 'http://localhost:9090', command: ['./server', '--fast'] },
      ],
    },
    allKinds,
  );
  if ('issues' in result) assert.fail(JSON.stringify(result.issues));
  assert.deepEqual(result.scenario.topologies, [
    { name: 'proxy', kind: 'proxy', instances: 3, runtime: 'node', balancer: { balancer: 'nginx', workerProcesses: 1 } },
    { name: 'tuned', kind: 'proxy', instances: 2, runtime: 'node', balancer: { balancer: 'nginx', workerProcesses: 2, path: '/opt/nginx/sbin/nginx' } },
    { name: 'external', kind: 'external', instances: 1, runtime: 'node', url: 'http://127.0.0.1:8080', command: [], pids: [42] },
    { name: 'ha', kind: 'proxy', instances: 2, runtime: 'node', balancer: { balancer: 'haproxy', threads: 2, path: '/usr/sbin/haproxy' } },
    { name: 'started', kind: 'external', instances: 1, runtime: 'node', url: 'http://localhost:9090', command: ['./server', '--fast'], pids: [] },
  ]);
});

const topologyFieldCases: { title: string; topology: Record<string, unknown>; path: string; message: string | RegExp }[] = [
  { title: 'an external topology without a url', topology: { kind: 'external' }, path: 'topologies[0].url', message: 'is required' },
  {
    title: 'an external url that is not a URL',
    topology: { kind: 'external', url: 'localhost:80' },
    path: 'topologies[0].url',
    message: /must be an http:\/\/ or https:\/\/ URL|not a URL/,
  },
  {
    title: 'an empty external command',
    topology: { kind: 'external', url: 'http://127.0.0.1:1', command: [] },
    path: 'topologies[0].command',
    message: /must not be empty/,
  },
  {
    title: 'pids that are not process ids',
    topology: { kind: 'external', url: 'http://127.0.0.1:1', pids: ['web'] },
    path: 'topologies[0].pids',
    message: 'expected a list of process ids (whole numbers)',
  },
  {
    title: 'nginxPath on a cluster',
    topology: { kind: 'cluster', nginxPath: '/usr/sbin/nginx' },
    path: 'topologies[0].nginxPath',
    message: "applies to kind 'proxy' only, not 'cluster'",
  },
  {
    title: 'url on a pm2 topology',
    topology: { kind: 'pm2', url: 'http://127.0.0.1:1' },
    path: 'topologies[0].url',
    message: "applies to kind 'external' only, not 'pm2'",
  },
  {
    title: 'workerProcesses of 0',
    topology: { kind: 'proxy', workerProcesses: 0 },
    path: 'topologies[0].workerProcesses',
    message: 'expected a whole number of at least 1, found 0',
  },
  {
    title: 'an unknown balancer',
    topology: { kind: 'proxy', balancer: 'traefik' },
    path: 'topologies[0].balancer',
    message: "unknown value 'traefik' (nginx, haproxy)",
  },
  {
    title: "nginx's field on HAProxy",
    topology: { kind: 'proxy', balancer: 'haproxy', nginxPath: '/usr/sbin/nginx' },
    path: 'topologies[0].nginxPath',
    message: "applies to balancer 'nginx' only, not 'haproxy'",
  },
  {
    title: 'threads of 0 on HAProxy',
    topology: { kind: 'proxy', balancer: 'haproxy', threads: 0 },
    path: 'topologies[0].threads',
    message: 'expected a whole number of at least 1, found 0',
  },
];

for (const { title, topology, path, message } of topologyFieldCases) {
  test(`reports ${title} at ${path}`, () => {
    const result = validateScenario({ ...minimal(), topologies: [topology] }, allKinds);
    assert.ok('issues' in result, 'expected issues');
    const issue = result.issues.find((item) => item.path === path);
    assert.ok(issue, `an issue at ${path}: ${JSON.stringify(result.issues)}`);
    if (typeof message === 'string') assert.equal(issue.message, message);
    else assert.match(issue.message, message);
  });
}

test('runtime: tsx for a TypeScript entry, node otherwise, bun when asked; a topology may override it', () => {
  const project = mkdtempSync(join(tmpdir(), 'loadlab-runtime-'));
  after(() => rmSync(project, { recursive: true, force: true }));
  for (const name of ['server.ts', 'server.mts', 'server.cts', 'server.mjs']) writeFileSync(join(project, name), '');
  const scenarioFile = join(project, 'scenario.ts');
  const read = (app: Record<string, unknown>, topologies: unknown[] = [{ kind: 'single' }]) => {
    const result = validateScenario({ app, topologies, workloads: { hello: { requests: [{ path: '/' }] } } }, { ...options, file: scenarioFile });
    if ('issues' in result) assert.fail(JSON.stringify(result.issues));
    return result.scenario;
  };
  assert.deepEqual(
    ['server.ts', 'server.mts', 'server.cts', 'server.mjs'].map((entry) => read({ entry }).app.runtime),
    ['tsx', 'tsx', 'tsx', 'node'],
  );
  assert.equal(read({ entry: 'server.ts', runtime: 'node' }).app.runtime, 'node');
  const compared = read({ entry: 'server.mjs' }, [
    { name: 'on-node', kind: 'cluster', instances: 2 },
    { name: 'on-bun', kind: 'cluster', instances: 2, runtime: 'bun' },
  ]);
  assert.deepEqual(
    compared.topologies.map((topology) => [topology.name, topology.runtime]),
    [
      ['on-node', 'node'],
      ['on-bun', 'bun'],
    ],
  );
});

test('cwd: the nearest package.json above the entry, else the entry folder; app.cwd relative to the scenario file', () => {
  const project = mkdtempSync(join(tmpdir(), 'loadlab-cwd-'));
  after(() => rmSync(project, { recursive: true, force: true }));
  mkdirSync(join(project, 'dist'));
  mkdirSync(join(project, 'loadtest'));
  writeFileSync(join(project, 'package.json'), '{}');
  writeFileSync(join(project, 'dist', 'server.js'), '');
  const read = (app: Record<string, unknown>) => {
    const result = validateScenario(
      { app, topologies: [{ kind: 'single' }], workloads: { hello: { requests: [{ path: '/' }] } } },
      { ...options, file: join(project, 'loadtest', 'scenario.ts') },
    );
    if ('issues' in result) assert.fail(JSON.stringify(result.issues));
    return result.scenario.app;
  };
  assert.equal(read({ entry: '../dist/server.js' }).cwd, project);
  assert.equal(read({ entry: '../dist/server.js', cwd: '../dist' }).cwd, join(project, 'dist'));
  // no package.json above: the entry's folder (the temporary folder holds none above it either)
  assert.equal(valid(minimal()).app.cwd, dir);
});

test('a bad runtime or cwd is one issue naming the field', () => {
  assert.deepEqual(invalid({ ...minimal(), app: { entry: './app.js', runtime: 'deno', cwd: './nowhere' } }), [
    { path: 'app.runtime', message: "unknown value 'deno' (node, tsx, bun)" },
    { path: 'app.cwd', message: `folder not found: ${join(dir, 'nowhere')}` },
  ]);
  assert.deepEqual(invalid({ ...minimal(), topologies: [{ kind: 'single', runtime: 'Bun' }] }), [
    { path: 'topologies[0].runtime', message: "unknown value 'Bun' (node, tsx, bun)" },
  ]);
  assert.deepEqual(invalid({ ...minimal(), topologies: [{ kind: 'external', url: 'http://127.0.0.1:8080', runtime: 'bun' }] }), [
    { path: 'topologies[0].runtime', message: "applies to topologies that start the app, not to kind 'external'" },
  ]);
});

test('stages: the open model ramps from its rate, the measured phase is their sum', () => {
  const scenario = valid({
    ...minimal(),
    workloads: {
      ramp: {
        requests: [{ path: '/' }],
        rate: 100,
        stages: [
          { duration: '2s', target: 500 },
          { duration: 500, target: 500 },
        ],
      },
    },
  });
  const load = scenario.workloads[0]?.load;
  assert.equal(load?.durationMs, 2500);
  assert.deepEqual(load?.stages, [
    { durationMs: 2000, target: 500 },
    { durationMs: 500, target: 500 },
  ]);
});

test('stages on load apply to every workload of the same model; the closed model counts connections', () => {
  const scenario = valid({ ...minimal(), load: { stages: [{ duration: '1s', target: 20 }] } });
  assert.deepEqual(scenario.workloads[0]?.load.stages, [{ durationMs: 1000, target: 20 }]);
  assert.equal(scenario.workloads[0]?.load.durationMs, 1000);
});

const badStages: Array<[what: string, change: Record<string, unknown>, path: string, message: RegExp]> = [
  ['a stage of 0 ms', { rate: 10, stages: [{ duration: 0, target: 5 }] }, 'workloads.hello.stages[0].duration', /at least 1 ms, but is 0 ms/],
  ['a negative duration', { rate: 10, stages: [{ duration: '-1s', target: 5 }] }, 'workloads.hello.stages[0].duration', /./],
  ['a rate above the limit', { rate: 10, stages: [{ duration: '1s', target: 2_000_000 }] }, 'workloads.hello.stages[0].target', /between 0 and 1000000/],
  ['a negative target', { rate: 10, stages: [{ duration: '1s', target: -1 }] }, 'workloads.hello.stages[0].target', /between 0 and 1000000, found -1/],
  ['fractional connections', { stages: [{ duration: '1s', target: 2.5 }] }, 'workloads.hello.stages[0].target', /whole number of connections/],
  ['no target', { rate: 10, stages: [{ duration: '1s' }] }, 'workloads.hello.stages[0].target', /is required/],
  ['an empty list', { rate: 10, stages: [] }, 'workloads.hello.stages', /expected a list of stages/],
];

for (const [what, change, path, message] of badStages) {
  test(`stages: ${what} is refused at ${path}`, () => {
    const issues = invalid({ ...minimal(), workloads: { hello: { requests: [{ path: '/' }], ...change } } });
    const issue = issues.find((entry) => entry.path === path);
    assert.ok(issue, `no issue at ${path}: ${JSON.stringify(issues)}`);
    assert.match(issue.message, message);
  });
}

test('load.stages with load.duration is refused: the stages make the measured phase', () => {
  const issues = invalid({ ...minimal(), load: { duration: '5s', stages: [{ duration: '1s', target: 5 }] } });
  assert.deepEqual(
    issues.map((issue) => issue.path),
    ['load.stages'],
  );
});

test('--duration with a staged workload is refused in one line naming the workload', () => {
  const scenario = valid({ ...minimal(), workloads: { ramp: { requests: [{ path: '/' }], rate: 10, stages: [{ duration: '1s', target: 50 }] } } });
  assert.throws(
    () => planRun(scenario, { durationMs: 3000 }),
    (error: Error & { exitCode?: number }) => {
      assert.equal(error.exitCode, 2);
      assert.match(error.message, /^--duration: workload 'ramp' has stages/);
      assert.ok(!error.message.includes('\n'));
      return true;
    },
  );
  // without it, the stages set the measured phase
  assert.equal(planRun(scenario, {})[0]?.workloads[0]?.load.durationMs, 1000);
});

test('a threshold may stop its trial while it runs: abortOnFail, and abortAfter only with it', () => {
  const scenario = valid({ ...minimal(), thresholds: [{ expr: 'p99 < 150ms', abortOnFail: true, abortAfter: '1s' }] });
  assert.equal(scenario.thresholds[0]?.abortOnFail, true);
  assert.equal(scenario.thresholds[0]?.abortAfterMs, 1000);
  const issues = invalid({
    ...minimal(),
    thresholds: [
      { expr: 'p99 < 150ms', abortAfter: '1s' },
      { expr: 'errors == 0', abortOnFail: 'yes' },
    ],
  });
  assert.deepEqual(
    issues.map((issue) => issue.path),
    ['thresholds[0].abortAfter', 'thresholds[1].abortOnFail'],
  );
});

test('--rate with a closed-model staged workload is refused: its targets are connections', () => {
  const scenario = valid({ ...minimal(), workloads: { users: { requests: [{ path: '/' }], stages: [{ duration: '1s', target: 50 }] } } });
  assert.throws(
    () => planRun(scenario, { rate: 100 }),
    /^Error: --rate: workload 'users' has closed-model stages|--rate: workload 'users' has closed-model stages/,
  );
});

test('a timeout under 1 s is the open model’s to take: with a rate it is kept', () => {
  const raw = minimal();
  raw.load = { rate: 50, timeout: '300ms' };
  assert.equal(valid(raw).workloads[0]?.load.timeoutMs, 300);
});
