import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import type { RunReport } from '../../src/contract/run-report.js';
import { assertJudged, type CliResult, fixtureScenario, processesMentioning, repoRoot, runCli, startCli, tempDir } from '../helpers/cli.js';

// The hostile catalogue of issue 12: each case ends in a clear message, the documented exit
// code, and nothing left behind (no process of the fixture, no loadlab-* folder).

const server = (name: string) => `${repoRoot}/test/fixtures/servers/${name}.js`;
const mib = 2 ** 20;

interface HostileRun {
  result: CliResult;
  /** loadlab's peak resident memory (VmHWM), read until it exited, in bytes. */
  peakRssBytes: number;
  /** loadlab-* folders left in the run's own temporary folder. */
  leftFolders: string[];
}

/** `loadlab run` of the hostile scenario with a fixture app, in a temporary folder of its own. */
async function runHostile(app: string, args: string[] = []): Promise<HostileRun> {
  const temporary = tempDir('hostile-tmp-');
  const child = startCli(['run', fixtureScenario('hostile.ts'), '--json', '--out', tempDir(), ...args], { env: { HOSTILE_APP: app, TMPDIR: temporary } });
  let peakRssBytes = 0;
  const sampler = setInterval(() => {
    try {
      const kib = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]);
      if (kib > 0) peakRssBytes = kib * 1024;
    } catch {
      // exited
    }
  }, 100);
  const result = await child.result;
  clearInterval(sampler);
  return { result, peakRssBytes, leftFolders: readdirSync(temporary).filter((name) => name.startsWith('loadlab-')) };
}

function judgedReport(run: HostileRun): RunReport {
  const report = JSON.parse(run.result.stdout) as RunReport;
  assertJudged(run.result, report);
  return report;
}

function assertNothingLeft(run: HostileRun, app: string): void {
  assert.deepEqual(processesMentioning(server(app)), []);
  assert.deepEqual(run.leftFolders, []);
}

/** Exit 2, one line on stderr matching `expected`, no stack trace, nothing started. */
async function expectOneLineError(args: string[], expected: RegExp): Promise<void> {
  const result = await runCli(args);
  assert.equal(result.code, 2, result.stderr);
  assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  assert.match(result.stderr, expected);
  assert.doesNotMatch(result.stderr, /^\s+at /m, 'no stack trace');
  assert.doesNotMatch(result.stderr, /starting/, 'nothing was started');
}

describe('hostile apps', () => {
  test('an app that ignores SIGTERM: killed with SIGKILL after the 3 s grace, and the run says so', async () => {
    const run = await runHostile('ignores-sigterm');
    const report = judgedReport(run);
    assert.ok((report.trials[0]?.requests.total ?? 0) > 0);
    assert.match(run.result.stderr, /^single: still running 3 s after SIGTERM, killed with SIGKILL \(pid \d+\)$/m);
    assertNothingLeft(run, 'ignores-sigterm');
  });

  test('an app that accepts and never answers: no latency (null, shown as —), and a latency threshold cannot pass', async () => {
    const junit = join(tempDir(), 'junit.xml');
    const run = await runHostile('answers-once', ['--threshold', 'p99 < 150ms', '--junit', junit]);
    const report = judgedReport(run);
    const [trial] = report.trials;
    assert.ok(trial, run.result.stderr);
    assert.equal(trial.requests.total, 0);
    assert.equal(trial.latencyMs, null);
    assert.ok(trial.series.length > 0);
    for (const point of trial.series) assert.deepEqual([point.p50Ms, point.p99Ms], [null, null]);
    assert.equal(report.gate.thresholdResults?.[0]?.status, 'no-data');
    assert.equal(report.outcome?.status, 'inconclusive');
    assert.equal(run.result.code, 1, run.result.stderr);
    assert.match(run.result.stderr, /^single × any: 0 req\/s, p50 —, p99 —, /m);
    assert.match(
      readFileSync(junit, 'utf8'),
      /<failure type="inconclusive" message="p99 &lt; 150ms: not enough data on single on any: no response was received, so there is no latency"/,
    );
    assertNothingLeft(run, 'answers-once');
  });

  test("an app that writes a gigabyte to stdout, in one endless line: loadlab's memory stays bounded", async () => {
    // the app listens only once the gigabyte has gone through loadlab's pipe: a run that
    // measures at all has read it. A normal run peaks near 190 MiB (from source, through tsx);
    // the endless line held whole would take a gigabyte, and never finish in time.
    const run = await runHostile('stdout-flood');
    const report = judgedReport(run);
    assert.ok((report.trials[0]?.requests.total ?? 0) > 0);
    assert.ok(run.peakRssBytes > 0 && run.peakRssBytes < 320 * mib, `loadlab peaked at ${(run.peakRssBytes / mib).toFixed(0)} MiB`);
    assertNothingLeft(run, 'stdout-flood');
  });

  test('an app whose port someone else takes before it listens: exit 3, its EADDRINUSE quoted, a hint', async () => {
    const run = await runHostile('port-taken');
    assert.equal(run.result.code, 3, run.result.stderr);
    assert.match(run.result.stderr, /^single: the app .*port-taken\.js exited during start with exit code 1$/m);
    assert.match(run.result.stderr, /EADDRINUSE/);
    assert.match(run.result.stderr, /^hint: the port in PORT was free when loadlab chose it, and another process took it/m);
    assertNothingLeft(run, 'port-taken');
  });

  test("an external command whose port is taken: exit 3 before it starts, and the stranger's server is not loaded", async () => {
    const stranger = createServer((request, response) => response.end('not yours\n'));
    await new Promise<void>((resolve) => stranger.listen(0, '127.0.0.1', resolve));
    let answered = 0;
    stranger.on('request', () => (answered += 1));
    try {
      const { port } = stranger.address() as AddressInfo;
      const result = await runCli(['run', fixtureScenario('external.ts'), '--out', tempDir()], {
        env: { EXTERNAL_URL: `http://127.0.0.1:${port}`, EXTERNAL_COMMAND: JSON.stringify([process.execPath, server('fixed-delay')]) },
      });
      assert.equal(result.code, 3, result.stderr);
      assert.match(result.stderr, new RegExp(`^external: port ${port} of http://127.0.0.1:${port} is already in use by another process`, 'm'));
      assert.equal(answered, 0);
      assert.deepEqual(processesMentioning(server('fixed-delay')), []);
    } finally {
      stranger.close();
    }
  });
});

