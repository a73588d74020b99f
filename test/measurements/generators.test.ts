import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { RunReport } from '../../src/contract/run-report.js';
import { generatorPool } from '../../src/measure/drivers/generators/generator-pool.js';
import { fixtureScenario, runCli, tempDir } from '../helpers/cli.js';
import { startFixture, stopFixture } from '../helpers/fixture-server.js';
import { answered } from '../helpers/latency.js';

async function runFixedDelay(delayMs: number, extra: string[], out = tempDir()): Promise<RunReport> {
  const result = await runCli(['run', fixtureScenario('fixed-delay.ts'), '--out', out, '--format', 'json', '--quiet', ...extra], {
    env: { FIXTURE_DELAY_MS: String(delayMs) },
  });
  const file = result.stderr.match(/report written to (.+\.json)/)?.[1];
  assert.ok(file, `no report; exit ${result.code}: ${result.stderr}`);
  return JSON.parse(readFileSync(file, 'utf8')) as RunReport;
}

describe('two generator threads', () => {
  test('a server that answers after 50 ms: p50 within 50–56 ms, and the throughput of one generator (the server is the limit)', async () => {
    // side by side, so that a busy machine slows both alike
    const two = await runFixedDelay(50, ['--generators', '2']);
    const one = await runFixedDelay(50, ['--generators', '1']);
    const [trial, single] = [two.trials[0], one.trials[0]];
    assert.ok(trial && single);
    assert.equal(trial.load.generators, 2);
    assert.equal(single.load.generators, undefined, 'one generator: the report as before');
    assert.ok(answered(trial.latencyMs).p50 >= 50 && answered(trial.latencyMs).p50 <= 56, `p50 ${answered(trial.latencyMs).p50} ms`);
    // 10 connections × one answer per 50 ms: 200 req/s whoever sends them
    const ratio = trial.requests.rps / single.requests.rps;
    assert.ok(ratio > 0.9 && ratio < 1.1, `two generators ${trial.requests.rps} req/s, one ${single.requests.rps} req/s`);
    assert.ok(Math.abs(trial.requests.rps - 200) < 20, `${trial.requests.rps} req/s`);
    assert.equal(trial.series.length, 2);
  });

  test("a hello server: the report shows both threads' CPU, and judges the client by the busier one", async () => {
    const out = tempDir();
    const report = await runFixedDelay(0, ['--generators', '2', '--format', 'json,md'], out);
    const trial = report.trials[0];
    assert.ok(trial);
    const threads = trial.client.generators ?? [];
    assert.deepEqual(
      threads.map((thread) => thread.generator),
      [1, 2],
    );
    for (const thread of threads) assert.ok(thread.cpu !== null && thread.cpu > 0.02 && thread.cpu < 1.05, `thread ${thread.generator}: ${thread.cpu}`);
    const verdict = trial.verdicts.find((entry) => entry.id === 'client-bottleneck');
    assert.equal(verdict?.value, Math.max(...threads.map((thread) => thread.cpu ?? 0)));
    assert.match(verdict?.message ?? '', /2 generator threads used \d+(\.\d)?% · \d+(\.\d)?% of a core/);
    // and the markdown report says it, thread by thread
    const markdown = readFileSync(join(out, readdirSync(out).find((name) => name.endsWith('.md')) ?? ''), 'utf8');
    assert.match(markdown, /single on fixed: its 2 generator threads used \d+(\.\d)?% · \d+(\.\d)?% of a core each/);
  });

  /*
   * The warm-up is 1 s: a fresh generator thread's first sends are cold (its JIT, its first
   * connections), so each thread sends about half its share in the first 100 ms and catches up
   * in the next 100–200 ms (here: 93 229 272 202 199 … per 100 ms of the warm-up). On a busy CI
   * run that catch-up lasted past a 500 ms warm-up and put 49 requests of it into the first
   * window of the measured phase (249, then 204 196 203 …). What is tested is the merged
   * timetable of the measured phase, which the warm-up is there to keep the start-up out of.
   */
  test('open model, 2,000 req/s from 2 threads: the sends arrive evenly, every 100 ms holds 200 ± 10%', async () => {
    const server = await startFixture('arrivals.js');
    try {
      const pool = generatorPool('open', 2);
      const result = await pool.run({
        url: server.url,
        requests: [{ method: 'GET', path: '/', headers: {} }],
        load: { connections: 50, pipelining: 1, durationMs: 2000, warmupMs: 1000, timeoutMs: 10_000, rate: 2000 },
      });
      const arrivals = (await (await fetch(`${server.url}/arrivals`)).json()) as number[];
      const start = Date.parse(result.phases.measured.startedAt);
      const windows = Array.from({ length: 20 }, (_, index) => arrivals.filter((at) => at >= start + index * 100 && at < start + (index + 1) * 100).length);
      const mean = windows.reduce((a, b) => a + b, 0) / windows.length;
      assert.ok(Math.abs(mean - 200) <= 10, `mean ${mean} a window`);
      assert.ok(
        windows.every((count) => Math.abs(count - mean) <= 0.1 * mean),
        `arrivals per 100 ms: ${windows.join(' ')}`,
      );
      assert.equal(arrivals.length, 6000, 'warm-up and measured phase, every request once');
      assert.equal(result.open?.targetRps, 2000);
      assert.equal(result.requests.total, 4000);
      assert.equal(result.generators?.length, 2);
    } finally {
      stopFixture(server);
    }
  });
});
