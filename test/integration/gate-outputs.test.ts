import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { RunReport } from '../../src/contract/run-report.js';
import { cliPath, fixtureScenario, repoRoot, runCli, tempDir, writtenReport } from '../helpers/cli.js';

const scenario = fixtureScenario('gate.ts');

/** 2 s measured phases, no repeats: what a CI smoke test runs. */
const short = ['--quiet', '--format', 'json', '--no-probes', '--duration', '2s', '--warmup', '200ms'];

/**
 * The fake load (src/measure/drivers/fake.ts): answers of `latencyMs` computed, not waited for.
 * For the tests of the gates' plumbing (exit codes, messages, JUnit, files), where what a real
 * server does under load is not the point; the app is still deployed.
 */
const fake = (latencyMs: number) => ({ LOADLAB_FAKE_LOAD: JSON.stringify({ latencyMs }) });

/** A run at 20 ms saved as the baseline, in a folder of its own. */
async function recordBaseline(): Promise<{ folder: string; base: string }> {
  const folder = tempDir();
  const base = join(folder, 'base.json');
  const recorded = await runCli(['run', scenario, ...short, '--out', folder, '--save-baseline', base], { env: fake(20) });
  assert.equal(recorded.code, 0, recorded.stderr);
  return { folder, base };
}

