import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { RunReport } from '../../src/contract/run-report.js';
import { fixtureScenario, reportFiles, runCli, tempDir } from '../helpers/cli.js';

const scenario = fixtureScenario('abort-on-fail.ts');

/** One run with every report format; the JSON read back. */
async function run(extra: string[]): Promise<{ code: number | null; report: RunReport; folder: string; stdout: string; stderr: string }> {
  const folder = tempDir();
  const result = await runCli(['run', scenario, '--no-probes', '--quiet', '--format', 'terminal,md,html,json', '--out', folder, ...extra]);
  const [file] = reportFiles(folder);
  assert.ok(file, `no JSON report: ${result.stderr}`);
  return { code: result.code, report: JSON.parse(readFileSync(file, 'utf8')) as RunReport, folder, stdout: result.stdout, stderr: result.stderr };
}

test('a threshold marked abortOnFail stops its trial well before its 3 s, exits 1, and every output says why; the next trial still runs', async () => {
  const { code, report, folder, stdout } = await run([]);
  assert.equal(code, 1, report.outcome?.headline);
  const [slow, after] = report.trials;
  assert.ok(slow?.aborted, 'the first trial is marked aborted');
  assert.equal(slow.aborted.threshold, 'p99 < 5ms (workload slow)');
  assert.match(slow.aborted.message, /^p99 < 5ms \(workload slow\): had p99 \d/);
  // judged from 300 ms on, four times a second: stopped within the first second, not at 3 s
  assert.ok(slow.aborted.atMs >= 300 && slow.aborted.atMs < 1000, `stopped at ${slow.aborted.atMs} ms`);
  assert.ok(slow.phases.measured.durationMs < 1200, `measured ${slow.phases.measured.durationMs} ms`);
  assert.ok(slow.requests.total > 0, 'the figures are those measured until then');
  // the threshold is scoped to 'slow': the other workload runs its whole 3 s
  assert.ok(after && !after.aborted);
  assert.ok(after.phases.measured.durationMs >= 2900, `the later trial measured ${after.phases.measured.durationMs} ms`);
  // markdown escapes the '<'
  const why = /single on slow: stopped \d+ ms into the measured phase: p99 \\?< 5ms \(workload slow\): had p99/;
  assert.match(report.warnings.join('\n'), why);
  const [markdown] = reportFiles(folder, '.md');
  const [html] = reportFiles(folder, '.html');
  assert.ok(markdown && html);
  assert.match(readFileSync(markdown, 'utf8'), why);
  assert.match(readFileSync(html, 'utf8'), /stopped \d+ ms into the measured phase/);
  assert.match(stdout, why);
});

test("in two generator threads: judged over both threads' figures, both stopped at once, exit 1", async () => {
  const { code, report } = await run(['--generators', '2', '--workload', 'slow']);
  assert.equal(code, 1, report.outcome?.headline);
  const [slow] = report.trials;
  assert.ok(slow?.aborted, 'the trial is marked aborted');
  assert.equal(slow.load.generators, 2);
  const threads = slow.client.generators ?? [];
  assert.equal(threads.length, 2, 'both threads drove it');
  assert.equal(slow.aborted.threshold, 'p99 < 5ms (workload slow)');
  assert.ok(slow.aborted.atMs >= 300 && slow.aborted.atMs < 1000, `stopped at ${slow.aborted.atMs} ms`);
  // the merged phase ends when the last thread ended: both stopped soon after the gate was lost, neither ran its 3 s
  assert.ok(slow.phases.measured.durationMs < slow.aborted.atMs + 700, `measured ${slow.phases.measured.durationMs} ms`);
  assert.ok(slow.requests.total > 0);
  assert.equal(report.warnings.filter((warning) => warning.includes('not judged')).length, 0);
});

test('--abort-on-fail run judges every threshold and ends the run at the first trial it stops', async () => {
  const { code, report } = await run(['--abort-on-fail', 'run', '--threshold', 'p50 < 1ms']);
  assert.equal(code, 1);
  assert.equal(report.trials.length, 1, 'the second workload never ran');
  assert.ok(report.trials[0]?.aborted);
  assert.equal(report.interrupted, false);
});

test('--abort-on-fail with a bad scope, or without a threshold, is refused in one line with exit 2', async () => {
  const bad = await runCli(['run', scenario, '--abort-on-fail', 'soon']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--abort-on-fail.*'soon'/);
  const folder = tempDir();
  const none = await runCli(['run', fixtureScenario('fixed-delay.ts'), '--abort-on-fail', '--out', join(folder, 'x')]);
  assert.equal(none.code, 2);
  assert.equal(none.stderr.trim().split('\n').length, 1, none.stderr);
  assert.match(none.stderr, /--abort-on-fail: the run has no threshold to judge/);
});
