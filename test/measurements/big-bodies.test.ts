import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runClosedLoad } from '../../src/measure/drivers/closed-model.js';
import type { LoadResult } from '../../src/measure/drivers/load-result.js';
import { runOpenLoad } from '../../src/measure/drivers/open/open-model.js';
import { startFixture, stopFixture } from '../helpers/fixture-server.js';

// Part of the hostile catalogue (test/integration/hostile.test.ts), here because both figures
// move on a busy machine: how many 10 MiB answers come through in 2 s (4 of them did beside two
// other test files), and the memory of the process that drives them.

const mib = 2 ** 20;

describe('a response of 10 MiB per request: the load generator counts the bodies and keeps none', () => {
  for (const model of ['closed', 'open'] as const) {
    test(`${model} model, 20 connections: the load generator's memory grows by far less than 20 bodies`, async (t) => {
      const fixture = await startFixture('big-body.js');
      try {
        const base = process.memoryUsage().rss;
        let peak = base;
        const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
        const request = { url: fixture.url, requests: [{ method: 'GET', path: '/', headers: {} }] };
        const load = { connections: 20, pipelining: 1, durationMs: 2000, warmupMs: 0, timeoutMs: 10_000 };
        const result: LoadResult =
          model === 'closed' ? await runClosedLoad({ ...request, load }) : await runOpenLoad({ ...request, load: { ...load, rate: 40 } });
        clearInterval(sampler);
        t.diagnostic(`${result.requests.total} answers of 10 MiB; memory grew by ${((peak - base) / mib).toFixed(0)} MiB at most`);
        // at least 20 bodies came through, or "less than 20 bodies" would say nothing
        assert.ok(result.requests.total >= 20, `total ${result.requests.total}`);
        assert.equal(result.requests.errors, 0);
        assert.ok(result.requests.bytes >= result.requests.total * 10 * mib, `${result.requests.bytes} bytes`);
        // 20 bodies held at once are 200 MiB (autocannon's strings alone were: 224 MiB measured);
        // counted and dropped, 35–70 MiB of socket buffers and garbage not yet collected
        assert.ok(peak - base < 128 * mib, `grew by ${((peak - base) / mib).toFixed(0)} MiB for ${result.requests.total} answers`);
      } finally {
        stopFixture(fixture);
      }
    });
  }
});
