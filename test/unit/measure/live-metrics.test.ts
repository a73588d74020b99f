import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { answeredRequestIndex, unknownRequest } from '../../../src/measure/drivers/autocannon-request-index.js';
import type { LiveBatch } from '../../../src/measure/live/live-batch.js';
import { requestLabel } from '../../../src/measure/live/live-batch.js';
import { LiveMetrics } from '../../../src/measure/live/live-metrics.js';
import { LiveTally } from '../../../src/measure/live/live-tally.js';
import { durationBucketOf, fineBucketOf, fineQuantileMs } from '../../../src/measure/live/latency-buckets.js';
import { observeAll } from '../../../src/measure/live/live-observer.js';
import { fakeDrivers } from '../../../src/measure/drivers/fake.js';
import { observeBucketed } from '../../../src/measure/live/bucketed-observations.js';

const info = { topology: 'single', workload: 'api', model: 'open' as const, requests: ['login', 'GET /items'], warmupMs: 500, durationMs: 2000 };

/** A tally that never ticks by itself (a day between ticks): the test flushes it. */
function tallyInto(batches: LiveBatch[], levels: ConstructorParameters<typeof LiveTally>[1] = { inFlight: () => 3 }): LiveTally {
  return new LiveTally((batch) => batches.push(batch), levels, 86_400_000);
}

describe('LiveTally', () => {
  test('counts the measured phase per request and status, every phase for the terminal; a batch holds what came since the last', () => {
    const batches: LiveBatch[] = [];
    let late = 2;
    const tally = tallyInto(batches, { inFlight: () => 3, late: () => late, offeredRps: () => 500 });
    tally.answer(false, 0, 200, 1); // warm-up: the terminal's only
    tally.answer(true, 0, 200, 2);
    tally.answer(true, 0, 503, 120);
    tally.answer(true, 1, 200, 0.4);
    tally.fail(true, 1, 'timeout');
    tally.fail(true, 1, undefined);
    tally.flush();
    late = 5;
    tally.answer(true, 1, 200, 3000);
    tally.stop();
    const [first, second] = batches;
    assert.equal(batches.length, 2);
    assert.deepEqual(
      first?.measured.map(({ request, statuses, sumSeconds }) => ({ request, statuses, sumSeconds: Number(sumSeconds.toFixed(4)) })),
      [
        { request: 0, statuses: { '200': 1, '503': 1 }, sumSeconds: 0.122 },
        { request: 1, statuses: { '200': 1, timeout: 1, error: 1 }, sumSeconds: 0.0004 },
      ],
    );
    assert.deepEqual(first?.measured[0]?.buckets, [0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0], '2 ms in le=0.0025, 120 ms in le=0.15');
    assert.equal(first?.recent.answered, 4);
    assert.equal(first?.recent.failed, 2);
    assert.equal(
      first?.recent.fineLatency.reduce((sum, [, count]) => sum + count, 0),
      4,
    );
    assert.deepEqual([first?.late, first?.inFlight, first?.offeredRps], [2, 3, 500]);
    assert.deepEqual(second?.measured[0]?.buckets.at(-2), 0);
    assert.deepEqual([second?.late, second?.inFlight, second?.recent.answered], [3, 0, 1], 'late as a difference; nothing in flight once stopped');
  });
});

describe('latency buckets', () => {
  test('a bound is its own bucket (le): 1 ms in le=0.001, just above in le=0.0025, beyond 10 s in +Inf', () => {
    assert.equal(durationBucketOf(0.001), 1);
    assert.equal(durationBucketOf(0.0010001), 2);
    assert.equal(durationBucketOf(0), 0);
    assert.equal(durationBucketOf(11), 15);
  });

  test('fine buckets read back percentiles within 2.5%', () => {
    const counts = new Map<number, number>();
    for (let ms = 1; ms <= 100; ms += 1) counts.set(fineBucketOf(ms), (counts.get(fineBucketOf(ms)) ?? 0) + 1);
    const p50 = fineQuantileMs(counts, 50) ?? 0;
    const p99 = fineQuantileMs(counts, 99) ?? 0;
    assert.ok(Math.abs(p50 / 50 - 1) < 0.025, `p50 ${p50}`);
    assert.ok(Math.abs(p99 / 99 - 1) < 0.025, `p99 ${p99}`);
    assert.equal(fineQuantileMs(new Map(), 50), null);
  });
});

