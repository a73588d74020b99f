import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RunReport } from '../../src/contract/run-report.js';
import {
  assertJudged,
  fixtureScenario,
  processesMentioning,
  repoRoot,
  startCli,
  tempDir,
  waitForOutput,
  writtenReport,
  type CliOptions,
} from '../helpers/cli.js';

// Issue 22: with more connections than open files a run spun a core and never ended, deaf to
// SIGINT. loadlab runs here under `ulimit -n` in bash, as a user would start it.

const fixedDelay = `${repoRoot}/test/fixtures/servers/fixed-delay.js`;
const connections = ['--connections', '400'];
/** More than the open files 400 connections need (about 656), as low as the case. */
const lowLimit = 'ulimit -n 256';

/** Runs loadlab to its end, or kills it after `limitMs`: a run that never ends must fail the test, not hang it. */
async function runBounded(args: string[], options: CliOptions, limitMs = 60_000) {
  const startedAt = performance.now();
  const child = startCli(args, options);
  const guard = setTimeout(() => child.kill('SIGKILL'), limitMs);
  const result = await child.result;
  clearTimeout(guard);
  return { result, elapsedMs: performance.now() - startedAt };
}

function outOfFiles(report: RunReport): number {
  return report.trials[0]?.requests.errorKinds?.['open-files'] ?? 0;
}

describe('open files', () => {
  test('a soft limit below the need and a hard limit above it: the run goes, and the app holds more connections than the soft limit', async () => {
    const { result } = await runBounded(
      // A slow answer keeps the app idle, so all 400 connections are held at once within the trial
      // (at 5 ms an answer the app saturated a core and accepted them over the whole second, and
      // the probe, sampling every 500 ms, once saw only 240 in a busy run)
      [
        'run',
        fixtureScenario('fixed-delay.ts'),
        ...connections,
        '--duration',
        '1s',
        '--warmup',
        '0',
        '--probe-interval',
        '100ms',
        '--format',
        'json',
        '--out',
        tempDir(),
      ],
      { limits: 'ulimit -Sn 256', env: { FIXTURE_DELAY_MS: '300' } },
    );
    const report = writtenReport(result.stderr);
    assertJudged(result, report);
    const trial = report.trials[0];
    assert.ok((trial?.requests.total ?? 0) > 0, result.stderr);
    assert.equal(outOfFiles(report), 0, JSON.stringify(trial?.requests));
    // Node raised loadlab's soft limit to the hard one as it started, and the app inherited it
    const appFds = trial?.probes.processes.find((process) => process.role === 'instance')?.fds?.max ?? 0;
    assert.ok(appFds > 256, `the app held at most ${appFds} files`);
    assert.deepEqual(processesMentioning(fixedDelay), []);
  });

  test('a hard limit below the need: exit 2 before anything starts, with the ulimit to run', async () => {
    const { result, elapsedMs } = await runBounded(['run', fixtureScenario('fixed-delay.ts'), ...connections, '--duration', '1s', '--out', tempDir()], {
      limits: lowLimit,
    });
    assert.equal(result.code, 2, result.stderr);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.match(
      result.stderr,
      /^open files: the limit is 256: 400 connections need about 656 open files, more than the hard limit of 256: raise the hard limit first \(.*\), then ulimit -n 1024$/m,
    );
    assert.doesNotMatch(result.stderr, /starting/, 'nothing was started');
    assert.ok(elapsedMs < 10_000, `took ${Math.round(elapsedMs)} ms`);
  });

  test('out of open files during the trial (the check skipped), in two generator threads: it ends on time, those errors counted as open-files', async () => {
    const { result, elapsedMs } = await runBounded(
      [
        'run',
        fixtureScenario('fixed-delay.ts'),
        ...connections,
        '--generators',
        '2',
        '--duration',
        '1s',
        '--warmup',
        '0',
        '--no-probes',
        '--format',
        'json',
        '--out',
        tempDir(),
      ],
      { limits: lowLimit, env: { FIXTURE_DELAY_MS: '5', LOADLAB_SKIP_FD_CHECK: '1' } },
    );
    const report = writtenReport(result.stderr);
    assertJudged(result, report);
    assert.ok(outOfFiles(report) > 0, JSON.stringify(report.trials[0]?.requests));
    assert.ok(
      report.warnings.some((warning) => /ran out of open files \(EMFILE\)/.test(warning)),
      report.warnings.join('\n'),
    );
    assert.match(result.stderr, /errors \(\d+ out of open files\)/);
    // 5–8 s here (the start and stop of the app, two threads, a busy machine); it never ended before
    assert.ok(elapsedMs < 30_000, `took ${Math.round(elapsedMs)} ms`);
    assert.deepEqual(processesMentioning(fixedDelay), []);
  });

  test('out of open files during the trial, and SIGINT: exit 130 at once, the report marked interrupted', async () => {
    const child = startCli(
      ['run', fixtureScenario('fixed-delay.ts'), ...connections, '--duration', '30s', '--warmup', '0', '--no-probes', '--format', 'json', '--out', tempDir()],
      { limits: lowLimit, env: { FIXTURE_DELAY_MS: '5', LOADLAB_SKIP_FD_CHECK: '1' } },
    );
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
    try {
      await waitForOutput(child, 'stderr', (text) => text.includes('single ready at'), 15_000);
      // the connections have run out of files by now
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const signalledAt = performance.now();
      child.kill('SIGINT');
      const result = await child.result;
      const stopMs = performance.now() - signalledAt;
      assert.equal(result.code, 130, result.stderr);
      // the promise is 30 s; here it is well under a second
      assert.ok(stopMs < 30_000, `stopped ${Math.round(stopMs)} ms after SIGINT`);
      const report = writtenReport(result.stderr);
      assert.equal(report.interrupted, true);
      assert.ok(outOfFiles(report) > 0, JSON.stringify(report.trials[0]?.requests));
    } finally {
      clearTimeout(guard);
    }
    assert.deepEqual(processesMentioning(fixedDelay), []);
  });
});
