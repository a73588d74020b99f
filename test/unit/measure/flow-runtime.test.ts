import { test } from 'node:test';
import assert from 'node:assert/strict';
import { captureValue, parseJson } from '../../../src/measure/flows/capture.js';
import { failedCheck } from '../../../src/measure/flows/check.js';
import { DataRows } from '../../../src/measure/flows/data-rows.js';
import { FlowRuntime } from '../../../src/measure/flows/flow-runtime.js';
import type { DataSpec, FlowResponse } from '../../../src/scenario/flows/flow-types.js';
import type { FlowSpec, RequestSpec } from '../../../src/scenario/types.js';

const answer: FlowResponse = {
  status: 200,
  headers: { 'x-request-id': 'r-1', 'content-type': 'application/json' },
  body: '{"token":"t-9","user":{"id":42,"tags":["a","b"]},"items":[{"sku":"s1"}]}',
};
const json = () => parseJson(answer.body);

test('captures: a dotted JSON path, a header, a regex’s first group, a function', () => {
  assert.equal(captureValue({ kind: 'json', path: ['token'] }, answer, json), 't-9');
  assert.equal(captureValue({ kind: 'json', path: ['user', 'id'] }, answer, json), '42');
  assert.equal(captureValue({ kind: 'json', path: ['items', '0', 'sku'] }, answer, json), 's1');
  assert.equal(captureValue({ kind: 'json', path: ['user', 'missing'] }, answer, json), undefined);
  assert.equal(captureValue({ kind: 'header', name: 'x-request-id' }, answer, json), 'r-1');
  assert.equal(captureValue({ kind: 'regex', pattern: /"id":(\d+)/ }, answer, json), '42');
  assert.equal(captureValue({ kind: 'regex', pattern: /"nope":(\d+)/ }, answer, json), undefined);
  assert.equal(captureValue({ kind: 'function', pick: (res) => res.status * 2 }, answer, json), '400');
  assert.equal(
    captureValue({ kind: 'json', path: ['token'] }, { ...answer, body: 'not json' }, () => parseJson('not json')),
    undefined,
  );
});

test('checks: status, header, body and json, each failing with what it found', () => {
  assert.equal(failedCheck({ status: [200, 201] }, answer, json), undefined);
  assert.equal(failedCheck({ status: [201] }, answer, json), 'status 200, expected 201');
  assert.equal(failedCheck({ header: [{ name: 'content-type', value: /json/ }] }, answer, json), undefined);
  assert.match(failedCheck({ header: [{ name: 'x-request-id', value: 'r-2' }] }, answer, json) ?? '', /header x-request-id 'r-1' does not match r-2/);
  assert.equal(failedCheck({ header: [{ name: 'etag', value: /./ }] }, answer, json), 'header etag missing');
  assert.equal(failedCheck({ body: 't-9' }, answer, json), undefined);
  assert.match(failedCheck({ body: /"error"/ }, answer, json) ?? '', /body does not match/);
  assert.equal(failedCheck({ json: (body) => (body as { token?: string }).token === 't-9' }, answer, json), undefined);
  assert.equal(failedCheck({ json: () => false }, answer, json), 'json check returned false');
  assert.match(
    failedCheck(
      {
        json: () => {
          throw new Error('boom');
        },
      },
      answer,
      json,
    ) ?? '',
    /json check threw: boom/,
  );
});

const table = { file: 'users.csv', columns: ['user'], rows: [['a'], ['b'], ['c'], ['d'], ['e']] };
const users = (rows: DataRows, count: number) => Array.from({ length: count }, () => rows.take()?.user ?? '-');

test('data rows: sequential wraps, unique never repeats a row across shares and counts who ran out', () => {
  const sequential: DataSpec = { table, order: 'sequential' };
  assert.deepEqual(users(new DataRows(sequential, { index: 0, count: 1 }), 7), ['a', 'b', 'c', 'd', 'e', 'a', 'b']);
  const unique: DataSpec = { table, order: 'unique' };
  const first = new DataRows(unique, { index: 0, count: 2 });
  const second = new DataRows(unique, { index: 1, count: 2 });
  const taken = [...users(first, 4), ...users(second, 4)];
  assert.deepEqual(taken, ['a', 'c', 'e', '-', 'b', 'd', '-', '-']);
  assert.deepEqual([first.used, first.ranOut, second.used, second.ranOut], [3, 1, 2, 2]);
  const random = new DataRows({ table, order: 'random' }, { index: 0, count: 1 });
  assert.ok(users(random, 50).every((user) => ['a', 'b', 'c', 'd', 'e'].includes(user)));
});

function request(fields: Partial<RequestSpec> & { path: string }): RequestSpec {
  return { method: 'GET', headers: {}, name: `GET ${fields.path}`, ...fields };
}

test('a flow runtime carries a capture, a data row and cookies into the next request', () => {
  const flow: FlowSpec = { cookies: true, data: { table, order: 'sequential' }, source: { file: 'x.ts', workload: 'w' } };
  const runtime = new FlowRuntime(
    [
      request({
        name: 'login',
        method: 'POST',
        path: '/login',
        body: '{"user":"{{user}}","n":{{$seq}}}',
        capture: { token: { kind: 'json', path: ['token'] } },
      }),
      request({ path: '/cart/{{$vu}}', headers: { authorization: 'Bearer {{token}}' }, expect: { status: [200], body: 'items' } }),
    ],
    flow,
    { index: 1, count: 2 },
  );
  assert.deepEqual([runtime.readsBody(0), runtime.readsBody(1)], [true, true]);
  const user = runtime.newUser();
  assert.equal(user.vu, 2);
  assert.deepEqual(runtime.request(0, user), { method: 'POST', path: '/login', headers: {}, body: '{"user":"b","n":2}' });
  assert.equal(runtime.response(0, user, { status: 200, headers: { 'set-cookie': ['sid=abc; Path=/; HttpOnly'] }, body: '{"token":"t-1"}' }), undefined);
  assert.deepEqual(runtime.request(1, user), { method: 'GET', path: '/cart/2', headers: { authorization: 'Bearer t-1', cookie: 'sid=abc' } });
  assert.deepEqual(runtime.response(1, user, { status: 200, headers: {}, body: '{"error":"later"}' }), {
    kind: 'check',
    message: 'GET /cart/{{$vu}}: body does not contain items',
  });
  const next = runtime.newUser();
  assert.equal(next.vu, 4);
  assert.equal(runtime.request(1, next).headers.cookie, undefined, 'a new user starts with no cookies');
  assert.deepEqual(runtime.tally(), { users: 2, dataUsed: 2, dataRanOut: 0 });
});

test('a hook that throws makes its request an error of kind hook; the user goes on', () => {
  const runtime = new FlowRuntime(
    [
      request({
        path: '/a',
        beforeRequest: () => {
          throw new Error('no');
        },
      }),
      request({
        path: '/b',
        afterResponse: (res, vars) => {
          vars.seen = String(res.status);
        },
      }),
    ],
    undefined,
    { index: 0, count: 1 },
  );
  const user = runtime.newUser();
  assert.equal(runtime.request(0, user).path, '/a');
  assert.deepEqual(runtime.response(0, user, { status: 200, headers: {}, body: '' }), { kind: 'hook', message: "beforeRequest of 'GET /a' threw: no" });
  runtime.request(1, user);
  assert.equal(runtime.response(1, user, { status: 204, headers: {}, body: '' }), undefined);
  assert.equal(user.vars.seen, '204');
});
