import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { renderJson } from '../../../src/render/common/json.js';
import type { ReportFormat } from '../../../src/render/report-kind.js';
import { runReport } from '../../../src/render/run/kind.js';
import { renderMarkdown } from '../../../src/render/run/markdown.js';
import { ReportWriter, type OutputPlan } from '../../../src/render/write.js';
import { makeReport } from '../../fixtures/report-fixture.js';
import { tempDir } from '../../helpers/cli.js';

/** A writer whose stdout and stderr are kept as text. */
async function open(plan: OutputPlan, isTTY = false): Promise<{ writer: ReportWriter; stdout: () => string; stderr: () => string }> {
  let stdout = '';
  let stderr = '';
  const writer = await ReportWriter.open(plan, {
    stdout: {
      isTTY,
      write: (text: string) => {
        stdout += text;
      },
    },
    stderr: {
      write: (text: string) => {
        stderr += text;
      },
    },
  });
  return { writer, stdout: () => stdout, stderr: () => stderr };
}

const all: ReportFormat[] = ['terminal', 'md', 'html', 'json'];

test('every file of a report shares the first stem that is free for the JSON, the JSON first; each is said', async () => {
  const out = tempDir();
  writeFileSync(join(out, 'run.json'), 'an earlier run');
  const { writer, stderr } = await open({ out });
  const written = await writer.files(runReport, 'run', all).finish(makeReport());
  assert.deepEqual(
    written,
    ['run-2.json', 'run-2.md', 'run-2.html'].map((name) => join(out, name)),
  );
  assert.equal(readFileSync(join(out, 'run.json'), 'utf8'), 'an earlier run', 'never overwritten');
  assert.equal(readFileSync(join(out, 'run-2.json'), 'utf8'), renderJson(makeReport()));
  assert.equal(readFileSync(join(out, 'run-2.md'), 'utf8'), renderMarkdown(makeReport()));
  assert.equal(stderr(), written.map((path) => `report written to ${path}\n`).join(''));
  assert.deepEqual(
    readdirSync(out).filter((name) => name.includes('.tmp-')),
    [],
    'no temporary file left',
  );
  assert.equal(writer.exitCode(0), 0);
});

test('kept as it goes: each keep rewrites the JSON under the stem the first one claimed, and the end writes every format there', async () => {
  const out = tempDir();
  writeFileSync(join(out, 'run.json'), 'an earlier run');
  const { writer } = await open({ out });
  const files = writer.files(runReport, 'run', ['md', 'json']);
  const report = makeReport();
  const first = { ...report, trials: report.trials.slice(0, 1), complete: false };
  await files.keep(() => first);
  assert.deepEqual(readdirSync(out).sort(), ['run-2.json', 'run.json']);
  assert.equal(readFileSync(join(out, 'run-2.json'), 'utf8'), renderJson(first));
  const second = { ...report, trials: report.trials.slice(0, 2), complete: false };
  await files.keep(() => second);
  assert.equal(readFileSync(join(out, 'run-2.json'), 'utf8'), renderJson(second));
  const done = { ...report, complete: true };
  assert.deepEqual(await files.finish(done), [join(out, 'run-2.json'), join(out, 'run-2.md')]);
  assert.equal(readFileSync(join(out, 'run-2.json'), 'utf8'), renderJson(done));
  assert.equal(readFileSync(join(out, 'run.json'), 'utf8'), 'an earlier run');
});

test('forced to stop: keepAgainNow rebuilds what was last kept, at once (now interrupted); nothing before a keep, nor after the end', async () => {
  const out = tempDir();
  const { writer } = await open({ out });
  const files = writer.files(runReport, 'run', ['json']);
  files.keepAgainNow();
  assert.deepEqual(readdirSync(out), [], 'nothing kept yet');
  const report = makeReport();
  const signal = new AbortController();
  await files.keep(() => ({ ...report, complete: false, interrupted: signal.signal.aborted }));
  signal.abort();
  files.keepAgainNow();
  assert.equal(readFileSync(join(out, 'run.json'), 'utf8'), renderJson({ ...report, complete: false, interrupted: true }));
  await files.finish({ ...report, complete: true });
  files.keepAgainNow();
  assert.equal(readFileSync(join(out, 'run.json'), 'utf8'), renderJson({ ...report, complete: true }), 'the whole report stays');
  assert.deepEqual(readdirSync(out), ['run.json'], 'no temporary file left');
});

test('nothing is kept without JSON among the formats, and the report is not even built', async () => {
  const out = tempDir();
  const { writer } = await open({ out });
  await writer.files(runReport, 'run', ['md']).keep(() => assert.fail('built for nothing'));
  assert.deepEqual(readdirSync(out), []);
});

