import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { after, before, describe, test } from 'node:test';
import type { RunReport } from '../../src/contract/run-report.js';
import { alivePids, assertJudged, fixtureScenario, runCli, tempDir, writtenReport } from '../helpers/cli.js';
import { startFixture, stopFixture, type Fixture } from '../helpers/fixture-server.js';
import { answered } from '../helpers/latency.js';

/** `loadlab run --url …` with these arguments; the JSON report it wrote. */
async function runUrl(args: readonly string[]): Promise<{ code: number | null; stderr: string; report: RunReport }> {
  const result = await runCli(['run', ...args, '--quiet', '--format', 'json', '--out', tempDir()]);
  const report = writtenReport(result.stderr);
  assertJudged(result, report);
  return { code: result.code, stderr: result.stderr, report };
}

describe('loadlab run --url: a server that is already running, without a scenario file', () => {
  let fixture: Fixture | undefined;
  before(async () => {
    fixture = await startFixture('fixed-delay.js', { FIXTURE_DELAY_MS: '50' });
  });
  after(() => stopFixture(fixture));

  test('closed model against the 50 ms server: p50 between 50 and 56 ms, the URL path loaded, the given pid probed and left running', async () => {
    const pid = fixture?.child.pid ?? -1;
    const { report } = await runUrl([
      '--url',
      `${fixture?.url}/api/items?page=2`,
      '--connections',
      '10',
      '--duration',
      '2s',
      '--warmup',
      '500ms',
      '--pids',
      String(pid),
    ]);
    const [trial] = report.trials;
    assert.ok(trial);
    assert.equal(report.trials.length, 1);
    assert.ok(answered(trial.latencyMs).p50 >= 50 && answered(trial.latencyMs).p50 <= 56, `p50 ${answered(trial.latencyMs).p50} ms`);
    // 10 connections each waiting ~50 ms per answer: about 200 req/s, never more
    assert.ok(trial.requests.rps > 120 && trial.requests.rps <= 200, `rps ${trial.requests.rps}`);
    assert.equal(trial.requests.statusCodes['200'], trial.requests.total);
    assert.equal(trial.kind, 'external');
    assert.equal(trial.workload, 'GET /api/items?page=2');
    assert.equal(trial.load.model, 'closed');
    assert.equal(trial.load.connections, 10);
    assert.deepEqual(trial.processes, [{ pid, role: 'instance' }]);
    assert.ok(trial.probes.processes[0]?.cpu, 'CPU sampled from /proc for the given pid');
    assert.ok(
      trial.verdicts.some((verdict) => verdict.id === 'slo-p50'),
      'judged like a scenario run',
    );
    assert.equal(report.scenario.file, '', 'there was no scenario file');
    assert.equal(report.scenario.name, `${new URL(fixture?.url ?? '').host}/api/items`);
    assert.deepEqual(alivePids([pid]), [pid], 'loadlab did not stop a server it did not start');
  });

  test('--rate gives the open model at that arrival rate', async () => {
    const { report } = await runUrl(['--url', `${fixture?.url}/`, '--rate', '100', '--duration', '2s', '--warmup', '500ms']);
    const [trial] = report.trials;
    assert.ok(trial);
    assert.equal(trial.load.model, 'open');
    assert.equal(trial.load.rate, 100);
    assert.equal(trial.requests.targetRps, 100);
    // requests go out on schedule whatever the answers do: within 5% of the rate asked for
    assert.ok(Math.abs((trial.requests.sentRps ?? 0) - 100) <= 5, `sent ${trial.requests.sentRps} req/s`);
    assert.ok(answered(trial.latencyMs).p50 >= 50 && answered(trial.latencyMs).p50 <= 56, `p50 ${answered(trial.latencyMs).p50} ms`);
  });

  test('--threshold gates it: a failed one exits 1, and --baseline compares it with a saved run', async () => {
    const first = await runUrl(['--url', `${fixture?.url}/`, '--connections', '5', '--duration', '1s', '--warmup', '0', '--threshold', 'p50 < 10ms']);
    assert.equal(first.code, 1, first.stderr);
    assert.deepEqual(
      (first.report.gate.thresholdResults ?? []).map((result) => [result.threshold, result.status]),
      [['p50 < 10ms', 'fail']],
    );
    const baseline = first.stderr.match(/report written to (.+\.json)/)?.[1] ?? '';
    const second = await runUrl([
      '--url',
      `${fixture?.url}/`,
      '--connections',
      '5',
      '--duration',
      '1s',
      '--warmup',
      '0',
      '--baseline',
      baseline,
      '--inconclusive',
      'warn',
    ]);
    assert.deepEqual(
      second.report.regression?.comparisons.map((comparison) => [comparison.topology, comparison.workload]),
      [['external', 'GET /']],
    );
  });
});

/** An address of this machine that is not loopback: a server there is "remote" by the rule's letter, yet safe to load. */
const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((info) => info?.family === 'IPv4' && !info.internal)?.address;

describe('loadlab run <scenario> --url: the scenario’s workloads against a server that is running', () => {
  let fixture: Fixture | undefined;
  before(async () => {
    fixture = await startFixture('fixed-delay.js', { FIXTURE_DELAY_MS: '5' });
  });
  after(() => stopFixture(fixture));

  test('its topologies are replaced by one external topology at that origin; nothing is deployed', async () => {
    const { report } = await runUrl([fixtureScenario('fixed-delay.ts'), '--url', fixture?.url ?? '', '--duration', '1s', '--warmup', '0']);
    assert.deepEqual(
      report.trials.map((trial) => [trial.topology, trial.kind, trial.workload]),
      [['external', 'external', 'fixed']],
    );
    assert.ok((report.trials[0]?.requests.total ?? 0) > 0);
    assert.equal(report.scenario.name, 'fixed-delay-50ms');
  });
});

describe('loadlab run --url: the loopback rule', () => {
  let server: Server | undefined;
  let requests = 0;
  before(async () => {
    server = createServer((_request, response) => {
      requests++;
      response.end('ok');
    });
    await new Promise<void>((resolve) => server?.listen(0, '0.0.0.0', resolve));
  });
  after(() => server?.close());
  const port = () => (server?.address() as AddressInfo).port;

  test('a remote URL without --allow-remote: exit 2, one line, before any request', async () => {
    const result = await runCli(['run', '--url', 'http://example.com/', '--out', tempDir()]);
    assert.equal(result.code, 2, result.stderr);
    assert.deepEqual(result.stderr.trim().split('\n'), [
      '--url http://example.com/: example.com is not on this machine (127.0.0.1, localhost, ::1); pass --allow-remote to load it anyway',
    ]);
  });

  test(
    'an address of this machine that is not loopback: refused, and the server saw no request; --allow-remote loads it',
    { skip: lanAddress ? false : 'no non-loopback IPv4 address' },
    async () => {
      const url = `http://${lanAddress}:${port()}/`;
      const refused = await runCli(['run', '--url', url, '--out', tempDir()]);
      assert.equal(refused.code, 2, refused.stderr);
      assert.match(refused.stderr, /is not on this machine .*pass --allow-remote/);
      assert.equal(requests, 0, 'no request was sent');
      const { report } = await runUrl(['--url', url, '--allow-remote', '--connections', '2', '--duration', '1s', '--warmup', '0']);
      assert.ok((report.trials[0]?.requests.total ?? 0) > 0);
      assert.ok(requests >= (report.trials[0]?.requests.total ?? 0), `the server answered ${requests} requests`);
    },
  );
});
