import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { findFreePort } from '../../../src/deploy/free-port.js';
import { sampleResponses } from '../../../src/measure/response-sample.js';

/** A server that gzips /text when asked, answers /br with 'BR' as its encoding, and records what it received. */
function startServer(): Promise<{ server: Server; url: string; received: { method: string; url: string; accept: string; body: string }[] }> {
  const received: { method: string; url: string; accept: string; body: string }[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    let body = '';
    request.setEncoding('utf8').on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => {
      received.push({ method: request.method ?? '', url: request.url ?? '', accept: request.headers['accept-encoding'] ?? '', body });
      if (request.url === '/br') {
        response.writeHead(200, { 'content-encoding': ' BR ' }).end('x');
      } else if (request.url === '/text' && request.headers['accept-encoding']?.includes('gzip')) {
        response.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync('hello '.repeat(100)));
      } else if (request.url === '/big') {
        response.writeHead(200).end(Buffer.alloc(1024 * 1024, 'a'));
      } else {
        response.writeHead(request.url === '/missing' ? 404 : 200).end('hello');
      }
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received }));
  });
}

describe('response sample', () => {
  let fixture: Awaited<ReturnType<typeof startServer>> | undefined;
  before(async () => {
    fixture = await startServer();
  });
  after(() => fixture?.server.close());

  test('a long request mix: its first 10 requests only', async () => {
    assert.ok(fixture);
    fixture.received.length = 0;
    const requests = Array.from({ length: 25 }, (_, index) => ({ method: 'GET', path: `/item?id=${index}`, headers: {} }));
    const sample = await sampleResponses({ url: fixture.url, timeoutMs: 2000, requests });
    assert.deepEqual(
      sample.map((entry) => entry.path),
      requests.slice(0, 10).map((spec) => spec.path),
    );
    assert.equal(fixture.received.length, 10);
  });

  test('each request once, in order, as the load sends it; the encoding as answered, absent = identity', async () => {
    assert.ok(fixture);
    fixture.received.length = 0;
    const sample = await sampleResponses({
      url: fixture.url,
      timeoutMs: 2000,
      requests: [
        { method: 'GET', path: '/text', headers: { 'accept-encoding': 'gzip' } },
        { method: 'GET', path: '/text', headers: {} },
        { method: 'POST', path: '/missing?x=1', headers: { 'content-type': 'text/plain' }, body: 'payload' },
        { method: 'GET', path: '/br', headers: {} },
        { method: 'GET', path: '/big', headers: {} },
      ],
    });
    assert.deepEqual(sample, [
      { method: 'GET', path: '/text', contentEncoding: 'gzip' },
      { method: 'GET', path: '/text', contentEncoding: 'identity' },
      { method: 'POST', path: '/missing?x=1', contentEncoding: 'identity' },
      { method: 'GET', path: '/br', contentEncoding: 'br' },
      { method: 'GET', path: '/big', contentEncoding: 'identity' },
    ]);
    assert.deepEqual(
      fixture.received.map(({ method, url, accept, body }) => `${method} ${url} [${accept}] ${body}`),
      ['GET /text [gzip] ', 'GET /text [] ', 'POST /missing?x=1 [] payload', 'GET /br [] ', 'GET /big [] '],
    );
  });

  test('the connection is closed when it returns: nothing held during the load', async () => {
    assert.ok(fixture);
    await sampleResponses({ url: fixture.url, timeoutMs: 2000, requests: [{ method: 'GET', path: '/text', headers: {} }] });
    const server = fixture.server;
    // the server sees the close a moment later
    const deadline = Date.now() + 2000;
    let open = -1;
    while (Date.now() < deadline) {
      open = await new Promise<number>((resolve, reject) => server.getConnections((error, count) => (error ? reject(error) : resolve(count))));
      if (open === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.equal(open, 0);
  });

  test('a request that fails is unknown (null) with the reason, never a throw', async () => {
    const port = await findFreePort();
    const sample = await sampleResponses({ url: `http://127.0.0.1:${port}`, timeoutMs: 2000, requests: [{ method: 'GET', path: '/', headers: {} }] });
    assert.equal(sample.length, 1);
    assert.equal(sample[0]?.contentEncoding, null);
    assert.match(sample[0]?.error ?? '', /ECONNREFUSED/);
  });

  test('a server that does not answer in time: unknown, after the timeout', async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const started = Date.now();
      const sample = await sampleResponses({
        url: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`,
        timeoutMs: 300,
        requests: [{ method: 'GET', path: '/', headers: {} }],
      });
      assert.equal(sample[0]?.contentEncoding, null);
      assert.match(sample[0]?.error ?? '', /aborted due to timeout/);
      assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  test('an answer whose body trickles forever: its encoding, within the deadline', async () => {
    const trickle = createServer((_request, response) => {
      response.writeHead(200, { 'content-encoding': 'gzip' });
      const timer = setInterval(() => response.write('x'), 50);
      response.on('close', () => clearInterval(timer));
    });
    await new Promise<void>((resolve) => trickle.listen(0, '127.0.0.1', resolve));
    try {
      const started = Date.now();
      const sample = await sampleResponses({
        url: `http://127.0.0.1:${(trickle.address() as AddressInfo).port}`,
        timeoutMs: 300,
        requests: [{ method: 'GET', path: '/stream', headers: {} }],
      });
      assert.deepEqual(sample, [{ method: 'GET', path: '/stream', contentEncoding: 'gzip' }]);
      assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
    } finally {
      trickle.closeAllConnections();
      trickle.close();
    }
  });

  test('aborted before it starts: unknown, nothing sent', async () => {
    assert.ok(fixture);
    fixture.received.length = 0;
    const controller = new AbortController();
    controller.abort();
    const sample = await sampleResponses({
      url: fixture.url,
      timeoutMs: 2000,
      signal: controller.signal,
      requests: [{ method: 'GET', path: '/text', headers: {} }],
    });
    assert.deepEqual(sample, [{ method: 'GET', path: '/text', contentEncoding: null, error: 'aborted' }]);
    assert.equal(fixture.received.length, 0);
  });
});
