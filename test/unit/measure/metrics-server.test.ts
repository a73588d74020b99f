import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { describe, test } from 'node:test';
import { InputError } from '../../../src/contract/errors.js';
import { openMetricsContentType, serveMetrics } from '../../../src/measure/live/metrics-server.js';

describe('the metrics endpoint', () => {
  test('serves the exposition at GET /metrics as OpenMetrics, 404 elsewhere', async () => {
    let scrapes = 0;
    const server = await serveMetrics({ host: '127.0.0.1', port: 0 }, () => `# scrape ${++scrapes}\n# EOF\n`);
    try {
      assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      const response = await fetch(server.url);
      assert.equal(response.headers.get('content-type'), openMetricsContentType);
      assert.equal(await response.text(), '# scrape 1\n# EOF\n');
      assert.equal((await fetch(server.url.replace('/metrics', '/'))).status, 404);
    } finally {
      await server.close();
    }
  });

  test('after the run it lingers until the next scrape, no longer', async () => {
    const server = await serveMetrics({ host: '127.0.0.1', port: 0 }, () => '# EOF\n');
    const started = performance.now();
    const finished = server.finish(10_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal((await fetch(server.url)).status, 200, 'still serving while it lingers');
    await finished;
    assert.ok(performance.now() - started < 5000, 'it stopped at the scrape, not after the whole linger');
    await assert.rejects(fetch(server.url), 'closed');
  });

  test('lingers at most the time given, and not at all once the run was interrupted', async () => {
    const server = await serveMetrics({ host: '127.0.0.1', port: 0 }, () => '# EOF\n');
    const started = performance.now();
    await server.finish(200);
    const waited = performance.now() - started;
    assert.ok(waited >= 190 && waited < 2000, `waited ${waited} ms`);
    const interrupted = await serveMetrics({ host: '127.0.0.1', port: 0 }, () => '# EOF\n');
    const again = performance.now();
    await interrupted.finish(10_000, AbortSignal.abort());
    assert.ok(performance.now() - again < 1000);
  });

  test('a port in use, or a host that is not this machine: bad input naming it', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    try {
      await assert.rejects(
        serveMetrics({ host: '127.0.0.1', port }, () => ''),
        (error: unknown) => {
          assert.ok(error instanceof InputError);
          assert.equal(error.message, `--prometheus 127.0.0.1:${port}: port ${port} is in use; choose another port`);
          return true;
        },
      );
    } finally {
      taken.close();
    }
    await assert.rejects(
      serveMetrics({ host: '192.0.2.1', port: 0 }, () => ''),
      /--prometheus 192\.0\.2\.1:0: 192\.0\.2\.1 is not an address of this machine/,
    );
  });
});
