import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runClosedLoad } from '../../src/measure/drivers/closed-model.js';
import type { LoadProgress, LoadResult } from '../../src/measure/drivers/load-result.js';
import { runOpenLoad } from '../../src/measure/drivers/open/open-model.js';
import type { OpenLoadRequest } from '../../src/measure/drivers/open/open-load-request.js';
import { readFileSync } from 'node:fs';
import type { RunReport } from '../../src/contract/run-report.js';
import { findFreePort } from '../../src/deploy/free-port.js';
import { demoEntry, fixtureScenario, processesMentioning, repoRoot, runCli, tempDir } from '../helpers/cli.js';
import { startFixture, stopFixture, type Fixture } from '../helpers/fixture-server.js';
import { answered } from '../helpers/latency.js';

const hello = [{ method: 'GET', path: '/', headers: {} }];

function openLoad(
  url: string,
  settings: { rate: number; warmupMs: number; durationMs: number; connections: number; maxConnections?: number },
  extra: Partial<OpenLoadRequest> = {},
): Promise<LoadResult> {
  return runOpenLoad({ url, requests: hello, load: { pipelining: 1, timeoutMs: 10_000, ...settings }, ...extra });
}

/**
 * TCP sockets this process still holds: the driver must close every connection it opened. A
 * socket whose connect was cut short releases its handle a loop turn or two after the driver
 * destroyed it, so this waits up to 500 ms for them to go; a leaked socket never does.
 */
