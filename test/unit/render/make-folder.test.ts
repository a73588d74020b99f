import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { makeFolder } from '../../../src/render/make-folder.js';
import { repoRoot, tempDir } from '../../helpers/cli.js';

test('makes the missing folders from the top down and says which it made', async () => {
  const root = tempDir();
  const target = join(root, 'a', 'b', 'c');
  assert.deepEqual(await makeFolder(target), [join(root, 'a'), join(root, 'a', 'b'), target]);
  assert.ok(statSync(target).isDirectory());
  assert.deepEqual(await makeFolder(target), [], 'nothing to make the second time');
});

test(
  'under /proc (a folder that cannot hold folders) it fails at once, naming it, where Node’s recursive mkdir never returns',
  { skip: existsSync('/proc/self') ? false : 'no /proc here', timeout: 5000 },
  async () => {
    await assert.rejects(makeFolder('/proc/x'), { code: 'ENOENT', message: '/proc cannot hold new folders' });
    await assert.rejects(makeFolder('/proc/x/y/z'), { code: 'ENOENT', message: '/proc cannot hold new folders' });
  },
);

test('a file on the way is named: README.md/x', async () => {
  const readme = join(repoRoot, 'README.md');
  await assert.rejects(makeFolder(join(readme, 'x')), { code: 'ENOTDIR', message: `${readme} is a file, not a folder` });
  await assert.rejects(makeFolder(readme), { code: 'ENOTDIR', message: `${readme} is a file, not a folder` });
  assert.ok(statSync(readme).isFile());
});
