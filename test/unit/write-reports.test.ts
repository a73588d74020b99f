import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderJson } from '../../src/render/run/json.js';
import { renderMarkdown } from '../../src/render/run/markdown.js';
import { writeReports, type ReportSinks } from '../../src/render/run/write.js';
import { makeReport } from '../fixtures/report-fixture.js';

function folder(t: { after(fn: () => void): void }): string {
  const path = mkdtempSync(join(tmpdir(), 'loadlab-write-'));
  t.after(() => rmSync(path, { recursive: true, force: true }));
  return path;
}

function sinks(out: string, overrides: Partial<ReportSinks> = {}): ReportSinks & { printed: string[] } {
  const printed: string[] = [];
  return {
    formats: ['md', 'json'],
    folder: out,
    stem: 'run',
    naming: 'first-free',
    stdout: { write: (text) => printed.push(text), json: false, color: false },
    printed,
    ...overrides,
  };
}

test('every file of a run shares the first stem that is free for the JSON', async (t) => {
  const out = folder(t);
  writeFileSync(join(out, 'run.json'), 'an earlier run');
  const written = await writeReports(makeReport(), sinks(out, { formats: ['terminal', 'md', 'html', 'json'] }));
  assert.deepEqual(
    written.files,
    ['run-2.json', 'run-2.md', 'run-2.html'].map((name) => join(out, name)),
  );
  assert.equal(readFileSync(join(out, 'run.json'), 'utf8'), 'an earlier run', 'never overwritten');
  assert.equal(readFileSync(join(out, 'run-2.json'), 'utf8'), renderJson(makeReport()));
  assert.equal(readFileSync(join(out, 'run-2.md'), 'utf8'), renderMarkdown(makeReport()));
  assert.deepEqual(
    readdirSync(out).filter((name) => name.includes('.tmp-')),
    [],
    'no temporary file left',
  );
});

test('only the formats asked for; the terminal report on stdout unless --json', async (t) => {
  const out = folder(t);
  const plain = sinks(out, { formats: ['md'] });
  assert.deepEqual((await writeReports(makeReport(), plain)).files, [join(out, 'run.md')]);
  assert.deepEqual(plain.printed, []);
  const terminal = sinks(out, { formats: ['terminal', 'html'] });
  await writeReports(makeReport(), terminal);
  assert.match(terminal.printed.join(''), /^loadlab 0\.1\.0 · cluster-vs-single/);
  const json = sinks(out, { formats: ['terminal'], stdout: { write: (text) => json.printed.push(text), json: true, color: false } });
  await writeReports(makeReport(), json);
  assert.deepEqual(json.printed, [renderJson(makeReport())]);
});

test('replace: a re-rendered run takes the names of its stem', async (t) => {
  const out = folder(t);
  writeFileSync(join(out, 'run.md'), 'an older rendering');
  const written = await writeReports(makeReport(), sinks(out, { formats: ['md'], naming: 'replace' }));
  assert.deepEqual(written.files, [join(out, 'run.md')]);
  assert.equal(readFileSync(join(out, 'run.md'), 'utf8'), renderMarkdown(makeReport()));
});

test('the markdown is appended to the step summary; a summary that cannot be written is a problem, not a failure', async (t) => {
  const out = folder(t);
  const summary = join(out, 'step-summary.md');
  writeFileSync(summary, 'an earlier step\n');
  const written = await writeReports(makeReport(), sinks(out, { formats: ['json'], appendMarkdownTo: summary }));
  assert.equal(readFileSync(summary, 'utf8'), `an earlier step\n\n${renderMarkdown(makeReport())}`);
  assert.deepEqual(written.problems, []);
  const broken = await writeReports(makeReport(), sinks(out, { formats: ['json'], appendMarkdownTo: join(out, 'missing-folder', 'summary.md') }));
  assert.equal(broken.files.length, 1);
  assert.equal(broken.problems.length, 1);
  assert.match(broken.problems[0] ?? '', /^could not append the markdown report to GITHUB_STEP_SUMMARY \(.*summary\.md\): ENOENT/);
});
