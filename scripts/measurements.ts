/**
 * npm test's last group: the measurements (test/measurements, at any depth), one file at a time
 * on a machine the other groups have left quiet. Run with `node --import tsx`: each test file's
 * process inherits the flag.
 */
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import { testFilesOf } from './test-files.js';

const tests = run({ files: testFilesOf('measurements'), concurrency: 1 });
tests.on('test:fail', () => {
  process.exitCode = 1;
});
tests.compose(new spec()).pipe(process.stdout);
