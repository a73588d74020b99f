import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
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
const ignoresSigterm = join(repoRoot, 'test/fixtures/servers/ignores-sigterm.js');
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

  test('a second SIGINT while the run stops: exit 130 at once, and the kept JSON says interrupted', { timeout: 60_000 }, async () => {
    const out = tempDir();
    // an app that ignores SIGTERM takes its 3 s grace to stop: the second SIGINT comes during it
    const child = startCli(['run', fixtureScenario('hostile.ts'), '--format', 'json', '--out', out], { env: { HOSTILE_APP: 'ignores-sigterm' } });
    let stderr = '';
    try {
      stderr = await waitForOutput(child, 'stderr', (text) => /single × any: [\d,.]+ req\/s/.test(text), 30_000);
      child.kill('SIGINT');
      await waitForOutput(child, 'stderr', (text) => text.includes('SIGINT: stopping'), 5000);
      child.kill('SIGINT');
      const result = await child.result;
      assert.equal(result.code, 130, result.stderr);
      assert.doesNotMatch(result.stderr, /report written/, 'forced: the run did not get to its end');
    } finally {
      child.kill('SIGKILL');
      endLeftApps(stderr, ignoresSigterm);
    }
    assert.deepEqual(processesMentioning(ignoresSigterm), [], 'the second SIGINT killed the app');
    const files = reportFiles(out);
    assert.equal(files.length, 1, 'the JSON kept on disk');
    const kept = JSON.parse(readFileSync(files[0] ?? '', 'utf8')) as RunReport;
    assert.deepEqual([kept.interrupted, kept.complete, kept.trials.length], [true, false, 1]);
  });

  test('a disk that fills up before the end: the whole JSON in the temporary folder, and no stale kept JSON in --out', { timeout: 60_000 }, async (t) => {
    const out = tempDir();
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', out]);
    if (mounted.status !== 0) {
      t.skip(`cannot mount a small tmpfs here (${mounted.stderr.toString().trim()})`);
      return;
    }
    try {
      const child = startCli(
        ['run', fixtureScenario('fixed-delay.ts'), '--repeat', '2', '--duration', '1s', '--warmup', '0', '--no-probes', '--format', 'json,md', '--out', out],
        { env: { FIXTURE_DELAY_MS: '5' } },
      );
      let stderr = '';
      try {
        // the first trial is kept; then the disk fills up
        stderr = await waitForOutput(child, 'stderr', (text) => /single × fixed: [\d,.]+ req\/s/.test(text), 30_000);
        assert.equal(reportFiles(out).length, 1, 'kept after the first trial');
        spawnSync('dd', ['if=/dev/zero', `of=${join(out, 'filler')}`, 'bs=4k']);
        const result = await child.result;
        stderr = result.stderr;
        assert.equal(result.code, 3, result.stderr);
      } finally {
        child.kill('SIGKILL');
        endLeftApps(stderr, fixedDelay);
      }
      const fallback = /^loadlab: the JSON report is in (\S+) instead .*; the incomplete one kept as the run went \((\S+)\) is removed$/m.exec(stderr);
      assert.ok(fallback, stderr);
      const whole = JSON.parse(readFileSync(fallback[1] ?? '', 'utf8')) as RunReport;
      assert.deepEqual([whole.complete, whole.trials.length], [true, 2]);
      assert.deepEqual(reportFiles(out), [], 'no stale JSON left in --out');
      assert.equal(dirname(fallback[2] ?? ''), out);
    } finally {
      spawnSync('umount', [out]);
    }
  });

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
