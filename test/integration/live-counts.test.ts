import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { recordClosedLoad } from '../../src/measure/drivers/closed-model.js';
import type { LoadRequest } from '../../src/measure/drivers/driver.js';
import { generatorPool } from '../../src/measure/drivers/generators/generator-pool.js';
import { recordOpenLoad } from '../../src/measure/drivers/open/open-model.js';
import type { LiveBatch } from '../../src/measure/live/live-batch.js';
import { LiveMetrics } from '../../src/measure/live/live-metrics.js';
import type { LoadRecording } from '../../src/measure/recording/load-recording.js';

// /a answers 200, /b 503: each request of the mix has a status of its own, so a count under the wrong request shows.
// Exact counts, not rates: a busy machine sends fewer, and the counts must add up all the same.
let server: Server;
let url = '';
before(async () => {
  server = createServer((request, response) => response.writeHead(request.url === '/a' ? 200 : 503).end('x'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.close());

const mix = [
  { method: 'GET', path: '/a', headers: {} },
  { method: 'GET', path: '/b', headers: {} },
];
const load = { connections: 4, pipelining: 1, durationMs: 1000, warmupMs: 300, timeoutMs: 5000 };

/** Measured counts the live batches gave, as `request index: status → count`, and the answers' histogram count. */
function liveTotals(batches: readonly LiveBatch[]): { byRequest: Record<string, Record<string, number>>; histogramCount: number } {
  const byRequest: Record<string, Record<string, number>> = {};
  let histogramCount = 0;
  for (const counts of batches.flatMap((batch) => batch.measured)) {
    const statuses = (byRequest[counts.request] ??= {});
    for (const [status, count] of Object.entries(counts.statuses)) statuses[status] = (statuses[status] ?? 0) + count;
    histogramCount += counts.buckets.reduce((sum, count) => sum + count, 0);
  }
  return { byRequest, histogramCount };
}

async function recordWithLive(record: (request: LoadRequest) => Promise<LoadRecording>, request: Omit<LoadRequest, 'url' | 'requests'>) {
  const batches: LiveBatch[] = [];
  const recording = await record({ url, requests: mix, ...request, onLive: (batch) => batches.push(batch) });
  return { recording, ...liveTotals(batches), batches };
}

describe('live counts add up to the recording, each under its own request of the mix', () => {
  test('closed model, pipelining 2: every 200 under /a, every 503 under /b', async () => {
    const { recording, byRequest, histogramCount, batches } = await recordWithLive(recordClosedLoad, { load: { ...load, pipelining: 2 } });
    const { statusCodes } = recording.counts;
    assert.ok((statusCodes['200'] ?? 0) > 10, JSON.stringify(statusCodes));
    assert.deepEqual(byRequest, { 0: { '200': statusCodes['200'] }, 1: { '503': statusCodes['503'] } });
    assert.equal(histogramCount, recording.latency.count);
    assert.equal(batches.at(-1)?.inFlight, 0, 'the last batch: the load is over');
    assert.ok(
      batches.some((batch) => batch.inFlight === 8 && batch.connections === 4),
      'in flight while it ran: connections × pipelining',
    );
  });

  test('open model: the same, by each request of the timetable', async () => {
    const { recording, byRequest, histogramCount } = await recordWithLive((request) => recordOpenLoad({ ...request, load: { ...load, rate: 400 } }), {
      load: { ...load, rate: 400 },
    });
    const { statusCodes } = recording.counts;
    assert.ok((statusCodes['200'] ?? 0) > 10, JSON.stringify(statusCodes));
    assert.deepEqual(byRequest, { 0: { '200': statusCodes['200'] }, 1: { '503': statusCodes['503'] } });
    assert.equal(histogramCount, recording.latency.count);
  });

  test('open model in 2 generator threads: their batches, marked 1 and 2, add up to the merged recording', async () => {
    const { recording, byRequest, batches } = await recordWithLive((request) => generatorPool('open', 2).record(request), { load: { ...load, rate: 400 } });
    const { statusCodes } = recording.counts;
    assert.deepEqual(byRequest, { 0: { '200': statusCodes['200'] }, 1: { '503': statusCodes['503'] } });
    assert.deepEqual(new Set(batches.map((batch) => batch.generator)), new Set([1, 2]));
    assert.equal(batches.reduce((sum, batch) => sum + (batch.offeredRps ?? 0), 0) / batches.length, 200, 'each thread offers its half of the rate');
  });

  test("closed model in 2 generator threads, through the Prometheus registry: loadlab_requests_total is both threads' answers", async () => {
    const metrics = new LiveMetrics();
    const trial = metrics.trial({
      topology: 'single',
      workload: 'mix',
      model: 'closed',
      requests: ['a', 'b'],
      warmupMs: load.warmupMs,
      durationMs: load.durationMs,
    });
    const batches: LiveBatch[] = [];
    const recording = await generatorPool('closed', 2).record({
      url,
      requests: mix,
      load,
      onLive: (batch) => {
        batches.push(batch);
        trial.responses(batch);
      },
    });
    const exposition = await metrics.exposition();
    const counted = (request: string, status: string) =>
      Number(
        new RegExp(`^loadlab_requests_total\\{topology="single",workload="mix",request="${request}",status="${status}"\\} (\\d+)$`, 'm').exec(exposition)?.[1],
      );
    const { statusCodes } = recording.counts;
    assert.equal(recording.generators.length, 2);
    assert.ok((statusCodes['200'] ?? 0) > 10, JSON.stringify(statusCodes));
    assert.deepEqual([counted('a', '200'), counted('b', '503')], [statusCodes['200'], statusCodes['503']]);
    const perThread = [1, 2].map((generator) =>
      batches
        .filter((batch) => batch.generator === generator)
        .reduce((sum, batch) => sum + batch.measured.reduce((all, counts) => all + (counts.statuses['200'] ?? 0), 0), 0),
    );
    assert.ok(
      perThread.every((count) => count > 0),
      `each thread's answers counted: ${perThread.join(', ')}`,
    );
    // each thread drove its share of the 4 connections (the gauge adds them up: unit test)
    assert.ok(batches.some((batch) => batch.generator === 2 && batch.connections === 2));
    trial.end();
  });
});
