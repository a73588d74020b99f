import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RequestFigures } from '../../../src/contract/trial.js';
import { inRequestOrder } from '../../../src/measure/recording/request-order.js';

const figures = (total: number): RequestFigures => ({ requests: { total, rps: total }, latencyMs: null, errors: 0, checksFailed: 0 });

test("a trial's figures per request follow the workload's order, whatever answered first", () => {
  const byRequest = { checkout: figures(3), unknown: figures(9), login: figures(1), cart: figures(2) };
  const ordered = inRequestOrder(byRequest, ['login', 'cart', 'checkout']);
  assert.deepEqual(Object.keys(ordered), ['login', 'cart', 'checkout', 'unknown']);
  assert.deepEqual(ordered.cart, figures(2));
});
