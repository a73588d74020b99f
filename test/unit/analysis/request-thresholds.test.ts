import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluateThresholds } from '../../../src/analysis/thresholds/index.js';
import { parseThreshold, type ScopedThreshold } from '../../../src/scenario/thresholds/parse.js';
import type { TrialResult } from '../../../src/contract/trial.js';
import { makeReport } from '../../fixtures/report-fixture.js';

function scoped(expr: string, request?: string): ScopedThreshold {
  const parsed = parseThreshold(expr);
  if ('error' in parsed) assert.fail(parsed.error);
  return { threshold: parsed.threshold, ...(request ? { request } : {}) };
}

const [first] = makeReport().trials;
assert.ok(first);
const trial: TrialResult = {
  ...first,
  byRequest: {
    login: { requests: { total: 400, rps: 200 }, latencyMs: { p50: 40, p90: 90, p99: 180, p999: 240, max: 260 }, errors: 0, checksFailed: 0, checked: 400 },
    cart: { requests: { total: 400, rps: 200 }, latencyMs: { p50: 5, p90: 9, p99: 30, p999: 35, max: 36 }, errors: 8, checksFailed: 8, checked: 400 },
    home: { requests: { total: 10, rps: 5 }, latencyMs: null, errors: 0, checksFailed: 0 },
  },
};

test('checks: passed ÷ checked answers of every request with expect', () => {
  const [result] = evaluateThresholds([scoped('checks > 99%')], [trial]).results;
  assert.equal(result?.value, 792 / 800);
  assert.equal(result?.status, 'fail');
  assert.equal(evaluateThresholds([scoped('checks > 98%')], [trial]).passed, true);
});

test('a threshold scoped to a request judges that request’s own figures', () => {
  const login = evaluateThresholds([scoped('p99 < 200ms', 'login')], [trial]);
  assert.equal(login.passed, true);
  assert.equal(login.results[0]?.value, 180);
  const cart = evaluateThresholds([scoped('checks > 99%', 'cart'), scoped('errors == 0', 'cart')], [trial]);
  assert.deepEqual(
    cart.results.map((result) => [result.status, result.value]),
    [
      ['fail', 392 / 400],
      ['fail', 8],
    ],
  );
  assert.match(cart.failures[0] ?? '', /request cart/);
});

test('a request without figures, latency or checks is no data, never a pass', () => {
  const results = evaluateThresholds([scoped('p99 < 1s', 'gone'), scoped('p99 < 1s', 'home'), scoped('checks > 0%', 'home')], [trial]).results;
  assert.deepEqual(
    results.map((result) => result.status),
    ['no-data', 'no-data', 'no-data'],
  );
});
