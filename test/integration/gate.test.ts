import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { RunReport } from '../../src/model.js';
import { fixtureScenario, repoRoot, runCli, tempDir, writtenReport } from '../helpers/cli.js';

const scenario = fixtureScenario('gate.ts');
const quick = ['--repeat', '3', '--quiet', '--format', 'json', '--no-probes'];

describe('baseline comparison on a server whose latency comes from its environment', () => {
  test('20 ms against a 20 ms baseline: exit 0 in 5 of 5; 30 ms: exit 1 in 5 of 5', async () => {
    const folder = tempDir();
    const baseline = join(folder, 'baseline.json');
    const recorded = await runCli(['run', scenario, ...quick, '--out', folder, '--save-baseline', baseline], { env: { FIXTURE_DELAY_MS: '20' } });
    assert.equal(recorded.code, 0, recorded.stderr);
    assert.ok(existsSync(baseline));
    const saved = JSON.parse(readFileSync(baseline, 'utf8')) as RunReport;
    assert.deepEqual(saved.trials.map((trial) => trial.repeat), [1, 2, 3]);
    assert.equal(saved.repeats?.length, 1, 'a summary across the repeats');

    const codes = { same: [] as (number | null)[], slower: [] as (number | null)[] };
    for (let run = 0; run < 5; run += 1) {
      for (const [kind, delay] of [['same', '20'], ['slower', '30']] as const) {
        const result = await runCli(['run', scenario, ...quick, '--out', folder, '--baseline', baseline], { env: { FIXTURE_DELAY_MS: delay } });
        codes[kind].push(result.code);
        if (kind === 'slower' && run === 0) assert.match(result.stdout, /p50[^\n]*\+\d+(\.\d+)?%[^\n]*regression|regression[^\n]*p50/i, result.stdout);
      }
    }
    assert.deepEqual(codes.same, [0, 0, 0, 0, 0], 'no false alarm');
    assert.deepEqual(codes.slower, [1, 1, 1, 1, 1], 'every slowdown caught');
  });

  test('loadlab compare on two saved runs, with JUnit XML', async () => {
    const folder = tempDir();
    const [fast, slow] = [join(folder, 'fast.json'), join(folder, 'slow.json')];
    for (const [file, delay] of [[fast, '10'], [slow, '25']] as const) {
      const result = await runCli(['run', scenario, ...quick, '--out', folder, '--save-baseline', file], { env: { FIXTURE_DELAY_MS: delay } });
      assert.equal(result.code, 0, result.stderr);
    }
    const junit = join(folder, 'junit.xml');
    const worse = await runCli(['compare', fast, slow, '--junit', junit]);
    assert.equal(worse.code, 1, worse.stdout + worse.stderr);
    const xml = readFileSync(junit, 'utf8');
    assert.match(xml, /^<\?xml/);
    assert.match(xml, /<testcase [^>]*name="[^"]*p50[^"]*"[^>]*>\s*<failure/);
    const better = await runCli(['compare', slow, fast]);
    assert.equal(better.code, 0, better.stdout + better.stderr);
    assert.match(better.stdout, /improvement/i);
  });
});

describe('thresholds', () => {
  test('a failed threshold exits 1 and is listed in the report', async () => {
    const result = await runCli(['run', scenario, '--quiet', '--format', 'terminal,json', '--duration', '1s', '--warmup', '0', '--no-probes', '--out', tempDir(), '--threshold', 'p99 < 1ms', '--threshold', 'errors == 0'], { env: { FIXTURE_DELAY_MS: '20' } });
    assert.equal(result.code, 1, result.stderr);
    const report = writtenReport(result.stderr);
    assert.equal(report.gate.passed, false);
    assert.deepEqual(report.scenario.thresholds, ['p99 < 1ms', 'errors == 0']);
    assert.equal(report.gate.failures.length, 1);
    const shown = /^p99 < 1ms: single on fixed had p99 (\d+(?:\.\d+)?) ms/.exec(report.gate.failures[0] ?? '');
    assert.ok(shown, report.gate.failures[0]);
    assert.ok(Number(shown[1]) >= 20, `a 20 ms server cannot have p99 ${shown[1]} ms`);
    assert.match(result.stdout, /p99 < 1ms/, 'the terminal report lists it');
  });

  test('a misspelt metric on the command line: one line naming the option and the valid names, exit 2, nothing run', async () => {
    const result = await runCli(['run', scenario, '--threshold', 'p95 < 150ms']);
    assert.equal(result.code, 2, result.stderr);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.match(result.stderr, /^--threshold 'p95 < 150ms': unknown metric 'p95' \(p50, p90, p99, p999, max, mean, rps, errors, error_rate, timeouts, non2xx, cpu, rss, fds, connections, el_delay_p99\); did you mean p90\?/);
  });
});

describe('same-job A/B', () => {
  const baseEntry = join(repoRoot, 'test/fixtures/servers/fixed-delay-base.js');
  test('the app (30 ms) against its base version (20 ms), interleaved: a regression, exit 1', async () => {
    const folder = tempDir();
    const result = await runCli(['ab', scenario, '--base-entry', baseEntry, '--repeat', '3', '--quiet', '--no-probes', '--out', folder], { env: { FIXTURE_DELAY_MS: '30', BASE_DELAY_MS: '20' } });
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(result.stdout, /regression/i);
    assert.equal([...result.stderr.matchAll(/report written to/g)].length, 2, 'a report for each side');
  });

  test('a base version that is slower: no regression, exit 0', async () => {
    const result = await runCli(['ab', scenario, '--base-entry', baseEntry, '--repeat', '3', '--quiet', '--no-probes', '--out', tempDir()], { env: { FIXTURE_DELAY_MS: '20', BASE_DELAY_MS: '30' } });
    assert.equal(result.code, 0, result.stdout + result.stderr);
  });
});

describe('docs/ci-example.sh, end to end', () => {
  test('records a baseline, then checks a run against it with JUnit output', async () => {
    const folder = tempDir();
    const env = {
      SCENARIO: scenario,
      BASELINE: join(folder, 'baseline.json'),
      LOADLAB: `${process.execPath} --import tsx ${join(repoRoot, 'src/cli.ts')}`,
      REPEAT: '2',
      EXTRA: '--no-probes',
      OUT: folder,
      FIXTURE_DELAY_MS: '10',
    };
    const run = (mode: string) =>
      new Promise<{ code: number | null; output: string }>((resolve) => {
        const child = spawn('bash', [join(repoRoot, 'docs/ci-example.sh')], { cwd: repoRoot, env: { ...process.env, ...env, MODE: mode } });
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
        child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
        child.on('close', (code) => resolve({ code, output }));
      });
    const baseline = await run('baseline');
    assert.equal(baseline.code, 0, baseline.output);
    const check = await run('check');
    assert.equal(check.code, 0, check.output);
    assert.ok(existsSync(join(folder, 'loadlab-junit.xml')), check.output);
  });
});
