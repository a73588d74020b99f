import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { after, test } from 'node:test';
import { strayTestFiles, testFilesOf } from '../../../scripts/test-files.js';

const roots: string[] = [];
after(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

/** A test/ folder made of the given files, each `path: contents`. */
function testTree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'loadlab-test-files-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const aTest = "import { test } from 'node:test';\ntest('x', () => {});\n";
const groups = { 'unit/a.test.ts': aTest, 'integration/b.test.ts': aTest, 'measurements/c.test.ts': aTest };

test('a test file two folders below its group is found', () => {
  const root = testTree({ ...groups, 'unit/measure/drivers/x.test.ts': aTest });
  assert.deepEqual(
    testFilesOf('unit', root).map((file) => relative(root, file)),
    ['unit/a.test.ts', 'unit/measure/drivers/x.test.ts'],
  );
});

test('a test file outside the three groups fails every group, by name', () => {
  const root = testTree({ ...groups, 'helpers/stray.test.ts': aTest });
  assert.deepEqual(strayTestFiles(root), ['helpers/stray.test.ts']);
  assert.throws(() => testFilesOf('integration', root), /helpers\/stray\.test\.ts: not under test\/unit\//);
});

test('a group with no file fails', () => {
  const root = testTree({ 'unit/a.test.ts': aTest, 'integration/b.test.ts': aTest });
  assert.throws(() => testFilesOf('measurements', root), /test\/measurements\/: no \*\.test\.ts file/);
});

test('a file that declares no test fails, by name', () => {
  const root = testTree({ ...groups, 'unit/empty.test.ts': "import assert from 'node:assert';\nassert.ok(true);\n" });
  assert.throws(() => testFilesOf('unit', root), /unit\/empty\.test\.ts: declares no test/);
});

test('non-test files beside the tests are not test files', () => {
  const root = testTree({ ...groups, 'unit/helper.ts': aTest, 'unit/all.ts': aTest });
  assert.deepEqual(
    testFilesOf('unit', root).map((file) => relative(root, file)),
    ['unit/a.test.ts'],
  );
});
