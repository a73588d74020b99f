import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ByRequestRecorder, decodeByRequest, encodeByRequest, mergeByRequest, summariseByRequest } from '../../../src/measure/recording/by-request.js';

test('figures per request: recorded apart, merged exactly across generators, summarised over the phase', () => {
  const first = new ByRequestRecorder(0, 100);
  const second = new ByRequestRecorder(0, 100);
  const one = new ByRequestRecorder(0, 100);
  const latencies = Array.from({ length: 200 }, (_, index) => 1 + index * 0.37);
  latencies.forEach((ms, index) => {
    (index % 2 === 0 ? first : second).recordAnswer('login', index * 10, ms, index % 50 === 0 ? 'check' : undefined);
    one.recordAnswer('login', index * 10, ms, index % 50 === 0 ? 'check' : undefined);
  });
  second.recordAnswer('cart', 1500, 4, 'status');
  second.recordError('cart', 1950);
  one.recordAnswer('cart', 1500, 4, 'status');
  one.recordError('cart', 1950);

  // through the thread/shard encoding and back, then added up: the same as one recorder of every answer
  const merged = mergeByRequest([decodeByRequest(encodeByRequest(first.recording)), decodeByRequest(encodeByRequest(second.recording))]);
  assert.ok(merged);
  const figures = summariseByRequest(merged, 2000, 100);
  assert.deepEqual(figures, summariseByRequest(one.recording, 2000, 100));
  assert.deepEqual(figures.login?.requests, { total: 200, rps: 100 });
  assert.equal(figures.login?.errors, 4);
  assert.equal(figures.login?.checksFailed, 4);
  assert.equal(figures.login?.latencyMs?.max, 1 + 199 * 0.37);
  assert.deepEqual(
    { total: figures.cart?.requests.total, errors: figures.cart?.errors, checksFailed: figures.cart?.checksFailed },
    { total: 1, errors: 2, checksFailed: 0 },
  );
  // the request's own windows: 200 answers over 2 s in 100 ms slices, 10 a window, 20 windows; the cart's two failures in its windows
  assert.equal(figures.login?.windows?.points.length, 20);
  assert.deepEqual(
    figures.login?.windows?.points.map((point) => point.responses),
    Array.from({ length: 20 }, () => 10),
  );
  assert.equal(figures.login?.windows?.points[0]?.errors, 1);
  assert.equal(
    figures.cart?.windows?.points.reduce((sum, point) => sum + point.errors, 0),
    2,
  );
  assert.equal(mergeByRequest([undefined, undefined]), undefined);
});

test('figures per request from a share of a version without slices: no windows, so no comparison rests on part of the load', () => {
  const withSlices = new ByRequestRecorder(0, 100);
  withSlices.recordAnswer('login', 10, 2);
  const recorded = withSlices.recording.login;
  assert.ok(recorded);
  const { slices: _dropped, ...older } = recorded;
  const merged = mergeByRequest([withSlices.recording, { login: older }]);
  assert.ok(merged);
  assert.equal(merged.login?.latency.count, 2);
  assert.equal(merged.login?.slices, undefined);
  assert.equal(summariseByRequest(merged, 1000, 100).login?.windows, undefined);
});
