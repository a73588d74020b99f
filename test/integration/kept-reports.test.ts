import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { RunReport } from '../../src/contract/run-report.js';
import { alivePids, fixtureScenario, reportFiles, runCli, startCli, tempDir, waitForOutput } from '../helpers/cli.js';

/** The apps a run said it started: the pid of each "ready at … (instance PID)" line. */
function appPids(stderr: string): number[] {
  return [...stderr.matchAll(/ready at \S+ \(instance (\d+)\)/g)].map((match) => Number(match[1]));
}

/** Ends what a killed loadlab left of the apps it started (its lifeline is tested elsewhere): each pid's process group, by pid. */
function endLeftApps(pids: readonly number[]): void {
  for (const pid of alivePids(pids)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      process.kill(pid, 'SIGKILL');
    }
  }
}

describe('the report kept as the run goes', () => {
  test(
    'kill -9 after the first of two trials: its JSON on disk holds that trial, complete: false; `report` marks it incomplete',
    { timeout: 60_000 },
    async () => {
      const out = tempDir();
      const child = startCli(
        ['run', fixtureScenario('fixed-delay.ts'), '--repeat', '2', '--duration', '2s', '--warmup', '0', '--no-probes', '--format', 'md,json', '--out', out],
        { env: { FIXTURE_DELAY_MS: '5' } },
      );
      let stderr = '';
      try {
        // the progress line of a finished trial comes after its report was kept
        stderr = await waitForOutput(child, 'stderr', (text) => /single × fixed: [\d,.]+ req\/s/.test(text), 30_000);
        child.kill('SIGKILL');
        const result = await child.result;
        assert.equal(result.signal, 'SIGKILL');
      } finally {
        child.kill('SIGKILL');
        endLeftApps(appPids(stderr));
      }
      const files = reportFiles(out);
      assert.equal(files.length, 1, 'the JSON kept on disk');
      assert.deepEqual(reportFiles(out, '.md'), [], 'markdown only at the end');
      const kept = JSON.parse(readFileSync(files[0] ?? '', 'utf8')) as RunReport;
      assert.equal(kept.schema, 'loadlab/run@1');
      assert.equal(kept.complete, false);
      assert.equal(kept.interrupted, false, 'loadlab could not say');
      assert.equal(kept.trials.length, 1);
      assert.deepEqual([kept.trials[0]?.topology, kept.trials[0]?.workload, kept.trials[0]?.repeat], ['single', 'fixed', 1]);
      assert.ok((kept.trials[0]?.requests.total ?? 0) > 0, 'real figures');

      const rendered = await runCli(['report', files[0] ?? '', '--format', 'md,html,terminal']);
      assert.equal(rendered.code, 0, rendered.stderr);
      const banner = /Incomplete\*?\*?: loadlab did not finish this run \(it was killed, or is still running\): the figures below are the 1 trial finished by /;
      assert.match(readFileSync(files[0]?.replace(/\.json$/, '.md') ?? '', 'utf8'), banner);
      assert.match(readFileSync(files[0]?.replace(/\.json$/, '.html') ?? '', 'utf8'), banner);
      assert.match(rendered.stdout, banner);
    },
  );

  test('a run that ends rewrites its kept JSON as complete, with every trial', { timeout: 60_000 }, async () => {
    const out = tempDir();
    const result = await runCli(
      [
        'run',
        fixtureScenario('fixed-delay.ts'),
        '--repeat',
        '2',
        '--duration',
        '1s',
        '--warmup',
        '0',
        '--no-probes',
        '--quiet',
        '--format',
        'json',
        '--out',
        out,
      ],
      { env: { FIXTURE_DELAY_MS: '5' } },
    );
    assert.ok(result.code === 0 || result.code === 1, result.stderr);
    const files = reportFiles(out);
    assert.equal(files.length, 1, 'one report, kept and then finished under one name');
    const report = JSON.parse(readFileSync(files[0] ?? '', 'utf8')) as RunReport;
    assert.equal(report.complete, true);
    assert.equal(report.trials.length, 2);
  });
});
