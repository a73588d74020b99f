import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { runClosedLoad } from '../../src/measure/drivers/closed-model.js';
import { answered } from '../helpers/latency.js';

test('closed model: a connection the server closes mid-request is counted as an error, and later latencies are not timed from the lost request', async () => {
  let seen = 0;
  // answers after 5 ms; every 20th request is never answered: its connection is closed instead
  const server = createServer((request, response) => {
    seen += 1;
    if (seen % 20 === 0) {
      request.socket.end();
      return;
    }
    setTimeout(() => response.end('ok'), 5);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const result = await runClosedLoad({
      url: `http://127.0.0.1:${port}`,
      requests: [{ method: 'GET', path: '/', headers: {} }],
      load: { connections: 4, pipelining: 1, durationMs: 1500, warmupMs: 0, timeoutMs: 10_000 },
    });
    assert.ok(result.requests.total > 100, `total ${result.requests.total}`);
    assert.ok(result.requests.errors > 0, 'the unanswered requests are errors');
    // Timed from a lost request, the later latencies carry the time since it: with the fix turned
    // off, p50 41 ms, p90 71, p99 87 here (and no error counted); with it, p50 5.7 ms. The median
    // tells them apart; the p99 does not on a busy machine, where the client and the server of
    // this test, one event loop, are held up together (p99 62 ms in a CI run, with the fix).
    assert.ok(answered(result.latencyMs).p50 < 20, `p50 ${answered(result.latencyMs).p50} ms (p99 ${answered(result.latencyMs).p99} ms)`);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});
