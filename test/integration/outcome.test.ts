import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { RunReport } from '../../src/contract/run-report.js';
import { fixtureScenario, runCli, tempDir } from '../helpers/cli.js';
import { escapeMarkdown } from '../../src/text/markdown.js';

const scenario = fixtureScenario('gate.ts');
const quick = ['--no-probes', '--duration', '2s', '--warmup', '200ms'];

/**
 * The fake load (src/measure/drivers/fake.ts): answers of `latencyMs` computed, not waited for.
 * What is tested here is that every output tells the one outcome, not what a server does under
 * load; only the run that needs the probes' verdicts with data drives a real one.
 */
const fake = (latencyMs: number) => ({ LOADLAB_FAKE_LOAD: JSON.stringify({ latencyMs }) });

interface Told {
  code: number | null;
  report: RunReport;
  terminal: string;
  markdown: string;
  html: string;
  summary: string;
  junit: string;
  stderr: string;
}

/** One run with every output: the terminal report on stdout, JSON, markdown and HTML files, the step summary and JUnit. */
async function runTelling(latencyMs: number, extra: string[], folder = tempDir(), env: NodeJS.ProcessEnv = {}): Promise<Told> {
  const summary = join(folder, 'step-summary.md');
  const junit = join(folder, 'junit.xml');
  const result = await runCli(['run', scenario, ...quick, '--quiet', '--format', 'terminal,md,html,json', '--out', folder, '--junit', junit, ...extra], {
    env: { ...fake(latencyMs), GITHUB_STEP_SUMMARY: summary, ...env },
  });
  const file = (extension: string) => {
    const path = new RegExp(`report written to (.+\\.${extension})$`, 'm').exec(result.stderr)?.[1];
    assert.ok(path, `no ${extension} report: ${result.stderr}`);
    return readFileSync(path, 'utf8');
  };
  return {
    code: result.code,
    report: JSON.parse(file('json')) as RunReport,
    terminal: result.stdout,
    markdown: file('md'),
    html: file('html'),
    summary: existsSync(summary) ? readFileSync(summary, 'utf8') : '',
    junit: existsSync(junit) ? readFileSync(junit, 'utf8') : '',
    stderr: result.stderr,
  };
}

/** Every place the outcome is told agrees with the exit code. */
function assertOneStory(told: Told, status: 'passed' | 'failed' | 'inconclusive'): void {
  const { outcome } = told.report;
  assert.ok(outcome, 'the JSON has an outcome');
  assert.equal(outcome.status, status, outcome.headline);
  const expectedCode = status === 'passed' ? 0 : 1;
  assert.equal(told.code, expectedCode, told.stderr);
  assert.equal(outcome.exitCode, expectedCode);
  assert.equal(told.report.gate.passed, expectedCode === 0, 'the JSON gate agrees');
  assert.equal(told.report.summary?.[0], outcome.headline, 'the summary opens with it');
  // the terminal: the first line after its header (the title and the run's description, then a blank line)
  const terminalLines = told.terminal.split('\n');
  const firstBlank = terminalLines.indexOf('');
  // the headline says its status once ('Failed: …', never 'FAILED Failed: …')
  assert.equal(
    terminalLines.slice(firstBlank + 1).find((line) => line !== ''),
    outcome.headline,
    told.terminal,
  );
  // the markdown and the step summary: in bold with the icon of its status (green only when everything was judged and passed)
  const icon = status === 'failed' ? '❌' : status === 'passed' && outcome.unjudgedVerdicts === 0 ? '✅' : '⚠️';
  for (const [name, text] of [
    ['markdown', told.markdown],
    ['step summary', told.summary],
  ] as const) {
    assert.match(text, new RegExp(`^\\*\\*${icon} ${escape(outcome.headline)}\\*\\*$`, 'm'), name);
  }
  // green only when everything was judged and passed; amber when something was not judged
  const level = status === 'failed' ? 'failed' : status === 'passed' && outcome.unjudgedVerdicts === 0 ? 'passed' : 'warned';
  assert.ok(told.html.includes(`<div class="gate ${level}"><p><strong>`), 'the page opens with it');
  assert.ok(told.html.includes(htmlText(outcome.headline)), 'the page says the headline');
  // JUnit has a failure exactly when the exit is 1
  const failures = Number(/<testsuites [^>]*failures="(\d+)"/.exec(told.junit)?.[1] ?? 'NaN');
  assert.equal(failures > 0, expectedCode === 1, told.junit);
  // "Every check passed." only when all of it passed
  const claimsAllPassed = [told.terminal, told.markdown, told.html, told.summary, JSON.stringify(told.report)].some((text) =>
    text.includes('Every check passed'),
  );
  assert.equal(claimsAllPassed, status === 'passed' && outcome.unjudgedVerdicts === 0);
  // each check once in every output: the terminal report on stdout lists each, so stderr gives the headline only (even with --quiet)
  for (const check of [...outcome.failed, ...outcome.inconclusive]) {
    assert.equal(told.terminal.split(check.message).length - 1, 1, `${check.message} once in the terminal report`);
    assert.equal(told.markdown.split(escapeMarkdown(check.message)).length - 1, 1, `${check.message} once in the markdown`);
    assert.ok(!told.stderr.includes(check.message), `${check.message} not again on stderr`);
  }
  const gateLines = told.stderr.split('\n').filter((line) => line.startsWith('gate: '));
  assert.deepEqual(gateLines, expectedCode === 1 ? [`gate: ${outcome.headline} (each check is listed in the report on stdout)`] : [], told.stderr);
}