describe('hostile servers, closed and open model: every answer counted, no error', () => {
  for (const app of ['close-after-answer', 'http10']) {
    for (const model of ['closed', 'open'] as const) {
      const what = app === 'http10' ? 'HTTP/1.0 without keep-alive, the body ended by the close' : 'a server that closes every connection after one answer';
      test(`${what} (${model} model)`, async () => {
        const run = await runHostile(app, model === 'open' ? ['--rate', '40'] : []);
        const report = judgedReport(run);
        const requests = report.trials[0]?.requests;
        assert.ok(requests && requests.total > (model === 'open' ? 30 : 10), JSON.stringify(requests));
        assert.equal(requests.errors, 0, JSON.stringify(requests));
        assert.equal(requests.statusCodes['200'], requests.total);
        assertNothingLeft(run, app);
      });
    }
  }
});

describe('a response of 10 MiB per request: bodies are counted, never kept', () => {
  test('through loadlab: every byte counted, no error', async () => {
    const run = await runHostile('big-body', ['--duration', '2s']);
    const report = judgedReport(run);
    const requests = report.trials[0]?.requests;
    assert.ok(requests && requests.total > 0, JSON.stringify(requests));
    assert.equal(requests.errors, 0);
    assert.ok(requests.bytes >= requests.total * 10 * mib, `${requests.bytes} bytes for ${requests.total} answers`);
    assertNothingLeft(run, 'big-body');
  });
  // the load generator's own memory with 10 MiB bodies is a measurement: test/measurements/big-bodies.test.ts
});

describe('hostile input: one line, exit 2, nothing started', () => {
  test('a scenario whose module throws at import', () =>
    expectOneLineError(
      ['run', fixtureScenario('throws-at-import.ts')],
      /throws-at-import\.ts: cannot load it: LOADLAB_FIXTURE_NEVER_SET is not set: this scenario needs it$/m,
    ));

  test('a misspelt field: did you mean', () =>
    expectOneLineError(
      ['run', fixtureScenario('misspelt-field.ts')],
      /misspelt-field\.ts: load\.conections: unknown field \(.*\); did you mean connections\?$/m,
    ));

  for (const rate of ['0', '-5', 'lots', '1e12']) {
    test(`--rate ${rate}`, () =>
      expectOneLineError(
        ['run', fixtureScenario('fixed-delay.ts'), '--rate', rate],
        /option '--rate <n>' argument '.*' is invalid\. expected a rate in requests per second above 0 and at most 1,000,000/,
      ));
  }

  test('--duration 0', () =>
    expectOneLineError(
      ['run', fixtureScenario('fixed-delay.ts'), '--duration', '0'],
      /option '--duration <duration>' argument '0' is invalid\. the measured phase must last at least 100 ms/,
    ));
});