async function openSockets(): Promise<number> {
  const count = () => process.getActiveResourcesInfo().filter((kind) => kind === 'TCPSocketWrap').length;
  for (let waited = 0; waited < 500 && count() > 0; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
  return count();
}

describe('open model against a server with a fixed 50 ms answer', () => {
  test('200 req/s: intended-start p50 within 50–56 ms, achieved rate within 2% of 200, every socket closed', async () => {
    const fixture = await startFixture('fixed-delay.js', { FIXTURE_DELAY_MS: '50' });
    try {
      const progress: LoadProgress[] = [];
      const result = await openLoad(
        fixture.url,
        { rate: 200, warmupMs: 500, durationMs: 2000, connections: 20 },
        { onProgress: (point) => progress.push(point) },
      );
      const open = result.open;
      assert.ok(open);
      assert.deepEqual(
        progress.map((point) => point.phase),
        ['measured', 'measured'],
        'progress at 1 s and 2 s',
      );
      assert.ok(
        progress.every((point) => point.totalMs === 2500 && Math.abs(point.recentRps - 200) <= 20),
        JSON.stringify(progress),
      );
      assert.ok(answered(result.latencyMs).p50 >= 50 && answered(result.latencyMs).p50 <= 56, `p50 ${answered(result.latencyMs).p50} ms`);
      assert.ok(Math.abs(open.achievedRps - 200) <= 4, `achieved ${open.achievedRps} req/s`);
      assert.equal(open.targetRps, 200);
      assert.equal(result.requests.targetRps, 200);
      assert.equal(open.dropped, 0);
      assert.equal(result.requests.dropped, 0);
      assert.equal(result.requests.total, 400, 'every request of the measured phase answered, the slowest included');
      assert.equal(result.requests.errors, 0);
      assert.equal(result.requests.statusCodes['200'], 400);
      assert.ok(result.requests.bytes > 400 * 60, `bytes ${result.requests.bytes}: headers and body`);
      // service time is a part of the latency from the intended start; here, nearly all of it
      assert.ok(
        answered(open.serviceLatencyMs).p50 <= answered(result.latencyMs).p50 && answered(open.serviceLatencyMs).p50 >= 50,
        `service p50 ${answered(open.serviceLatencyMs).p50} ms`,
      );
      // ~10 requests in flight (200/s × 50 ms): far below the 20 allowed
      assert.ok(open.maxConnectionsUsed >= 10 && open.maxConnectionsUsed <= 20, `connections ${open.maxConnectionsUsed}`);
      const little = 200 * (answered(result.latencyMs).mean / 1000);
      assert.ok(Math.abs(open.meanInFlight - little) / little < 0.05, `in flight ${open.meanInFlight}, rate × mean latency ${little}`);
      assert.equal(result.phases.warmup.endedAt, result.phases.measured.startedAt);
      assert.equal(result.phases.warmup.durationMs, 500);
      assert.equal(result.phases.measured.durationMs, 2000);
      assert.equal(result.series.length, 2);
      assert.deepEqual(
        result.series.map((point) => point.rps),
        [200, 200],
        'each second holds the requests that arrived in it',
      );
      assert.equal(result.interrupted, false);
      assert.equal(await openSockets(), 0);
    } finally {
      stopFixture(fixture);
    }
  });

  test('dropped: 200 req/s where 2 connections × 50 ms serve 40 req/s; the backlog waits, what is left at the end is dropped', async () => {
    const fixture = await startFixture('fixed-delay.js', { FIXTURE_DELAY_MS: '50' });
    try {
      const result = await openLoad(fixture.url, { rate: 200, warmupMs: 0, durationMs: 2500, connections: 2 });
      const open = result.open;
      assert.ok(open);
      assert.equal(open.maxConnectionsUsed, 2);
      assert.ok(open.achievedRps > 30 && open.achievedRps <= 44, `achieved ${open.achievedRps} req/s of 200`);
      // every request of the measured phase is accounted for: answered, failed, or dropped
      assert.equal(result.requests.total + result.requests.errors + open.dropped, 500);
      assert.ok(open.dropped > 350, `dropped ${open.dropped}`);
      assert.ok(open.delayed > 0 && open.delayed <= result.requests.total, `delayed ${open.delayed}`);
      // the requests that were sent waited longer and longer for a connection: request i goes out ~25 ms × i late
      assert.ok(answered(result.latencyMs).p99 > 1000, `latency p99 ${answered(result.latencyMs).p99} ms`);
      // while each one's service time stays near the server's 50 ms (the margin is for a busy machine)
      assert.ok(
        answered(open.serviceLatencyMs).p50 < 60 && answered(open.serviceLatencyMs).p99 < 100,
        `service p50 ${answered(open.serviceLatencyMs).p50} ms, p99 ${answered(open.serviceLatencyMs).p99} ms`,
      );
      assert.equal(await openSockets(), 0);
    } finally {
      stopFixture(fixture);
    }
  });

  test('an abort ends the load early, marked interrupted, with every socket closed', async () => {
    const fixture = await startFixture('fixed-delay.js', { FIXTURE_DELAY_MS: '50' });
    try {
      const abort = new AbortController();
      const begun = performance.now();
      setTimeout(() => abort.abort(), 1000);
      const result = await openLoad(fixture.url, { rate: 200, warmupMs: 500, durationMs: 5000, connections: 20 }, { signal: abort.signal });
      assert.ok(performance.now() - begun < 1500, 'stopped at once, without waiting for the answers in flight');
      assert.equal(result.interrupted, true);
      assert.ok(Math.abs(result.phases.measured.durationMs - 500) < 50, `measured ${result.phases.measured.durationMs} ms`);
      assert.ok(result.requests.total > 80 && result.requests.total <= 100, `total ${result.requests.total}`);
      assert.equal(result.requests.errors, 0, 'requests cut off by the abort are not errors');
      assert.equal(await openSockets(), 0);
    } finally {
      stopFixture(fixture);
    }
  });
});

describe('failures', () => {
  test('answers slower than timeoutMs: timeouts, counted as errors, and the run does not wait for the server', async () => {
    const fixture = await startFixture('fixed-delay.js', { FIXTURE_DELAY_MS: '2000' });
    try {
      const begun = performance.now();
      const result = await runOpenLoad({
        url: fixture.url,
        requests: hello,
        load: { rate: 20, warmupMs: 0, durationMs: 1000, connections: 30, pipelining: 1, timeoutMs: 300 },
      });
      // waiting for the server would take ≥ 950 + 2000 ms: the last request goes out at 950 ms
      assert.ok(performance.now() - begun < 2500, `took ${performance.now() - begun} ms`);
      assert.equal(result.requests.total, 0);
      assert.equal(result.requests.errors, 20);
      assert.equal(result.requests.timeouts, 20);
      assert.equal(result.series[0]?.errors, 20);
      assert.equal(await openSockets(), 0);
    } finally {
      stopFixture(fixture);
    }
  });

  test('nothing listening: every request is an error, none is lost, and the run still ends on time', async () => {
    const url = `http://127.0.0.1:${await findFreePort()}`;
    const result = await runOpenLoad({
      url,
      requests: hello,
      load: { rate: 500, warmupMs: 0, durationMs: 1000, connections: 5, pipelining: 1, timeoutMs: 1000 },
    });
    assert.equal(result.requests.errors + (result.open?.dropped ?? 0), 500);
    assert.equal(result.requests.total, 0);
    assert.equal(await openSockets(), 0);
  });
});

describe('pacing', () => {
  test('1,000 req/s: every 100 ms window of the measured phase holds 100 ± 10% sends', async () => {
    const fixture = await startFixture('fixed-delay.js', { FIXTURE_DELAY_MS: '0' });
    try {
      const sends: { intendedMs: number; sentMs: number }[] = [];
      const result = await openLoad(
        fixture.url,
        { rate: 1000, warmupMs: 500, durationMs: 2000, connections: 50 },
        { onSend: (intendedMs, sentMs) => sends.push({ intendedMs, sentMs }) },
      );
      // request 500 is the first of the measured phase, intended exactly at its start
      const measuredStart = sends[500]?.intendedMs ?? Number.NaN;
      const windows = Array.from(
        { length: 20 },
        (_, index) => sends.filter(({ sentMs }) => sentMs >= measuredStart + index * 100 && sentMs < measuredStart + (index + 1) * 100).length,
      );
      // A window short because loadlab's thread was stopped (a GC pause, the host) is made up at
      // once in the next: one such pair may hold 200 ± 10% between them (seen: 88 then 115, after
      // a 12 ms stop). A pacer that falls behind, or sends in bursts, leaves more windows out.
      const off = windows.flatMap((count, index) => (count >= 90 && count <= 110 ? [] : [index]));
      const [short, long] = off;
      const oneStopMadeUp =
        off.length === 2 &&
        short !== undefined &&
        long === short + 1 &&
        (windows[short] ?? 0) < 90 &&
        (windows[short] ?? 0) + (windows[long] ?? 0) >= 190 &&
        (windows[short] ?? 0) + (windows[long] ?? 0) <= 210;
      assert.ok(off.length === 0 || oneStopMadeUp, `sends per 100 ms: ${windows.join(' ')}`);
      assert.equal(sends.length, 2500);
      assert.ok(
        sends.every(({ intendedMs, sentMs }) => sentMs >= intendedMs),
        'never sent before its time',
      );
      assert.equal(result.open?.dropped, 0);
    } finally {
      stopFixture(fixture);
    }
  });
});

describe('never more sent than scheduled', () => {
  test("a server that holds its first answers past the warm-up: the warm-up's backlog, sent late, is not counted as the measured phase's", async () => {
    // the answers are held for 700 ms from the first request: the warm-up (500 ms) ends while
    // its requests wait for a connection, and they go out after it, inside the measured phase
    const fixture = await startFixture('hold-first.js', { FIXTURE_HOLD_MS: '700' });
    try {
      const sends: { intendedMs: number; sentMs: number }[] = [];
      const result = await openLoad(
        fixture.url,
        { rate: 200, warmupMs: 500, durationMs: 1000, connections: 20 },
        { onSend: (intendedMs, sentMs) => sends.push({ intendedMs, sentMs }) },
      );
      const open = result.open;
      assert.ok(open);
      // request 100 is the first of the measured phase, intended exactly at its start
      const measuredStart = sends[100]?.intendedMs ?? Number.NaN;
      const lateWarmup = sends.filter(({ intendedMs, sentMs }) => intendedMs < measuredStart && sentMs >= measuredStart).length;
      assert.ok(lateWarmup > 20, `${lateWarmup} warm-up requests went out in the measured phase: the case this test is about`);
      assert.ok(open.achievedRps <= 200, `sent ${open.achievedRps} req/s of 200 scheduled`);
      assert.equal(open.achievedRps * 1 + open.dropped, 200, 'every request of the measured phase sent or dropped, none twice');
      assert.equal(result.requests.sentRps, open.achievedRps);
    } finally {
      stopFixture(fixture);
    }
  });

  test('50,000 req/s on 10 connections, more than this machine can send: what was sent, dropped and answered adds up to the schedule', async () => {
    const fixture = await startFixture('fixed-delay.js', { FIXTURE_DELAY_MS: '0' });
    try {
      const result = await openLoad(fixture.url, { rate: 50_000, warmupMs: 0, durationMs: 1000, connections: 10 });
      const open = result.open;
      assert.ok(open);
      const sent = open.achievedRps * 1;
      assert.ok(open.dropped > 0, 'the machine could not keep up');
      assert.ok(sent > 0 && sent < 50_000, `sent ${sent}`);
      assert.equal(sent + open.dropped, 50_000);
      assert.equal(result.requests.total + result.requests.errors, sent, 'every request sent was answered or failed');
      assert.ok(open.delayed <= sent);
      assert.equal(await openSockets(), 0);
    } finally {
      stopFixture(fixture);
    }
  });
});

describe('a server whose event loop stalls for 1 s every 3 s', () => {
  // The server stalls from 2 s to 3 s, from 5 s to 6 s, … after it starts listening. The open
  // run (0.5 s warm-up + 3.5 s) holds the first stall and a second to recover from it; the closed
  // run right after it (3.5 s) holds the second.
  let fixture: Fixture | undefined;
  let open: LoadResult | undefined;
  before(async () => {
    fixture = await startFixture('event-loop-stall.js', { FIXTURE_STALL_MS: '1000', FIXTURE_STALL_EVERY_MS: '3000', FIXTURE_STALL_FIRST_MS: '2000' });
  });
  after(() => stopFixture(fixture));

  test('open model, 100 req/s, 10 connections: intended-start latency shows the stall, service time mostly not', async () => {
    assert.ok(fixture);
    open = await openLoad(fixture.url, { rate: 100, warmupMs: 500, durationMs: 3500, connections: 10 });
    const figures = open.open;
    assert.ok(figures);
    // ~100 users arrive during the stall and wait for its end: up to 1 s, about a third of all
    assert.ok(answered(open.latencyMs).p99 >= 500, `intended-start p99 ${answered(open.latencyMs).p99} ms`);
    assert.ok(answered(open.latencyMs).p90 >= 300, `intended-start p90 ${answered(open.latencyMs).p90} ms`);
    // Only the 10 requests already on the 10 connections when the stall began are slow to
    // serve; the other ~90 waited for a connection, not for the server. 10 of ~350 is 3%:
    // enough to set service p99 (those 10 are the slowest by either clock, so the two p99s meet),
    // not p90.
    assert.ok(answered(figures.serviceLatencyMs).p99 <= answered(open.latencyMs).p99, `service p99 ${answered(figures.serviceLatencyMs).p99} ms`);
    assert.ok(answered(figures.serviceLatencyMs).p90 < 50, `service p90 ${answered(figures.serviceLatencyMs).p90} ms`);
    assert.ok(
      answered(figures.serviceLatencyMs).mean < answered(open.latencyMs).mean / 2,
      `service mean ${answered(figures.serviceLatencyMs).mean} ms, intended-start mean ${answered(open.latencyMs).mean} ms`,
    );
    assert.ok(figures.delayed >= 50, `delayed ${figures.delayed}: requests that waited for a free connection`);
    assert.equal(figures.dropped, 0, 'the stall ended before the phase: every waiting request went out');
    assert.equal(figures.maxConnectionsUsed, 10);
  });

  test('closed model, 10 connections: a far lower p99 — it hides the stall (coordinated omission)', async () => {
    assert.ok(fixture && open);
    const closed = await runClosedLoad({
      url: fixture.url,
      requests: hello,
      load: { connections: 10, pipelining: 1, warmupMs: 0, durationMs: 3500, timeoutMs: 10_000 },
    });
    // It saw the stall (its slowest request waited through it), but while the server stalls
    // the 10 connections only wait: 10 slow samples among thousands of fast ones, < 1%.
    assert.ok(answered(closed.latencyMs).max >= 500, `closed max ${answered(closed.latencyMs).max} ms: the stall was in the run`);
    assert.ok(closed.requests.total > 2000, `closed total ${closed.requests.total}`);
    assert.ok(
      answered(closed.latencyMs).p99 < answered(open.latencyMs).p99 / 10,
      `closed p99 ${answered(closed.latencyMs).p99} ms, open intended-start p99 ${answered(open.latencyMs).p99} ms`,
    );
  });
});

describe('the stall in the reports, in plain words', () => {
  test('closed: the event-loop verdict says the p99 hides the stall; open: the report says users queued', async () => {
    const out = tempDir();
    const result = await runCli(['run', fixtureScenario('stall.ts'), '--format', 'json,md', '--out', out]);
    // the open model's users waited through the stall: the SLO failed there, and the run says so
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /^gate: failed \(verdict\): single on open: slo-p99: /m);
    const file = (extension: string) => result.stderr.match(new RegExp(`report written to (.+\\.${extension})`))?.[1];
    const report = JSON.parse(readFileSync(file('json') ?? '', 'utf8')) as RunReport;
    const trialOf = (workload: string) => report.trials.find((trial) => trial.workload === workload);
    const closed = trialOf('closed');
    const open = trialOf('open');
    assert.ok(closed && open);
    const loop = closed.verdicts.find((verdict) => verdict.id === 'event-loop');
    assert.ok((loop?.value ?? 0) >= 500, `the agent saw the stall: ${JSON.stringify(loop)}`);
    assert.ok(answered(closed.latencyMs).p99 < 100, `closed p99 ${answered(closed.latencyMs).p99} ms`);
    assert.match(
      loop?.message ?? '',
      /this closed-model run's p99 of .* hides that: .* \(coordinated omission\) — set a rate \(open model\) to see what they wait$/,
    );
    assert.ok(answered(open.latencyMs).p99 >= 500, `open intended-start p99 ${answered(open.latencyMs).p99} ms`);
    // ~100 users arrive during a stall and find the 10 connections held: they go out late, counted
    assert.ok((open.requests.delayed ?? 0) >= 50, `delayed ${open.requests.delayed}`);
    const markdown = readFileSync(file('md') ?? '', 'utf8');
    assert.match(markdown, /\d+ sent late \(no free connection\)/);
    assert.match(
      markdown,
      /requests queued: users waited [\d.]+× the service time at p(50|90|99) \(.+\) — a closed-model run \(connections\) would not show this wait; it hides stalls \(coordinated omission\)/,
    );
    assert.match(markdown, /hides that: /);
    assert.deepEqual(processesMentioning('event-loop-stall.js'), []);
  });
});

