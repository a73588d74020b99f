import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { CapacityReport } from '../../src/contract/capacity-report.js';
import type { RunReport } from '../../src/contract/run-report.js';
import { alivePids, fixtureScenario, processesMentioning, repoRoot, reportFiles, runCli, startCli, tempDir, waitForOutput } from '../helpers/cli.js';

/**
 * Ends what a killed loadlab left of the apps it started (its lifeline is tested elsewhere): the
 * process groups of the apps it said were ready, and any process still running this worktree's
 * fixture server.
 */
function endLeftApps(stderr: string, server: string): void {
  const said = [...stderr.matchAll(/ready at \S+ \(([^)]*)\)/g)].flatMap((match) => [...(match[1] ?? '').matchAll(/\d+/g)].map(Number));
  for (const pid of alivePids(said)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      process.kill(pid, 'SIGKILL');
    }
  }
  for (const { pid } of processesMentioning(server)) process.kill(pid, 'SIGKILL');
}

const fixedDelay = join(repoRoot, 'test/fixtures/servers/fixed-delay.js');
const cpuBound = join(repoRoot, 'test/fixtures/servers/cpu-bound.js');

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
        endLeftApps(stderr, fixedDelay);
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

  test('capacity: kill -9 after the first of two searches leaves that search on disk, complete: false, marked incomplete', { timeout: 90_000 }, async () => {
    const out = tempDir();
    const child = startCli(
      [
        'capacity',
        fixtureScenario('cpu-bound.ts'),
        '--start-rps',
        '20',
        '--max-steps',
        '2',
        '--step-duration',
        '200ms',
        '--step-warmup',
        '0',
        '--confirm',
        '0',
        '--no-probes',
        '--format',
        'json',
        '--out',
        out,
      ],
      { env: { FIXTURE_CPU_MS: '1' } },
    );
    let stderr = '';
    try {
      // the line of a finished search comes after its report was kept
      stderr = await waitForOutput(child, 'stderr', (text) => /^single × cpu: .*\(\d+ steps, [a-z-]+\)$/m.test(text), 60_000);
      child.kill('SIGKILL');
      await child.result;
    } finally {
      child.kill('SIGKILL');
      endLeftApps(stderr, cpuBound);
    }
    const files = reportFiles(out);
    assert.equal(files.length, 1, 'the JSON kept on disk');
    const kept = JSON.parse(readFileSync(files[0] ?? '', 'utf8')) as CapacityReport;
    assert.equal(kept.schema, 'loadlab/capacity@1');
    assert.equal(kept.complete, false);
    assert.deepEqual(
      kept.results.map((result) => [result.topology, result.workload]),
      [['single', 'cpu']],
    );
    assert.ok((kept.results[0]?.steps.length ?? 0) >= 1);
    const rendered = await runCli(['report', files[0] ?? '', '--format', 'terminal']);
    assert.equal(rendered.code, 0, rendered.stderr);
    assert.match(
      rendered.stdout,
      /Incomplete: loadlab did not finish this search \(it was killed, or is still running\): the figures below are the 1 search finished by /,
    );
  });
});
