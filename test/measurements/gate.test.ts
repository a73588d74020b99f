import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { RunReport } from '../../src/contract/run-report.js';
import { fixtureScenario, repoRoot, runCli, tempDir } from '../helpers/cli.js';

const scenario = fixtureScenario('gate.ts');

/** 2 s measured phases, no repeats: what a CI smoke test runs. */
const short = ['--quiet', '--format', 'json', '--no-probes', '--duration', '2s', '--warmup', '200ms'];

describe('a regression gate on short runs (2 s, no repeats)', () => {
  test('50 ms against a 50 ms baseline: exit 0 in 10 of 10; 70 ms: exit 1, "regression", in 10 of 10', async (t) => {
    const folder = tempDir();
    const baseline = join(folder, 'baseline.json');
    const recorded = await runCli(['run', scenario, ...short, '--out', folder, '--save-baseline', baseline], { env: { FIXTURE_DELAY_MS: '50' } });
    assert.equal(recorded.code, 0, recorded.stderr);
    const saved = JSON.parse(readFileSync(baseline, 'utf8')) as RunReport;
    assert.ok((saved.trials[0]?.windows?.points.length ?? 0) >= 20, 'at least 20 windows in a 2 s phase');
    const codes = { same: [] as (number | null)[], slower: [] as (number | null)[] };
    // two of each at a time: the server waits on a timer and the client sends 100 req/s, so four
    // runs side by side hardly touch the 2 cores, and the suite is 40 s shorter
    for (let round = 0; round < 5; round += 1) {
      const kinds = [
        ['same', '50'],
        ['slower', '70'],
        ['same', '50'],
        ['slower', '70'],
      ] as const;
      const results = await Promise.all(
        kinds.map(([, delay]) => runCli(['run', scenario, ...short, '--out', folder, '--baseline', baseline], { env: { FIXTURE_DELAY_MS: delay } })),
      );
      for (const [index, [kind]] of kinds.entries()) {
        const result = results[index];
        assert.ok(result);
        codes[kind].push(result.code);
        if (kind === 'slower')
          assert.match(result.stderr, /^gate: failed \(regression\): single on fixed: p50 \+\d+\.\d% .*worse by more than the 10% tolerance/m, result.stderr);
        if (kind === 'same' && result.code !== 0) t.diagnostic(result.stderr);
      }
    }
    t.diagnostic(`exit codes, 50 ms: ${codes.same.join(' ')}; 70 ms: ${codes.slower.join(' ')}`);
    assert.deepEqual(codes.same, Array(10).fill(0), 'no false alarm');
    assert.deepEqual(codes.slower, Array(10).fill(1), 'every slowdown caught');
  });

  test('loadlab compare on two saved short runs: exit 1 on 50 ms against 70 ms, with JUnit failures; exit 0 the other way round', async () => {
    const folder = tempDir();
    const [fast, slow] = [join(folder, 'fast.json'), join(folder, 'slow.json')];
    const recorded = await Promise.all(
      (
        [
          [fast, '50'],
          [slow, '70'],
        ] as const
      ).map(([file, delay]) => runCli(['run', scenario, ...short, '--out', folder, '--save-baseline', file], { env: { FIXTURE_DELAY_MS: delay } })),
    );
    for (const result of recorded) assert.equal(result.code, 0, result.stderr);
    const junit = join(folder, 'junit.xml');
    const worse = await runCli(['compare', fast, slow, '--junit', junit]);
    assert.equal(worse.code, 1, worse.stdout + worse.stderr);
    assert.match(worse.stdout, /^## loadlab · comparison · ❌ Failed: \d metrics? regressed\.$/m);
    assert.match(readFileSync(junit, 'utf8'), /<testcase [^>]*name="[^"]*p50[^"]*"[^>]*>\s*<failure type="regression"/);
    const better = await runCli(['compare', slow, fast]);
    assert.equal(better.code, 0, better.stdout + better.stderr);
    assert.match(better.stdout, /improvement/i);
  });
});

// three jobs side by side: servers that wait on timers, and a client at 5 connections
describe('same-job A/B', { concurrency: true }, () => {
  const baseEntry = join(repoRoot, 'test/fixtures/servers/fixed-delay-base.js');
  test('the app (30 ms) against its base version (20 ms), interleaved: a regression, exit 1', async () => {
    const folder = tempDir();
    const result = await runCli(['ab', scenario, '--base-entry', baseEntry, '--repeat', '3', '--duration', '1s', '--quiet', '--no-probes', '--out', folder], {
      env: { FIXTURE_DELAY_MS: '30', BASE_DELAY_MS: '20' },
    });
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(result.stdout, /regression/i);
    assert.equal([...result.stderr.matchAll(/report written to/g)].length, 2, 'a report for each side');
  });

  test("each side labelled while it runs, and each side's report records its entry and commit", async () => {
    const folder = tempDir();
    const result = await runCli(
      ['ab', scenario, '--base-entry', baseEntry, '--repeat', '1', '--no-probes', '--duration', '2s', '--warmup', '200ms', '--out', folder],
      { env: { FIXTURE_DELAY_MS: '20', BASE_DELAY_MS: '20' } },
    );
    assert.ok(result.code === 0 || result.code === 1, result.stderr);
    assert.match(result.stderr, /^\[current\] starting single/m);
    assert.match(result.stderr, /^\[base\] starting single/m);
    assert.match(result.stderr, /^\[base\] single × fixed: /m);
    const files = [...result.stderr.matchAll(/report written to (.+\.json)/g)].map((match) => match[1] as string);
    assert.equal(files.length, 2);
    const head = spawnSync('git', ['-C', repoRoot, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).stdout.trim();
    const entries = files.map((file) => (JSON.parse(readFileSync(file, 'utf8')) as RunReport).scenario.app);
    assert.deepEqual(entries.map((entry) => entry?.entry).sort(), [baseEntry, join(repoRoot, 'test/fixtures/servers/fixed-delay.js')].sort());
    for (const entry of entries) assert.equal(entry?.commit, head, 'the checkout each entry lies in');
    assert.match(result.stderr, /\(the base side: test\/fixtures\/servers\/fixed-delay-base\.js at [0-9a-f]{12}/);
    // and the comparison names each side's entry and commit too
    assert.match(result.stdout, /^- \*\*Base\*\*: .* · app .*fixed-delay-base\.js at [0-9a-f]{12}/m);
    assert.match(result.stdout, /^- \*\*Current\*\*: .* · app .*fixed-delay\.js at [0-9a-f]{12}/m);
  });

  test('a base version that is slower: no regression, exit 0', async () => {
    const result = await runCli(
      ['ab', scenario, '--base-entry', baseEntry, '--repeat', '3', '--duration', '1s', '--quiet', '--no-probes', '--out', tempDir()],
      {
        env: { FIXTURE_DELAY_MS: '20', BASE_DELAY_MS: '30' },
      },
    );
    assert.equal(result.code, 0, result.stdout + result.stderr);
  });
});