describe('the same stall with fewer connections than the stall holds back', () => {
  // With 10 connections, the 10 requests on them when the stall begins are 3% of the phase and
  // the slowest by both clocks, so the two p99s meet. With 2 connections, only 2 are (< 1%):
  // the ~98 users who arrived during the stall waited for a connection, and only the
  // intended-start clock shows it.
  test('open model, 100 req/s, 2 connections: service-time p99 far below intended-start p99', async () => {
    const fixture = await startFixture('event-loop-stall.js', { FIXTURE_STALL_MS: '1000', FIXTURE_STALL_EVERY_MS: '3000', FIXTURE_STALL_FIRST_MS: '2000' });
    try {
      const result = await openLoad(fixture.url, { rate: 100, warmupMs: 500, durationMs: 3500, connections: 2 });
      const figures = result.open;
      assert.ok(figures);
      assert.ok(answered(result.latencyMs).p99 >= 500, `intended-start p99 ${answered(result.latencyMs).p99} ms`);
      assert.ok(
        answered(figures.serviceLatencyMs).max >= 500,
        `service max ${answered(figures.serviceLatencyMs).max} ms: the requests on the connections were held too`,
      );
      assert.ok(
        answered(figures.serviceLatencyMs).p99 < answered(result.latencyMs).p99 / 5,
        `service p99 ${answered(figures.serviceLatencyMs).p99} ms, intended-start p99 ${answered(result.latencyMs).p99} ms`,
      );
      assert.ok(figures.delayed >= 80, `delayed ${figures.delayed}`);
      assert.equal(figures.maxConnectionsUsed, 2);
    } finally {
      stopFixture(fixture);
    }
  });
});

