import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, test } from 'node:test';
import { runCommand, type RunCommandOptions } from '../../src/commands/run.js';
import { InputError } from '../../src/contract/errors.js';
import type { RunReport } from '../../src/contract/run-report.js';
import { ProcessOwner } from '../../src/deploy/processes.js';
import { realDrivers } from '../../src/measure/drivers/index.js';
import { fixtureScenario, processesMentioning, repoRoot, startCli, tempDir, waitForOutput, type CliResult } from '../helpers/cli.js';

const demoScenario = 'scenarios/cluster-vs-single.ts';
const demoApp = join(repoRoot, 'examples/demo-app/server.js');
const readme = join(repoRoot, 'README.md');

/** Runs loadlab while watching the process table: did the scenario's app ever start? */
async function runWatching(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult & { appStarted: boolean }> {
  const child = startCli(args, { env });
  let appStarted = false;
  const watch = setInterval(() => {
    if (processesMentioning(demoApp).length > 0) appStarted = true;
  }, 20);
  try {
    return { ...(await child.result), appStarted };
  } finally {
    clearInterval(watch);
  }
}

function assertRefused(result: CliResult & { appStarted: boolean }, lines: RegExp[]): void {
  assert.equal(result.code, 2, result.stderr);
  const said = result.stderr.trim().split('\n');
  assert.equal(said.length, lines.length, result.stderr);
  lines.forEach((line, index) => assert.match(said[index] ?? '', line));
  assert.doesNotMatch(result.stderr, /^\s+at /m, 'no stack trace');
  assert.equal(result.stdout, '');
  assert.equal(result.appStarted, false, 'refused before any process started');
}

describe('output paths checked before anything starts', () => {
  test('--out /proc/x and --out README.md/x: one line naming --out, exit 2, before the app starts', async () => {
    assertRefused(await runWatching(['run', demoScenario, '--out', '/proc/x']), [/^--out \/proc\/x: \/proc cannot hold new folders$/]);
    assertRefused(await runWatching(['run', demoScenario, '--out', 'README.md/x']), [/^--out README\.md\/x: .*README\.md is a file, not a folder$/]);
  });

  test('within a second of the command starting (measured inside loadlab: Node and tsx start-up are not its to spend)', async () => {
    const options: RunCommandOptions = {
      repeat: 1,
      maxRegression: 0.1,
      inconclusive: 'fail',
      out: '/proc/x',
      format: ['terminal', 'md', 'html', 'json'],
      probes: true,
      probeInterval: 500,
      prometheusLinger: 15_000,
    };
    const owner = new ProcessOwner();
    const sink = new PassThrough();
    for (const out of ['/proc/x', join(readme, 'x')]) {
      const started = performance.now();
      await assert.rejects(
        runCommand(
          join(repoRoot, demoScenario),
          { ...options, out },
          { owner, signal: new AbortController().signal, stdout: sink, stderr: sink, drivers: realDrivers },
        ),
        (error) => error instanceof InputError && error.lines.length === 1 && error.lines[0]?.startsWith(`--out ${out}: `) === true,
      );
      const elapsedMs = performance.now() - started;
      assert.ok(elapsedMs < 1000, `refused after ${elapsedMs.toFixed(0)} ms`);
    }
    await owner.stopAll();
  });

  test('--junit, --save-baseline and GITHUB_STEP_SUMMARY: every bad one a line naming it, together', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'a-folder'));
    const result = await runWatching(['run', demoScenario, '--out', join(root, 'reports'), '--junit', join(root, 'a-folder'), '--save-baseline', '/dev/null'], {
      GITHUB_STEP_SUMMARY: join(root, 'missing', 'summary.md'),
    });
    assertRefused(result, [
      /^--junit .*a-folder: a folder, not a file$/,
      /^--save-baseline \/dev\/null: not a plain file/,
      /^GITHUB_STEP_SUMMARY .*summary\.md: its folder .*missing does not exist$/,
    ]);
  });

  test('capacity, ab, compare and report check theirs too', async () => {
    const root = tempDir();
    const saved = join(root, 'run.json');
    writeFileSync(saved, readFileSync(join(repoRoot, 'test/fixtures/saved/run-1.json')));
    const cases: [string[], RegExp][] = [
      [['capacity', demoScenario, '--out', '/proc/x'], /^--out \/proc\/x: \/proc cannot hold new folders$/],
      [
        ['ab', demoScenario, '--base-entry', 'test/fixtures/servers/fixed-delay-base.js', '--out', 'README.md/x'],
        /^--out README\.md\/x: .*README\.md is a file, not a folder$/,
      ],
      [['compare', saved, saved, '--junit', root], /^--junit .*: a folder, not a file$/],
      [['report', saved, '--out', '/proc/x'], /^--out \/proc\/x: \/proc cannot hold new folders$/],
    ];
    for (const [args, line] of cases) assertRefused(await runWatching(args), [line]);
  });
});

describe('a write that still fails at the end', () => {
  test('the --out folder gone mid-run: the measurements go to a fallback file the message names, exit 3', { timeout: 60_000 }, async () => {
    const root = tempDir();
    const out = join(root, 'reports');
    const fallback = tempDir();
    const child = startCli(
      ['run', fixtureScenario('fixed-delay.ts'), '--duration', '1s', '--warmup', '0', '--no-probes', '--format', 'json,md', '--out', out],
      {
        env: { FIXTURE_DELAY_MS: '5', TMPDIR: fallback },
      },
    );
    await waitForOutput(child, 'stderr', (text) => text.includes('single ready at'), 20_000);
    // checked and made before the start; now a file stands where the folder was
    rmSync(out, { recursive: true });
    writeFileSync(out, 'not a folder');
    const result = await child.result;
    assert.equal(result.code, 3, result.stderr);
    assert.match(result.stderr, /^warning: could not keep the JSON report in .*reports \(--out\) as the run goes: .*is a file, not a folder$/m);
    assert.match(result.stderr, /^loadlab: could not write the json report to .*reports \(--out\): .*is a file, not a folder$/m);
    assert.match(result.stderr, /^loadlab: could not write the md report to /m);
    const file = /^loadlab: the JSON report is in (.+\.json) instead \(`loadlab report .+` renders it\)$/m.exec(result.stderr)?.[1];
    assert.ok(file !== undefined && file.startsWith(fallback), result.stderr);
    const report = JSON.parse(readFileSync(file, 'utf8')) as RunReport;
    assert.equal(report.complete, true);
    assert.equal(report.trials.length, 1);
    assert.ok((report.trials[0]?.requests.total ?? 0) > 0);
  });
});
