import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Issue } from '../../../src/scenario/field-reader.js';
import { topologies } from '../../../src/deploy/topologies/index.js';
import type { Scenario, TopologySpec } from '../../../src/scenario/scenario.js';
import { validateScenario, type ValidateOptions } from '../../../src/scenario/validate.js';

const dir = mkdtempSync(join(tmpdir(), 'loadlab-flow-validate-'));
writeFileSync(join(dir, 'app.js'), '');
writeFileSync(join(dir, 'users.csv'), 'user,password\nann,a1\nbob,b2\n');
writeFileSync(
  join(dir, 'users.json'),
  JSON.stringify([
    { user: 'ann', id: 1 },
    { user: 'bob', id: 2 },
  ]),
);
writeFileSync(join(dir, 'no-header.csv'), 'ann@example.com,a1\nbob@example.com,b2\n');
writeFileSync(join(dir, 'ragged.csv'), 'user,password\nann,a1\nbob\n');
const file = join(dir, 'flow.ts');
after(() => rmSync(dir, { recursive: true, force: true }));
const options: ValidateOptions<TopologySpec> = { file, cores: 2, topologies };

function scenarioWith(workload: Record<string, unknown>): Record<string, unknown> {
  return { app: { entry: './app.js' }, topologies: [{ kind: 'single' }], workloads: { shop: workload } };
}

function valid(workload: Record<string, unknown>): Scenario {
  const result = validateScenario(scenarioWith(workload), options);
  if ('issues' in result) assert.fail(JSON.stringify(result.issues));
  return result.scenario;
}

function issues(workload: Record<string, unknown>): Issue[] {
  const result = validateScenario(scenarioWith(workload), options);
  if ('scenario' in result) assert.fail('expected issues');
  return result.issues;
}

const login = { name: 'login', method: 'POST', path: '/login', body: '{"user":"{{user}}"}', capture: { token: { json: 'token' } } };

test('a flow: names, captures, checks, data and think are read; a later request may use an earlier capture', () => {
  const [workload] = valid({
    data: { file: 'users.csv', order: 'unique' },
    cookies: true,
    rate: 10,
    think: ['10ms', '20ms'],
    requests: [login, { path: '/cart/{{$vu}}', headers: { authorization: 'Bearer {{token}}' }, expect: { status: [200, 201], body: /items/ } }],
  }).workloads;
  assert.ok(workload);
  assert.deepEqual(
    workload.requests.map((request) => request.name),
    ['login', 'GET /cart/{{$vu}}'],
  );
  assert.deepEqual(workload.requests[0]?.capture, { token: { kind: 'json', path: ['token'] } });
  assert.deepEqual(workload.requests[1]?.expect, { status: [200, 201], body: /items/ });
  assert.deepEqual(workload.flow?.data?.table.columns, ['user', 'password']);
  assert.equal(workload.flow?.data?.order, 'unique');
  assert.deepEqual(workload.flow?.think, { minMs: 10, maxMs: 20 });
  assert.equal(workload.flow?.cookies, true);
  assert.deepEqual(workload.flow?.source, { file, workload: 'shop' });
});

test('a fixed mix of requests is no flow, and gets its default names', () => {
  const [workload] = valid({ requests: [{ path: '/' }, { method: 'post', path: '/x', body: '{}' }] }).workloads;
  assert.equal(workload?.flow, undefined);
  assert.deepEqual(
    workload?.requests.map((request) => request.name),
    ['GET /', 'POST /x'],
  );
});

test('a JSON data file gives its first item’s keys as columns', () => {
  const [workload] = valid({ data: { file: 'users.json' }, requests: [{ path: '/u/{{id}}' }] }).workloads;
  assert.deepEqual(workload?.flow?.data?.table, {
    file: join(dir, 'users.json'),
    columns: ['user', 'id'],
    rows: [
      ['ann', '1'],
      ['bob', '2'],
    ],
  });
  assert.equal(workload?.flow?.data?.order, 'sequential');
});

const bad: [string, Record<string, unknown>, string, RegExp][] = [
  [
    'an unknown variable',
    { requests: [{ path: '/cart', headers: { authorization: 'Bearer {{token}}' } }] },
    'workloads.shop.requests[0].headers.authorization',
    /\{\{token\}\} names no variable/,
  ],
  [
    'a variable captured only by a later request',
    { requests: [{ path: '/{{token}}' }, { path: '/login', capture: { token: { header: 'x-token' } } }] },
    'workloads.shop.requests[0].path',
    /names no variable/,
  ],
  [
    'a capture path that is not a string',
    { requests: [{ path: '/', capture: { token: { json: 3 } } }] },
    'workloads.shop.requests[0].capture.token.json',
    /expected a string/,
  ],
  ['a CSV without its header', { data: { file: 'no-header.csv' }, requests: [{ path: '/' }] }, 'workloads.shop.data.file', /header line missing/],
  ['a CSV row of the wrong width', { data: { file: 'ragged.csv' }, requests: [{ path: '/' }] }, 'workloads.shop.data.file', /row 2 has 1 fields, the header 2/],
  ['a data file that does not exist', { data: { file: 'nope.csv' }, requests: [{ path: '/' }] }, 'workloads.shop.data.file', /file not found/],
  [
    'a RegExp that does not compile',
    { requests: [{ path: '/', capture: { id: { regex: '(unclosed' } } }] },
    'workloads.shop.requests[0].capture.id.regex',
    /does not compile/,
  ],
  ['think below zero', { rate: 5, think: -5, requests: [{ path: '/' }] }, 'workloads.shop.think', /0 ms or more/],
  ['think in the closed model', { think: '1s', requests: [{ path: '/' }] }, 'workloads.shop.think', /needs the open model/],
  ['an unknown built-in', { requests: [{ path: '/{{$rand}}' }] }, 'workloads.shop.requests[0].path', /no built-in/],
  [
    'pipelining in a flow',
    { pipelining: 4, requests: [{ path: '/login', capture: { token: { header: 'x-token' } } }] },
    'workloads.shop.pipelining',
    /must be 1 in a flow/,
  ],
  ['a status that is no status', { requests: [{ path: '/', expect: { status: 'ok' } }] }, 'workloads.shop.requests[0].expect.status', /expected a status/],
];
for (const [title, workload, path, message] of bad) {
  test(`${title} is one issue naming ${path}`, () => {
    const found = issues(workload);
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.equal(found[0]?.path, path);
    assert.match(found[0]?.message ?? '', message);
  });
}

test("a threshold's request must name a request, and its metric one measured per request", () => {
  const raw = {
    ...scenarioWith({ requests: [login] }),
    thresholds: [
      { expr: 'p99 < 200ms', request: 'login' },
      { expr: 'p99 < 1s', request: 'logn' },
      { expr: 'cpu < 80%', request: 'login' },
    ],
  };
  const result = validateScenario(raw, options);
  assert.ok('issues' in result);
  assert.deepEqual(
    result.issues.map((issue) => issue.path),
    ['workloads.shop.requests[0].body', 'thresholds[1].request', 'thresholds[2].expr'],
  );
  assert.match(result.issues[1]?.message ?? '', /unknown request 'logn'.*did you mean login/);
});