test('stdout: the terminal report when asked for, the JSON with --json, else nothing', async () => {
  const plain = await open({});
  plain.writer.printReport(runReport, makeReport(), { json: false, formats: ['md'] });
  assert.equal(plain.stdout(), '');
  const terminal = await open({});
  terminal.writer.printReport(runReport, makeReport(), { json: false, formats: ['terminal', 'html'] });
  assert.match(terminal.stdout(), /^loadlab 0\.1\.0 · cluster-vs-single/);
  assert.doesNotMatch(terminal.stdout(), /\x1b\[/, 'no colour off a terminal');
  const json = await open({});
  json.writer.printReport(runReport, makeReport(), { json: true, formats: ['terminal'] });
  assert.equal(json.stdout(), renderJson(makeReport()));
});

test("'replace': a re-rendered report takes the names of its stem", async () => {
  const out = tempDir();
  writeFileSync(join(out, 'run.md'), 'an older rendering');
  const { writer } = await open({ out });
  assert.deepEqual(await writer.files(runReport, 'run', ['md'], 'replace').finish(makeReport()), [join(out, 'run.md')]);
  assert.equal(readFileSync(join(out, 'run.md'), 'utf8'), renderMarkdown(makeReport()));
});

test('the markdown is appended to the step summary; one that fails later is a line naming it, the rest is written, and the exit is 3', async () => {
  const out = tempDir();
  const summary = join(out, 'step-summary.md');
  writeFileSync(summary, 'an earlier step\n');
  const good = await open({ out, stepSummary: summary });
  await good.writer.appendStepSummary(() => renderMarkdown(makeReport()));
  assert.equal(readFileSync(summary, 'utf8'), `an earlier step\n\n${renderMarkdown(makeReport())}`);
  assert.equal(good.writer.exitCode(1), 1);

  const folder = join(tempDir(), 'summary-folder');
  mkdirSync(folder);
  const broken = await open({ out, stepSummary: join(folder, 'summary.md') });
  // it was fine when the writer opened; its folder is gone now
  rmSync(folder, { recursive: true });
  await broken.writer.appendStepSummary(() => 'markdown');
  const written = await broken.writer.files(runReport, 'run', ['json']).finish(makeReport());
  assert.equal(written.length, 1, 'the other outputs are still written');
  assert.match(broken.stderr(), /^loadlab: could not append the markdown report to GITHUB_STEP_SUMMARY \(.*summary\.md\): ENOENT/m);
  assert.equal(broken.writer.exitCode(0), 3);
  assert.equal(broken.writer.exitCode(1), 3);
});

test('--junit and --save-baseline: written atomically and said; not rendered when not asked for', async () => {
  const out = tempDir();
  const { writer, stderr } = await open({ junit: join(out, 'ci', 'junit.xml'), saveBaseline: join(out, 'baseline.json') });
  await writer.writeFile('junit', () => '<testsuites/>\n');
  await writer.writeFile('saveBaseline', () => '{}\n');
  assert.equal(readFileSync(join(out, 'ci', 'junit.xml'), 'utf8'), '<testsuites/>\n');
  assert.equal(readFileSync(join(out, 'baseline.json'), 'utf8'), '{}\n');
  assert.equal(stderr(), `JUnit XML written to ${join(out, 'ci', 'junit.xml')}\nbaseline saved to ${join(out, 'baseline.json')}\n`);
  const none = await open({});
  await none.writer.writeFile('junit', () => assert.fail('rendered for nothing'));
  assert.equal(none.stderr(), '');
});

test('a report folder that fails at the end: the JSON goes to the temporary folder, named, and the exit is 3', async () => {
  const out = join(tempDir(), 'reports');
  const { writer, stderr } = await open({ out });
  // the folder was fine when the writer opened (the check made it); a file now stands in its place
  rmSync(out, { recursive: true });
  writeFileSync(out, 'not a folder');
  const report = makeReport();
  const written = await writer.files(runReport, 'lost-run', ['json', 'md']).finish(report);
  assert.deepEqual(written, []);
  const fallback = /^loadlab: the JSON report is in (.+) instead \(`loadlab report .+` renders it\)$/m.exec(stderr())?.[1];
  assert.ok(fallback, stderr());
  try {
    assert.equal(basename(fallback), 'lost-run.json');
    assert.equal(readFileSync(fallback, 'utf8'), renderJson(report));
    assert.match(stderr(), /^loadlab: could not write the json report to .*reports \(--out\): .*is a file, not a folder$/m);
    assert.match(stderr(), /^loadlab: could not write the md report to /m);
  } finally {
    rmSync(fallback, { force: true });
  }
  assert.equal(writer.exitCode(0), 3);
});

test('when even the temporary folder fails, the JSON goes to stderr: measurements are never thrown away', async () => {
  const out = join(tempDir(), 'reports');
  const { writer, stderr } = await open({ out });
  rmSync(out, { recursive: true });
  writeFileSync(out, 'not a folder');
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = join(out, 'tmp');
  try {
    await writer.files(runReport, 'lost-run', ['json']).finish(makeReport());
  } finally {
    process.env.TMPDIR = saved;
  }
  assert.match(stderr(), /^loadlab: nor could it be written to .*tmp \(.*\); here it is:$/m);
  assert.ok(stderr().includes(renderJson(makeReport()).trimEnd()));
  assert.equal(writer.exitCode(0), 3);
});
