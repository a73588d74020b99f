import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { topologies } from '../../../src/deploy/topologies/index.js';
import type { Scenario, TopologySpec } from '../../../src/scenario/scenario.js';
import { planRun } from '../../../src/measure/plan.js';
import { evaluateThresholds } from '../../../src/analysis/thresholds/index.js';
import type { TrialResult } from '../../../src/contract/trial.js';
import { makeReport } from '../../fixtures/report-fixture.js';
import type { Issue } from '../../../src/scenario/field-reader.js';
import { validateScenario, type ValidateOptions } from '../../../src/scenario/validate.js';

const dir = mkdtempSync(join(tmpdir(), 'loadlab-sweep-'));
writeFileSync(join(dir, 'app.js'), "require('node:http').createServer((q, s) => s.end('ok')).listen(process.env.PORT);\n");
const file = join(dir, 'sweep.ts');
after(() => rmSync(dir, { recursive: true, force: true }));

const options: ValidateOptions<TopologySpec> = { file, cores: 2, topologies };

function scenarioWith(topology: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { app: { entry: './app.js' }, topologies: [topology], workloads: { hello: { requests: [{ path: '/' }] } }, ...extra };
}

function valid(raw: unknown): Scenario {
  const result = validateScenario(raw, options);
  if ('issues' in result) assert.fail(JSON.stringify(result.issues, null, 2));
  return result.scenario;
}

function issues(raw: unknown): string[] {
  const result = validateScenario(raw, options);
  if ('scenario' in result) assert.fail(`expected issues, got ${JSON.stringify(result.scenario.topologies)}`);
  return result.issues.map((issue: Issue) => `${issue.path}: ${issue.message}`);
}

test("instances: [1, 2, 4, 'cores'] is one topology per count, smallest first, duplicates dropped ('cores' is 2 here)", () => {
  const scenario = valid(scenarioWith({ kind: 'cluster', instances: [4, 1, 2, 'cores'], schedulingPolicy: 'none' }));
  assert.deepEqual(scenario.topologies, [
    { name: 'cluster×1', kind: 'cluster', instances: 1, runtime: 'node', sweep: 'cluster', schedulingPolicy: 'none' },
    { name: 'cluster×2', kind: 'cluster', instances: 2, runtime: 'node', sweep: 'cluster', schedulingPolicy: 'none' },
    { name: 'cluster×4', kind: 'cluster', instances: 4, runtime: 'node', sweep: 'cluster', schedulingPolicy: 'none' },
  ]);
});

test('pm2 and proxy sweep too, under their own names', () => {
  const scenario = valid({
    ...scenarioWith({ name: 'nginx', kind: 'proxy', instances: [1, 2] }),
    topologies: [
      { name: 'nginx', kind: 'proxy', instances: [1, 2] },
      { kind: 'pm2', instances: [1, 3] },
    ],
  });
  assert.deepEqual(
    scenario.topologies.map((topology) => [topology.name, topology.sweep, topology.instances]),
    [
      ['nginx×1', 'nginx', 1],
      ['nginx×2', 'nginx', 2],
      ['pm2×1', 'pm2', 1],
      ['pm2×3', 'pm2', 3],
    ],
  );
});

test('a list needs two different counts of whole numbers or cores, and only kinds of several instances take one', () => {
  assert.deepEqual(issues(scenarioWith({ kind: 'cluster', instances: [2, 'cores'] })), [
    'topologies[0].instances: a list of instances is a scaling sweep: it needs at least two different counts, found [2,"cores"] (\'cores\' is 2 here)',
  ]);
  assert.deepEqual(issues(scenarioWith({ kind: 'cluster', instances: [1, 0, 'all'] })), [
    "topologies[0].instances[1]: expected a whole number of at least 1 or 'cores', found 0",
    "topologies[0].instances[2]: expected a whole number of at least 1 or 'cores', found 'all'",
  ]);
  assert.match(
    issues(scenarioWith({ kind: 'single', instances: [1, 2] })).join('\n'),
    /^topologies\[0\]\.instances: a 'single' topology has exactly 1 instance/,
  );
});

test('--topology, thresholds and events may name the sweep: every count of it', () => {
  const scenario = valid(
    scenarioWith(
      { kind: 'cluster', instances: [1, 2] },
      { thresholds: [{ expr: 'p99 < 150', topology: 'cluster' }], events: [{ at: '1s', action: 'kill-worker', topology: 'cluster' }] },
    ),
  );
  const plan = planRun(scenario, { topologies: ['cluster'] });
  assert.deepEqual(
    plan.map((step) => [step.topology.name, step.events?.length]),
    [
      ['cluster×1', 1],
      ['cluster×2', 1],
    ],
  );
  assert.deepEqual(
    planRun(scenario, { topologies: ['cluster×2'] }).map((step) => step.topology.name),
    ['cluster×2'],
  );
});

test('a threshold scoped to the sweep judges every count of it', () => {
  const scenario = valid(scenarioWith({ kind: 'cluster', instances: [1, 2] }, { thresholds: [{ expr: 'rps > 1', topology: 'cluster' }] }));
  const trials = [1, 2].map((instances) => ({ ...(makeReport().trials[0] as TrialResult), topology: `cluster×${instances}`, sweep: 'cluster', instances }));
  const evaluation = evaluateThresholds(scenario.thresholds, trials);
  assert.deepEqual(
    evaluation.results.map((result) => [result.trial?.topology, result.status]),
    [
      ['cluster×1', 'pass'],
      ['cluster×2', 'pass'],
    ],
  );
});
