import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { RunReport } from '../../src/contract/run-report.js';
import { fixtureScenario, runCli, tempDir } from '../helpers/cli.js';
import { answered } from '../helpers/latency.js';

async function runFixedDelay(delayMs: number): Promise<RunReport> {
  const out = tempDir();
  const result = await runCli(['run', fixtureScenario('fixed-delay.ts'), '--json', '--quiet', '--out', out], { env: { FIXTURE_DELAY_MS: String(delayMs) } });
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout) as RunReport;
  const written = readFileSync(result.stderr.match(/report written to (.+\.json)/)?.[1] ?? '', 'utf8');
  assert.equal(written, result.stdout, 'the file and --json print the same document');
  return report;
}

describe('latency measured by loadlab, closed model', () => {
  test('a server that answers after 50 ms: p50 between 50 and 56 ms', async () => {
    const report = await runFixedDelay(50);
    const [trial] = report.trials;
    assert.ok(trial);
    assert.ok(answered(trial.latencyMs).p50 >= 50 && answered(trial.latencyMs).p50 <= 56, `p50 ${answered(trial.latencyMs).p50} ms`);
    // 10 connections each waiting ~50 ms per answer: about 200 req/s, never more
    assert.ok(trial.requests.rps > 120 && trial.requests.rps <= 200, `rps ${trial.requests.rps}`);
    assert.equal(trial.requests.errors, 0);
    assert.equal(trial.requests.non2xx, 0);
    assert.equal(trial.requests.statusCodes['200'], trial.requests.total);
  });

  test('a server that answers at once: p50 in fractions of a millisecond, not 0', async () => {
    const report = await runFixedDelay(0);
    const [trial] = report.trials;
    assert.ok(trial);
    assert.ok(answered(trial.latencyMs).p50 > 0, `p50 ${answered(trial.latencyMs).p50} ms`);
    assert.ok(!Number.isInteger(answered(trial.latencyMs).p50) || answered(trial.latencyMs).p50 < 1, `p50 ${answered(trial.latencyMs).p50} ms has a fraction`);
    assert.ok(answered(trial.latencyMs).p50 < 5, `p50 ${answered(trial.latencyMs).p50} ms`);
  });

  test('phases are stamped, and the series covers the measured phase second by second', async () => {
    const report = await runFixedDelay(5);
    const [trial] = report.trials;
    assert.ok(trial);
    const { warmup, measured } = trial.phases;
    assert.equal(warmup.endedAt, measured.startedAt, 'measured phase starts where the warm-up ends');
    assert.ok(Math.abs(warmup.durationMs - 500) < 100, `warm-up ${warmup.durationMs} ms`);
    assert.ok(Math.abs(measured.durationMs - 2000) < 150, `measured ${measured.durationMs} ms`);
    assert.ok(Math.abs(Date.parse(measured.endedAt) - Date.parse(measured.startedAt) - measured.durationMs) <= 2, 'wall-clock stamps agree with the duration');
    // one point per whole second; a phase a few ms short of a second still gets that second
    assert.equal(trial.series.length, Math.floor((measured.durationMs + 50) / 1000));
    const lastSeconds = measured.durationMs / 1000 - (trial.series.length - 1);
    const seriesTotal = trial.series.reduce((sum, point, index) => sum + point.rps * (index === trial.series.length - 1 ? lastSeconds : 1), 0);
    assert.ok(Math.abs(seriesTotal - trial.requests.total) <= 2, `series adds up to ${seriesTotal}, total ${trial.requests.total}`);
    assert.equal(report.schema, 'loadlab/run@1');
    assert.equal(report.interrupted, false);
  });
});
