/**
 * Every unit test file (any `*.test.ts` under test/unit, at any depth), run in this one process: npm test's
 * runner would start a process for each, and Node with tsx costs ~0.6 s of CPU before a test
 * runs, fifty times over on a 2-core machine. A unit test file still runs alone with
 * `node --import tsx --test test/unit/<stage>/<name>.test.ts`.
 */
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { testFilesOf } from '../../scripts/test-files.js';

const testFiles = testFilesOf('unit');

/*
 * The files' top-level code (temporary folders made at import) must not run while an earlier
 * file's test has changed the environment (TMPDIR) across an await: this first test holds the
 * others, which run one at a time after it, until every file is imported. A file that cannot be
 * imported fails it, by name.
 */
let imported = (): void => undefined;
let notImported = (_error: unknown): void => undefined;
const importing = new Promise<void>((resolve, reject) => {
  imported = resolve;
  notImported = reject;
});
importing.catch(() => undefined);
test(`the ${testFiles.length} unit test files, imported before any of their tests runs`, () => importing);

try {
  for (const file of testFiles) await import(pathToFileURL(file).href);
  imported();
} catch (error) {
  notImported(error);
}