describe('LiveMetrics', () => {
  test('the whole exposition: counters and the histogram over the run, gauges of the running trial (generators added), processes by topology, role, pid', async () => {
    const metrics = new LiveMetrics();
    const trial = metrics.trial(info);
    const batch = (generator: number, statuses: Record<string, number>, buckets: number[], inFlight: number, sumSeconds = 0.125): LiveBatch => ({
      generator,
      measured: [{ request: 0, statuses, buckets, sumSeconds }],
      recent: { answered: 0, failed: 0, fineLatency: [] },
      late: 1,
      inFlight,
      offeredRps: 250,
    });
    const buckets = [0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0];
    trial.responses(batch(1, { '200': 2 }, buckets, 4));
    trial.responses(batch(2, { '200': 1, timeout: 1 }, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], 6, 12));
    trial.processes([{ t: 0, pid: 42, role: 'instance', cpu: 0.5, rssBytes: 50_000_000, fds: 30, connections: 10 }]);
    const running = await metrics.exposition();
    assert.equal(
      running,
      [
        '# HELP loadlab_requests Requests of the measured phases, by HTTP status or by why they got no answer (timeout, open-files, error).',
        '# TYPE loadlab_requests counter',
        'loadlab_requests_total{topology="single",workload="api",request="login",status="200"} 3',
        'loadlab_requests_total{topology="single",workload="api",request="login",status="timeout"} 1',
        '# HELP loadlab_request_duration_seconds Latency of the answered requests of the measured phases (open model: from the intended start).',
        '# TYPE loadlab_request_duration_seconds histogram',
        ...['0.0005', '0.001', '0.0025', '0.005', '0.01', '0.025', '0.05', '0.1', '0.15', '0.25', '0.5', '1', '2.5', '5', '10', '+Inf'].map(
          (le, index) =>
            `loadlab_request_duration_seconds_bucket{le="${le}",topology="single",workload="api",request="login"} ${index < 2 ? 0 : index < 8 ? 1 : index < 15 ? 2 : 3}`,
        ),
        'loadlab_request_duration_seconds_sum{topology="single",workload="api",request="login"} 12.125',
        'loadlab_request_duration_seconds_count{topology="single",workload="api",request="login"} 3',
        '# HELP loadlab_requests_in_flight Requests sent and not yet answered, in the trial running now.',
        '# TYPE loadlab_requests_in_flight gauge',
        'loadlab_requests_in_flight{topology="single",workload="api"} 10',
        '# HELP loadlab_requests_late Open model: requests of the measured phases that went out late, every connection being busy at their intended start.',
        '# TYPE loadlab_requests_late counter',
        'loadlab_requests_late_total{topology="single",workload="api"} 2',
        '# HELP loadlab_offered_requests_per_second Open model: the arrival rate offered now.',
        '# TYPE loadlab_offered_requests_per_second gauge',
        'loadlab_offered_requests_per_second{topology="single",workload="api"} 500',
        '# HELP loadlab_offered_connections Closed model: the connections driven now.',
        '# TYPE loadlab_offered_connections gauge',
        "# HELP loadlab_process_cpu_cores A server process's CPU at the last probe, in cores (1 = one core busy).",
        '# TYPE loadlab_process_cpu_cores gauge',
        'loadlab_process_cpu_cores{topology="single",role="instance",pid="42"} 0.5',
        "# HELP loadlab_process_resident_memory_bytes A server process's resident memory at the last probe.",
        '# TYPE loadlab_process_resident_memory_bytes gauge',
        'loadlab_process_resident_memory_bytes{topology="single",role="instance",pid="42"} 50000000',
        "# HELP loadlab_process_open_fds A server process's open file descriptors at the last probe.",
        '# TYPE loadlab_process_open_fds gauge',
        'loadlab_process_open_fds{topology="single",role="instance",pid="42"} 30',
        "# HELP loadlab_process_tcp_connections A server process's established TCP connections at the last probe.",
        '# TYPE loadlab_process_tcp_connections gauge',
        'loadlab_process_tcp_connections{topology="single",role="instance",pid="42"} 10',
        '# EOF',
        '',
      ].join('\n'),
    );
    trial.end();
    const ended = await metrics.exposition();
    assert.doesNotMatch(ended, /in_flight\{|offered_requests_per_second\{|loadlab_process_\w+\{/, "an ended trial's gauges leave the exposition");
    assert.match(ended, /^loadlab_requests_total\{topology="single",workload="api",request="login",status="200"\} 3$/m, 'counters stay');
    // the next repeat of the same trial adds to the same counters
    const again = metrics.trial(info);
    again.responses(batch(0, { '200': 5 }, buckets, 1));
    assert.match(await metrics.exposition(), /^loadlab_requests_total\{topology="single",workload="api",request="login",status="200"\} 8$/m);
  });

  test('a failure of an unknown request (autocannon does not say) is labelled request="unknown"', async () => {
    const metrics = new LiveMetrics();
    metrics.trial({ ...info, model: 'closed' }).responses({
      generator: 0,
      measured: [{ request: unknownRequest, statuses: { error: 1 }, buckets: new Array<number>(16).fill(0), sumSeconds: 0 }],
      recent: { answered: 0, failed: 1, fineLatency: [] },
      late: 0,
      inFlight: 1,
      connections: 1,
    });
    assert.match(await metrics.exposition(), /^loadlab_requests_total\{topology="single",workload="api",request="unknown",status="error"\} 1$/m);
    assert.match(await metrics.exposition(), /^loadlab_offered_connections\{topology="single",workload="api"\} 1$/m);
  });
});

describe('OpenMetrics text', () => {
  test('label values are escaped; the content type is OpenMetrics 1.0.0', async () => {
    const metrics = new LiveMetrics();
    metrics.trial({ ...info, requests: ['GET /a"b\\c\nd'] }).responses({
      generator: 0,
      measured: [{ request: 0, statuses: { '200': 1 }, buckets: new Array<number>(16).fill(0), sumSeconds: 0 }],
      recent: { answered: 1, failed: 0, fineLatency: [] },
      late: 0,
      inFlight: 0,
    });
    assert.match(await metrics.exposition(), /^loadlab_requests_total\{topology="single",workload="api",request="GET \/a\\"b\\\\c\\nd",status="200"\} 1$/m);
    assert.equal(metrics.contentType, 'application/openmetrics-text; version=1.0.0; charset=utf-8');
  });
});

describe('bucketed observations', () => {
  const observed = (buckets: number[], sumSeconds: number) => {
    const seconds: number[] = [];
    observeBucketed(buckets, sumSeconds, (value) => seconds.push(value));
    const counts = new Array<number>(16).fill(0);
    for (const value of seconds) (counts[durationBucketOf(value)] as number) += 1;
    return { counts, sum: seconds.reduce((total, value) => total + value, 0) };
  };

  test('each answer lands in its own bucket, and they add up to the sum', () => {
    const table: [buckets: number[], sumSeconds: number][] = [
      [[0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0], 0.125],
      [[0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0], 0.1525],
      [[0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0], 0.1011],
      [[3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2], 25.0009],
      [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], 12],
      [[120, 4000, 800, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 120 * 0.0004 + 4000 * 0.0007 + 800 * 0.0013 + 20 * 0.003],
    ];
    for (const [buckets, sumSeconds] of table) {
      const { counts, sum } = observed(buckets, sumSeconds);
      assert.deepEqual(counts, buckets);
      assert.ok(Math.abs(sum - sumSeconds) < 1e-9 * Math.max(1, sumSeconds), `sum ${sum}, want ${sumSeconds}`);
    }
  });

  test('a sum that cannot be split so (rounded at an edge) keeps the counts exact', () => {
    assert.deepEqual(observed([0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 0.001).counts, [0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    assert.deepEqual(observed([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1], 5).counts, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
  });
});

describe('request labels', () => {
  test("a request's name, else METHOD /path", () => {
    assert.equal(requestLabel({ method: 'POST', path: '/login', name: 'login' }), 'login');
    assert.equal(requestLabel({ method: 'GET', path: '/items?page=2' }), 'GET /items?page=2');
  });

  test("which request of the mix an autocannon answer was: the iterator's current one, less those still outstanding", () => {
    const client = (current: number, outstanding: number) => ({
      requestIterator: { currentRequestIndex: current },
      pipelinedRequests: { size: () => outstanding },
    });
    assert.equal(answeredRequestIndex(client(2, 0), 3), 2);
    assert.equal(answeredRequestIndex(client(0, 2), 3), 1, 'pipelined: two sent after it, wrapping round the mix');
    assert.equal(answeredRequestIndex({}, 3), unknownRequest);
    assert.equal(answeredRequestIndex(undefined, 1), 0);
  });
});

describe('observeAll', () => {
  test('none is undefined (drivers then count nothing); one is itself; several each get every call', async () => {
    assert.equal(observeAll([undefined]), undefined);
    const metrics = new LiveMetrics();
    assert.equal(observeAll([metrics, undefined]), metrics);
    const other = new LiveMetrics();
    const both = observeAll([metrics, other])?.trial(info);
    both?.responses({
      generator: 0,
      measured: [{ request: 0, statuses: { '200': 1 }, buckets: new Array<number>(16).fill(0), sumSeconds: 0 }],
      recent: { answered: 1, failed: 0, fineLatency: [] },
      late: 0,
      inFlight: 0,
    });
    for (const each of [metrics, other]) assert.match(await each.exposition(), /status="200"\} 1$/m);
  });
});

describe('the fake driver, live', () => {
  test('its one batch adds up to its recording: answers by request of the mix, failures as errors', async () => {
    const batches: LiveBatch[] = [];
    const recording = await fakeDrivers({ latencyMs: 10, errorRate: 0.1 }).open.record({
      url: 'http://127.0.0.1:1',
      requests: [
        { method: 'GET', path: '/a', headers: {} },
        { method: 'GET', path: '/b', headers: {} },
      ],
      load: { connections: 10, pipelining: 1, durationMs: 2000, warmupMs: 0, timeoutMs: 1000, rate: 100 },
      onLive: (batch) => batches.push(batch),
    });
    const metrics = new LiveMetrics();
    const trial = metrics.trial(info);
    for (const batch of batches) trial.responses(batch);
    const text = await metrics.exposition();
    const count = (status: string) =>
      [...text.matchAll(new RegExp(`^loadlab_requests_total\\{[^}]*status="${status}"\\} (\\d+)$`, 'gm'))].reduce((sum, match) => sum + Number(match[1]), 0);
    assert.equal(count('200'), recording.latency.count);
    assert.equal(count('error'), recording.counts.errors);
    assert.ok(recording.counts.errors > 0);
    assert.match(text, /request="login",status="200"\} \d+$/m);
    assert.match(text, /request="GET \/items",status="200"\} \d+$/m);
  });
});