function escape(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&').replace(/ /g, ' ');
}

function htmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

describe('one outcome, told the same everywhere', () => {
  test('all passing', async () => {
    const told = await runTelling(20, ['--threshold', 'errors == 0']);
    // probes are off: the verdicts that need them have no data, so the headline cannot say every check passed
    assertOneStory(told, 'passed');
    assert.match(told.report.outcome?.headline ?? '', /^Passed: nothing failed, but \d+ verdicts had no data\.$/);
  });

  test('all passing, every verdict with data: "Every check passed."', async () => {
    const folder = tempDir();
    const summary = join(folder, 'step-summary.md');
    const result = await runCli(
      ['run', scenario, '--duration', '2s', '--warmup', '200ms', '--quiet', '--format', 'md,json', '--out', folder, '--threshold', 'errors == 0'],
      { env: { FIXTURE_DELAY_MS: '20', GITHUB_STEP_SUMMARY: summary } },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(readFileSync(summary, 'utf8'), /^\*\*✅ Every check passed\.\*\*$/m);
  });

  test('a failed threshold', async () => {
    const told = await runTelling(20, ['--threshold', 'p99 < 1ms']);
    assertOneStory(told, 'failed');
    assert.deepEqual(
      told.report.outcome?.failed.map((check) => check.source),
      ['threshold'],
    );
    assert.match(told.terminal, /^ {2}- p99 < 1ms: single on fixed had p99 \d+(\.\d+)? ms \(threshold\)$/m);
  });

  test('a failed trial verdict (the SLO)', async () => {
    const told = await runTelling(200, [], tempDir(), { FIXTURE_SLO_MS: '150' });
    assertOneStory(told, 'failed');
    assert.ok(
      told.report.outcome?.failed.some((check) => check.source === 'verdict' && /slo-p99/.test(check.message)),
      JSON.stringify(told.report.outcome),
    );
    assert.match(told.junit, /<testcase [^>]*name="single on fixed · slo-p99">\s*<failure type="verdict"/);
  });

  test('a regression against a baseline', async () => {
    const folder = tempDir();
    const baseline = join(folder, 'baseline.json');
    const recorded = await runCli(['run', scenario, ...quick, '--quiet', '--format', 'json', '--out', folder, '--save-baseline', baseline], {
      env: fake(20),
    });
    assert.equal(recorded.code, 0, recorded.stderr);
    const told = await runTelling(40, ['--baseline', baseline], folder);
    assertOneStory(told, 'failed');
    assert.ok(told.report.outcome?.failed.every((check) => check.source === 'regression'));
    // the comparison is in every report, with its legend
    for (const text of [told.terminal, told.markdown, told.html]) assert.match(text, /median/);
    assert.match(told.markdown, /^### Against the baseline$/m);
    assert.match(told.markdown, /\| single \| fixed \| p50 \| \d+ \/ \d+ × 100 ms \| 2\d\.\d ms \(2\d\.\d ms\) \| 4\d\.\d ms \(4\d\.\d ms\) \|/);
  });

  test('an inconclusive comparison', async () => {
    const folder = tempDir();
    const baseline = join(folder, 'baseline.json');
    const recorded = await runCli(['run', scenario, ...quick, '--quiet', '--format', 'json', '--out', folder, '--save-baseline', baseline], {
      env: fake(20),
    });
    assert.equal(recorded.code, 0, recorded.stderr);
    // 500 ms at 250 req/s: 5 windows, too few to judge
    const told = await runTelling(20, ['--baseline', baseline, '--duration', '500ms'], folder);
    assertOneStory(told, 'inconclusive');
    assert.match(told.report.outcome?.headline ?? '', /^Not passed: \d+ checks? could not be judged/);
  });

  test('--format json,md --quiet: a failed threshold still names itself on stderr', async () => {
    const result = await runCli(['run', scenario, ...quick, '--quiet', '--format', 'json,md', '--out', tempDir(), '--threshold', 'p99 < 1ms'], {
      env: fake(20),
    });
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^gate: failed \(threshold\): p99 < 1ms: single on fixed had p99 /m);
  });

  test('--save-baseline: a failing run leaves the old baseline as it was, and says so; --save-baseline-always saves it', async () => {
    const folder = tempDir();
    const baseline = join(folder, 'baseline.json');
    const good = await runCli(['run', scenario, ...quick, '--quiet', '--format', 'json', '--out', folder, '--save-baseline', baseline], {
      env: fake(20),
    });
    assert.equal(good.code, 0, good.stderr);
    const before = readFileSync(baseline, 'utf8');
    const failing = await runCli(
      ['run', scenario, ...quick, '--quiet', '--format', 'json', '--out', folder, '--save-baseline', baseline, '--threshold', 'p99 < 1ms'],
      { env: fake(20) },
    );
    assert.equal(failing.code, 1);
    assert.match(failing.stderr, /^baseline not saved to .*baseline\.json: the run's gate did not pass \(Failed: 1 threshold\.\); the old baseline is kept/m);
    assert.equal(readFileSync(baseline, 'utf8'), before);
    const forced = await runCli(
      [
        'run',
        scenario,
        ...quick,
        '--quiet',
        '--format',
        'json',
        '--out',
        folder,
        '--save-baseline',
        baseline,
        '--save-baseline-always',
        '--threshold',
        'p99 < 1ms',
      ],
      { env: fake(20) },
    );
    assert.equal(forced.code, 1);
    assert.match(forced.stderr, /^baseline saved to /m);
    assert.notEqual(readFileSync(baseline, 'utf8'), before);
  });
});