describe('gates that could not judge, or should not compare', () => {
  test('a comparison that could not be judged exits 1 with its reason on one line, and 0 with --inconclusive warn', async () => {
    const { folder, base } = await recordBaseline();
    // the same app under another topology name: nothing in common
    const other = JSON.parse(readFileSync(base, 'utf8')) as RunReport;
    other.startedAt = new Date(Date.parse(other.startedAt) + 60_000).toISOString();
    other.trials = other.trials.map((trial) => ({ ...trial, topology: 'renamed' }));
    const mismatched = join(folder, 'mismatched.json');
    writeFileSync(mismatched, JSON.stringify(other));
    const junit = join(folder, 'junit.xml');
    const failed = await runCli(['compare', base, mismatched, '--junit', junit]);
    assert.equal(failed.code, 1, failed.stdout + failed.stderr);
    const gateLines = failed.stderr.split('\n').filter((line) => line.startsWith('gate: not judged'));
    assert.ok(
      gateLines.some((line) => /nothing to compare: no topology × workload ran in both runs/.test(line)),
      failed.stderr,
    );
    assert.match(readFileSync(junit, 'utf8'), /failures="[1-9]/);
    const warned = await runCli(['compare', base, mismatched, '--inconclusive', 'warn', '--junit', junit]);
    assert.equal(warned.code, 0, warned.stdout + warned.stderr);
    assert.match(warned.stdout, /Passed with a warning: \d+ checks? could not be judged \(--inconclusive warn\)/);
    assert.match(readFileSync(junit, 'utf8'), /<testsuites [^>]*failures="0"/);
    // a run too short to have 10 windows a side, against a baseline: inconclusive, and the reason says what to do
    const tooShortRun = [
      'run',
      scenario,
      '--quiet',
      '--format',
      'json',
      '--no-probes',
      '--duration',
      '500ms',
      '--warmup',
      '0',
      '--out',
      folder,
      '--baseline',
      base,
    ];
    const tooShort = await runCli(tooShortRun, { env: fake(20) });
    assert.equal(tooShort.code, 1, tooShort.stderr);
    assert.match(tooShort.stderr, /^gate: not judged \(regression\): single on fixed: .*too few to judge .*--duration \d+s, or --repeat 3/m);
    const tooShortWarned = await runCli([...tooShortRun, '--inconclusive', 'warn'], { env: fake(20) });
    assert.equal(tooShortWarned.code, 0, tooShortWarned.stderr);
    assert.equal(writtenReport(tooShortWarned.stderr).outcome?.status, 'inconclusive');
    assert.doesNotMatch(tooShortWarned.stderr, /^gate: /m, 'nothing gated: no line says it failed');
  });

  test('compare X X: exit 2, one line; reports of two scenarios: a warning in the markdown and on stderr', async () => {
    const { folder, base } = await recordBaseline();
    const same = await runCli(['compare', base, base]);
    assert.equal(same.code, 2, same.stderr);
    assert.equal(same.stderr.trim().split('\n').length, 1, same.stderr);
    assert.match(same.stderr, /the same file as the base/);
    const copy = join(folder, 'copy.json');
    writeFileSync(copy, readFileSync(base));
    const sameRun = await runCli(['compare', base, copy]);
    assert.equal(sameRun.code, 2, sameRun.stderr);
    assert.match(sameRun.stderr, /^.*copy\.json: the same run as .*base\.json/);
    const renamed = JSON.parse(readFileSync(base, 'utf8')) as RunReport;
    renamed.scenario.name = 'another';
    renamed.startedAt = new Date(Date.parse(renamed.startedAt) - 60_000).toISOString();
    const other = join(folder, 'other.json');
    writeFileSync(other, JSON.stringify(renamed));
    const summary = join(folder, 'summary.md');
    const across = await runCli(['compare', base, other], { env: { GITHUB_STEP_SUMMARY: summary } });
    for (const text of [across.stdout, across.stderr, readFileSync(summary, 'utf8')]) {
      assert.match(text, /different scenarios: 'another' against the base's 'gate'/);
      assert.match(text, /the base run started after the current one/);
    }
  });
});

describe('run --baseline against a report of another scenario', () => {
  test('the warning is in the terminal, markdown and HTML reports and on stderr, even with --format json --quiet', async () => {
    const { folder, base } = await recordBaseline();
    const other = JSON.parse(readFileSync(base, 'utf8')) as RunReport;
    other.scenario.name = 'another';
    const otherFile = join(folder, 'other.json');
    writeFileSync(otherFile, JSON.stringify(other));
    const warning = /different scenarios: 'gate' against the base's 'another'/;
    const quiet = await runCli(['run', scenario, ...short, '--out', folder, '--baseline', otherFile], { env: fake(20) });
    assert.match(quiet.stderr, warning);
    const everything = await runCli(
      [
        'run',
        scenario,
        '--quiet',
        '--no-probes',
        '--duration',
        '2s',
        '--warmup',
        '200ms',
        '--format',
        'terminal,md,html',
        '--out',
        folder,
        '--baseline',
        otherFile,
      ],
      {
        env: fake(20),
      },
    );
    assert.match(everything.stdout, warning, 'terminal');
    const written = (extension: string) => readFileSync(new RegExp(`report written to (.+\\.${extension})$`, 'm').exec(everything.stderr)?.[1] ?? '', 'utf8');
    assert.match(written('md'), warning, 'markdown');
    assert.match(
      written('html'),
      /different scenarios: &#39;gate&#39; against the base&#39;s &#39;another&#39;|different scenarios: 'gate' against the base's 'another'/,
      'html',
    );
  });
});

describe('thresholds', () => {
  test('a failed threshold exits 1 and is listed in the report', async () => {
    const result = await runCli(
      [
        'run',
        scenario,
        '--quiet',
        '--format',
        'terminal,json',
        '--duration',
        '1s',
        '--warmup',
        '0',
        '--no-probes',
        '--out',
        tempDir(),
        '--threshold',
        'p99 < 1ms',
        '--threshold',
        'errors == 0',
      ],
      { env: fake(20) },
    );
    assert.equal(result.code, 1, result.stderr);
    const report = writtenReport(result.stderr);
    assert.equal(report.gate.passed, false);
    assert.deepEqual(report.scenario.thresholds, ['p99 < 1ms', 'errors == 0']);
    assert.equal(report.gate.failures.length, 1);
    const shown = /^p99 < 1ms: single on fixed had p99 (\d+(?:\.\d+)?) ms/.exec(report.gate.failures[0] ?? '');
    assert.ok(shown, report.gate.failures[0]);
    assert.ok(Number(shown[1]) >= 20, `answers of 20 ms ± 5% cannot have p99 ${shown[1]} ms`);
    assert.match(result.stdout, /p99 < 1ms/, 'the terminal report lists it');
  });

  test('a misspelt metric on the command line: one line naming the option and the valid names, exit 2, nothing run', async () => {
    const result = await runCli(['run', scenario, '--threshold', 'p95 < 150ms']);
    assert.equal(result.code, 2, result.stderr);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.match(
      result.stderr,
      /^--threshold 'p95 < 150ms': unknown metric 'p95' \(p50, p90, p99, p999, max, mean, rps, errors, error_rate, timeouts, non2xx, checks, cpu, rss, fds, connections, el_delay_p99\); did you mean p90\?/,
    );
  });
});

describe('same-job A/B', () => {
  const baseEntry = join(repoRoot, 'test/fixtures/servers/fixed-delay-base.js');
  test('an A/B too short to judge: exit 1, one line saying what to do; 0 with --inconclusive warn', async () => {
    const args = [
      'ab',
      scenario,
      '--base-entry',
      baseEntry,
      '--repeat',
      '1',
      '--quiet',
      '--no-probes',
      '--duration',
      '500ms',
      '--warmup',
      '0',
      '--out',
      tempDir(),
    ];
    const failed = await runCli(args, { env: fake(20) });
    assert.equal(failed.code, 1, failed.stdout + failed.stderr);
    assert.match(failed.stderr, /^gate: not judged \(regression\): single on fixed: .*too few to judge .*--duration \d+s, or --repeat 3/m);
    const warned = await runCli([...args, '--inconclusive', 'warn'], { env: fake(20) });
    assert.equal(warned.code, 0, warned.stdout + warned.stderr);
    assert.match(warned.stdout, /Passed with a warning: \d+ checks? could not be judged \(--inconclusive warn\)/);
  });

  test("the change is judged as run judges it: both sides missing the SLO exit 1, though neither regressed, and the current side's report agrees", async () => {
    const folder = tempDir();
    const junit = join(folder, 'junit.xml');
    const result = await runCli(['ab', scenario, '--base-entry', baseEntry, '--repeat', '2', '--quiet', '--no-probes', '--out', folder, '--junit', junit], {
      env: { ...fake(200), FIXTURE_SLO_MS: '150' },
    });
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(result.stderr, /^gate: failed \(verdict\): single on fixed .*slo-p99/m);
    assert.doesNotMatch(result.stdout, /Every check passed/);
    assert.match(readFileSync(junit, 'utf8'), /<failure type="verdict"/);
    const current = [...result.stderr.matchAll(/report written to (.+-current\.json)/g)].map((match) => match[1] as string)[0];
    assert.ok(current, result.stderr);
    assert.equal((JSON.parse(readFileSync(current, 'utf8')) as RunReport).outcome?.exitCode, 1);
  });
});

describe('docs/ci-example.sh, end to end', () => {
  test('records a baseline, then checks a run against it with JUnit output', async () => {
    const folder = tempDir();
    const env = {
      SCENARIO: scenario,
      BASELINE: join(folder, 'baseline.json'),
      LOADLAB: `${process.execPath} ${cliPath}`,
      REPEAT: '2',
      // a threshold with spaces, quoted as in a shell: one argument to loadlab
      EXTRA: "--no-probes --threshold 'p99 < 5s'",
      OUT: folder,
      ...fake(10),
    };
    const run = (mode: string) =>
      new Promise<{ code: number | null; output: string }>((resolve) => {
        const child = spawn('bash', [join(repoRoot, 'docs/ci-example.sh')], { cwd: repoRoot, env: { ...process.env, ...env, MODE: mode } });
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
        });
        child.stderr.on('data', (chunk: Buffer) => {
          output += chunk.toString();
        });
        child.on('close', (code) => resolve({ code, output }));
      });
    const baseline = await run('baseline');
    assert.equal(baseline.code, 0, baseline.output);
    const check = await run('check');
    assert.equal(check.code, 0, check.output);
    const junit = readFileSync(join(folder, 'loadlab-junit.xml'), 'utf8');
    assert.match(junit, /<testcase [^>]*name="p99 &lt; 5s · single on fixed \(repeat 1\)"/, 'the threshold reached loadlab whole');
    const saved = JSON.parse(readFileSync(env.BASELINE, 'utf8')) as RunReport;
    assert.deepEqual(saved.scenario.thresholds, ['p99 < 5s']);
  });
});
