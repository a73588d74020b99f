import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkOutputs } from '../../../src/render/check-outputs.js';
import { InputError } from '../../../src/contract/errors.js';
import { repoRoot, tempDir } from '../../helpers/cli.js';

/** The lines of the InputError the check throws; [] when it passes. */
async function problems(...targets: Parameters<typeof checkOutputs>[0]): Promise<readonly string[]> {
  try {
    await checkOutputs(targets);
    return [];
  } catch (error) {
    assert.ok(error instanceof InputError, String(error));
    assert.equal(error.exitCode, 2);
    return error.lines;
  }
}

const readme = join(repoRoot, 'README.md');

test('good outputs pass, and leave what the writer would make: the folders, no file', async () => {
  const root = tempDir();
  const summary = join(root, 'summary.md');
  writeFileSync(summary, 'earlier steps\n');
  assert.deepEqual(
    await problems(
      { option: '--out', path: join(root, 'reports', 'ci'), kind: 'folder' },
      { option: '--junit', path: join(root, 'junit', 'loadlab.xml'), kind: 'file' },
      { option: '--save-baseline', path: summary, kind: 'file' },
      { option: 'GITHUB_STEP_SUMMARY', path: summary, kind: 'append' },
      { option: 'GITHUB_STEP_SUMMARY', path: join(root, 'new-summary.md'), kind: 'append' },
    ),
    [],
  );
  assert.ok(statSync(join(root, 'reports', 'ci')).isDirectory());
  assert.deepEqual(readdirSync(join(root, 'reports', 'ci')), [], 'the file made to try is gone');
  assert.deepEqual(readdirSync(join(root, 'junit')), []);
  assert.equal(readFileSync(summary, 'utf8'), 'earlier steps\n', 'untouched');
  assert.ok(!existsSync(join(root, 'new-summary.md')), 'a summary made to try is gone');
});

test('each bad output is a line naming its option and what is wrong, all together', async () => {
  const root = tempDir();
  mkdirSync(join(root, 'a-folder'));
  const lines = await problems(
    { option: '--out', path: '/proc/x', kind: 'folder' },
    { option: '--out', path: join(readme, 'x'), kind: 'folder' },
    { option: '--junit', path: join(root, 'a-folder'), kind: 'file' },
    { option: '--save-baseline', path: '/dev/null', kind: 'file' },
    { option: '--junit', path: join(readme, 'junit.xml'), kind: 'file' },
    { option: 'GITHUB_STEP_SUMMARY', path: join(root, 'missing', 'summary.md'), kind: 'append' },
  );
  assert.deepEqual(lines, [
    '--out /proc/x: /proc cannot hold new folders',
    `--out ${readme}/x: ${readme} is a file, not a folder`,
    `--junit ${root}/a-folder: a folder, not a file`,
    '--save-baseline /dev/null: not a plain file (a device, a pipe or a socket)',
    `--junit ${readme}/junit.xml: ${readme} is a file, not a folder`,
    `GITHUB_STEP_SUMMARY ${root}/missing/summary.md: its folder ${root}/missing does not exist`,
  ]);
  assert.deepEqual(readdirSync(root), ['a-folder'], 'nothing made');
});
