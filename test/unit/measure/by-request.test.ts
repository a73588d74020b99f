import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ByRequestRecorder, decodeByRequest, encodeByRequest, mergeByRequest, summariseByRequest } from '../../../src/measure/recording/by-request.js';

test('figures per request: recorded apart, merged exactly across generators, summarised over the phase', () => {
  const first = new ByRequestRecorder();
  const second = new ByRequestRecorder();
  const one = new ByRequestRecorder();
  const latencies = Array.from({ length: 200 }, (_, index) => 1 + index * 0.37);
  latencies.forEach((ms, index) => {
    (index % 2 === 0 ? first : second).recordAnswer('login', ms, index % 50 === 0 ? 'check' : undefined);
    one.recordAnswer('login', ms, index % 50 === 0 ? 'check' : undefined);
  });
  second.recordAnswer('cart', 4, 'status');
  second.recordError('cart');
  one.recordAnswer('cart', 4, 'status');
  one.recordError('cart');

  // through the thread/shard encoding and back, then added up: the same as one recorder of every answer
  const merged = mergeByRequest([decodeByRequest(encodeByRequest(first.recording)), decodeByRequest(encodeByRequest(second.recording))]);
  assert.ok(merged);
  const figures = summariseByRequest(merged, 2000);
  assert.deepEqual(figures, summariseByRequest(one.recording, 2000));
  assert.deepEqual(figures.login?.requests, { total: 200, rps: 100 });
  assert.equal(figures.login?.errors, 4);
  assert.equal(figures.login?.checksFailed, 4);
  assert.equal(figures.login?.latencyMs?.max, 1 + 199 * 0.37);
  assert.deepEqual(
    { total: figures.cart?.requests.total, errors: figures.cart?.errors, checksFailed: figures.cart?.checksFailed },
    { total: 1, errors: 2, checksFailed: 0 },
  );
  assert.equal(mergeByRequest([undefined, undefined]), undefined);
});
