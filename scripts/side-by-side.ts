/**
 * npm test's side-by-side group: the unit tests (one process, test/unit/all.ts) and the
 * integration files, three at a time, the longest first. `node --test` sorts its files by name,
 * which started the longest (topologies, about a minute alone) last, with one core idle behind
 * it. Run with `node --import tsx`: each test file's process inherits the flag.
 */
import { basename, join } from 'node:path';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import { testFilesOf, testFolder } from './test-files.js';

/** The integration files that take longest alone (17–60 s each, measured on 2 cores), longest first. */
const longestFirst = [
  'topologies',
  'lifeline',
  'runtimes',
  'shards',
  'k8s',
  'hostile',
  'run-demo',
  'html-browser',
  'gate-outputs',
  'outcome',
  'packed-package',
  'process-exits',
  'checkout-flow',
];

const integration = testFilesOf('integration');
const long = longestFirst.map((name) => join(testFolder, 'integration', `${name}.test.ts`));
const missing = long.filter((file) => !integration.includes(file));
if (missing.length > 0)
  throw new Error(`scripts/side-by-side.ts names integration files that do not exist: ${missing.map((file) => basename(file)).join(', ')}`);
// the unit tests, ~30 s in one process, go after the long ones and before the short ones
const files = [...long, join(testFolder, 'unit', 'all.ts'), ...integration.filter((file) => !long.includes(file))];

const tests = run({ files, concurrency: 3 });
tests.on('test:fail', () => {
  process.exitCode = 1;
});
tests.compose(new spec()).pipe(process.stdout);