describe('open model: no storm of connections', () => {
  test("2,000 req/s at the demo app's /io in the cluster topology opens about what Little's law needs", async () => {
    const { ProcessOwner } = await import('../../src/deploy/processes.js');
    const { cluster } = await import('../../src/deploy/topologies/cluster.js');
    const owner = new ProcessOwner();
    try {
      const app = { entry: demoEntry, args: [], env: {}, readiness: '/health', startTimeoutMs: 10_000, runtime: 'node' as const, cwd: repoRoot };
      const deployment = await cluster.start({ name: 'cluster', kind: 'cluster', instances: 2, runtime: 'node', schedulingPolicy: 'rr' }, app, {
        owner,
        signal: new AbortController().signal,
        probeEnv: {},
      });
      const io = { url: deployment.url, requests: [{ method: 'GET', path: '/io', headers: {} }] };
      // A fresh cluster answers slowly while its JIT compiles, and the connections opened meanwhile
      // count (88–212 here, against 55–89 warm): what is tested is the driver on a warm server.
      // The cap on connections being opened at once, which stops a storm, has its unit test.
      await runOpenLoad({
        ...io,
        load: { pipelining: 1, timeoutMs: 10_000, rate: 1000, warmupMs: 0, durationMs: 1000, connections: 10, maxConnections: 4000 },
      });
      const result = await runOpenLoad({
        ...io,
        load: { pipelining: 1, timeoutMs: 10_000, rate: 2000, warmupMs: 500, durationMs: 1500, connections: 10, maxConnections: 4000 },
      });
      const open = result.open;
      assert.ok(open);
      // rate × mean latency requests are in flight at once: about 2,000 × 0.02 s = 40 connections
      const needed = 2000 * (answered(result.latencyMs).mean / 1000);
      assert.ok(
        open.maxConnectionsUsed <= Math.max(4 * needed, 200),
        `opened ${open.maxConnectionsUsed} connections where about ${needed.toFixed(0)} were in use`,
      );
    } finally {
      await owner.stopAll();
    }
  });
});
