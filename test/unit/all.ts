/**
 * Every unit test file (test/unit/<stage>/*.test.ts), run in this one process: npm test's
 * runner would start a process for each, and Node with tsx costs ~0.6 s of CPU before a test
 * runs, fifty times over on a 2-core machine. A unit test file still runs alone with
 * `node --import tsx --test test/unit/<stage>/<name>.test.ts`.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

const unitFolder = fileURLToPath(new URL('.', import.meta.url));

const testFiles = readdirSync(unitFolder, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((stage) =>
    readdirSync(join(unitFolder, stage.name))
      .filter((name) => name.endsWith('.test.ts'))
      .map((name) => join(unitFolder, stage.name, name)),
  )
  .sort();

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
