import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InputError } from '../../../src/contract/errors.js';
import { driveLoad } from '../../../src/measure/drivers/driver.js';
import { fakeDrivers, fakeDriversFrom } from '../../../src/measure/drivers/fake.js';
import { realDrivers } from '../../../src/measure/drivers/index.js';
import { answered } from '../../helpers/latency.js';

const request = { url: 'http://127.0.0.1:9', requests: [{ method: 'GET', path: '/', headers: {} }] };
const load = { connections: 10, pipelining: 1, durationMs: 2000, warmupMs: 500, timeoutMs: 1000 };

describe('the fake load driver', () => {
  test('closed model: 10 connections × 50 ms answers make 200 req/s, p50 within the jitter, two series points, 20 windows', async () => {
    const result = await driveLoad(fakeDrivers({ latencyMs: 50 }), { ...request, load });
    assert.ok(Math.abs(result.requests.rps - 200) <= 10, `rps ${result.requests.rps}`);
    assert.ok(answered(result.latencyMs).p50 >= 47.5 && answered(result.latencyMs).p50 <= 52.5, `p50 ${answered(result.latencyMs).p50}`);
    assert.ok(answered(result.latencyMs).max <= 52.6, `max ${answered(result.latencyMs).max}`);
    assert.equal(result.series.length, 2);
    assert.ok(result.windows.points.length >= 20, `${result.windows.points.length} windows`);
    assert.equal(result.requests.errors, 0);
    assert.equal(result.open, undefined);
    // stamped as if it had just run for warm-up and measured phase
    assert.equal(result.phases.measured.durationMs, 2000);
    assert.equal(result.phases.warmup.durationMs, 500);
    assert.ok(Date.parse(result.phases.measured.endedAt) <= Date.now());
  });

  test('open model: the rate asked for is the rate sent, latency from the fake', async () => {
    const result = await driveLoad(fakeDrivers({ latencyMs: 20, jitter: 0 }), { ...request, load: { ...load, rate: 100 } });
    assert.equal(result.requests.total, 200);
    assert.equal(result.requests.sentRps, 100);
    assert.equal(result.open?.achievedRps, 100);
    // within the histogram's precision (3 significant digits)
    assert.ok(Math.abs(answered(result.latencyMs).p99 - 20) <= 0.02, `p99 ${answered(result.latencyMs).p99}`);
    assert.ok(Math.abs(answered(result.open?.serviceLatencyMs).p50 - 20) <= 0.02);
  });

  test('a share of errors, and the same figures on every run', async () => {
    const drivers = fakeDrivers({ latencyMs: 10, errorRate: 0.1 });
    const first = await driveLoad(drivers, { ...request, load });
    const second = await driveLoad(drivers, { ...request, load });
    const share = first.requests.errors / (first.requests.errors + first.requests.total);
    assert.ok(Math.abs(share - 0.1) < 0.01, `error share ${share}`);
    assert.deepEqual(second.latencyMs, first.latencyMs);
    assert.deepEqual(second.windows, first.windows);
  });

  test('chosen by LOADLAB_FAKE_LOAD only; a bad value is a one-line input error', () => {
    assert.equal(fakeDriversFrom({}), undefined);
    assert.equal(fakeDriversFrom({ LOADLAB_FAKE_LOAD: '' }), undefined);
    assert.notEqual(fakeDriversFrom({ LOADLAB_FAKE_LOAD: '{"latencyMs": 5}' }), realDrivers);
    assert.throws(() => fakeDriversFrom({ LOADLAB_FAKE_LOAD: 'fast' }), InputError);
    assert.throws(() => fakeDriversFrom({ LOADLAB_FAKE_LOAD: '{"latencyMs": 0}' }), /LOADLAB_FAKE_LOAD: expected/);
  });
});
