import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, test } from 'node:test';
import { renderCapacityHtml } from '../../src/render/capacity/html.js';
import { renderJson } from '../../src/render/common/json.js';
import { renderCapacityMarkdown } from '../../src/render/capacity/markdown.js';
import { renderCapacityTerminal } from '../../src/render/capacity/terminal.js';
import { makeCapacityReport } from '../fixtures/capacity-fixture.js';
import { fixtureScenario, runCli, tempDir } from '../helpers/cli.js';

const short = ['--duration', '1s', '--warmup', '0', '--quiet'];

function written(stderr: string): string[] {
  return [...stderr.matchAll(/^report written to (.+)$/gm)].map((match) => match[1] ?? '');
}

describe('report formats', () => {
  test('by default: the terminal report on stdout, JSON, markdown and HTML under one stem, the markdown appended to GITHUB_STEP_SUMMARY; `report` reproduces the markdown byte for byte', async () => {
    const out = tempDir();
    const summary = join(tempDir(), 'step-summary.md');
    writeFileSync(summary, '# an earlier step\n');
    const run = await runCli(['run', fixtureScenario('fixed-delay.ts'), ...short, '--out', out], {
      // the fake load: what is tested is where the reports go, not what a server does under load
      env: { FIXTURE_DELAY_MS: '5', LOADLAB_FAKE_LOAD: '{"latencyMs": 5}', GITHUB_STEP_SUMMARY: summary },
    });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^loadlab \d+\.\d+\.\d+ · fixed-delay-5ms$/m);
    const files = written(run.stderr);
    assert.deepEqual(
      files.map((file) => file.slice(file.lastIndexOf('.'))),
      ['.json', '.md', '.html'],
    );
    const stem = basename(files[0] ?? '', '.json');
    assert.match(stem, /^fixed-delay-5ms-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ$/);
    assert.deepEqual(readdirSync(out).sort(), [`${stem}.html`, `${stem}.json`, `${stem}.md`]);
    const markdown = readFileSync(join(out, `${stem}.md`), 'utf8');
    assert.match(markdown, /^## loadlab · fixed-delay-5ms\n/);
    assert.equal(readFileSync(summary, 'utf8'), `# an earlier step\n\n${markdown}`);

    const elsewhere = tempDir();
    const again = await runCli(['report', join(out, `${stem}.json`), '--format', 'md', '--out', elsewhere]);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(written(again.stderr), [join(elsewhere, `${stem}.md`)]);
    assert.equal(readFileSync(join(elsewhere, `${stem}.md`), 'utf8'), markdown);
    assert.equal(again.stdout, '');

    // Without --out: md and html beside the JSON, replacing the run's own renderings with the same bytes.
    const beside = await runCli(['report', join(out, `${stem}.json`)]);
    assert.equal(beside.code, 0, beside.stderr);
    assert.deepEqual(written(beside.stderr), [join(out, `${stem}.md`), join(out, `${stem}.html`)]);
    assert.equal(readFileSync(join(out, `${stem}.md`), 'utf8'), markdown);
    assert.deepEqual(readdirSync(out).sort(), [`${stem}.html`, `${stem}.json`, `${stem}.md`]);
  });

  test('--format md,json writes those two with the same stem and prints nothing on stdout', async () => {
    const out = tempDir();
    const run = await runCli(['run', fixtureScenario('fixed-delay.ts'), ...short, '--out', out, '--format', 'md,json'], {
      env: { FIXTURE_DELAY_MS: '5', LOADLAB_FAKE_LOAD: '{"latencyMs": 5}' },
    });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '');
    const names = readdirSync(out).sort();
    assert.equal(names.length, 2, names.join(', '));
    const [json, md] = names;
    assert.ok(json && md && json.endsWith('.json') && md.endsWith('.md'), names.join(', '));
    assert.equal(basename(json, '.json'), basename(md, '.md'));
  });

  test('an unknown format: exit 2, one line', async () => {
    const run = await runCli(['run', fixtureScenario('fixed-delay.ts'), '--format', 'md,pdf']);
    assert.equal(run.code, 2);
    assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
    assert.match(run.stderr, /unknown format 'pdf' \(terminal, md, html, json\)/);
    const report = await runCli(['report', 'whatever.json', '--format', 'json']);
    assert.equal(report.code, 2);
    assert.match(report.stderr.trim(), /^error: .*unknown format 'json' \(terminal, md, html\)$/);
  });

  test('`report` refuses what is not a loadlab run or capacity report: exit 2, one line', async () => {
    const folder = tempDir();
    const expected = "expected schema 'loadlab\\/run@1' or 'loadlab\\/capacity@1'";
    const cases: Array<[name: string, content: string | null, message: RegExp]> = [
      ['package.json', JSON.stringify({ name: 'x', version: '1.0.0' }), new RegExp(`package\\.json: not a loadlab report: ${expected}, found no schema$`)],
      ['other.json', JSON.stringify({ schema: 'something/else' }), new RegExp(`other\\.json: not a loadlab report: ${expected}, found 'something\\/else'$`)],
      ['broken.json', '{"schema": "loadlab/run@1",', /broken\.json: not a loadlab report: not JSON \(.+\)$/],
      ['hollow.json', JSON.stringify({ schema: 'loadlab/run@1' }), /hollow\.json: a damaged loadlab run report: 'trials' is not a list$/],
      [
        'hollow-capacity.json',
        JSON.stringify({ ...makeCapacityReport(), results: undefined }),
        /hollow-capacity\.json: a damaged loadlab capacity report: 'results' is not a list$/,
      ],
      [
        'stepless.json',
        JSON.stringify({ ...makeCapacityReport(), results: [{ topology: 'single' }] }),
        /stepless\.json: a damaged loadlab capacity report: 'results\[0\]\.steps' is not a list$/,
      ],
      ['missing.json', null, /missing\.json: no such file$/],
    ];
    for (const [name, content, message] of cases) {
      if (content !== null) writeFileSync(join(folder, name), content);
      const result = await runCli(['report', join(folder, name)]);
      assert.equal(result.code, 2, `${name}: ${result.stderr}`);
      assert.equal(result.stderr.trim().split('\n').length, 1, `${name}: ${result.stderr}`);
      assert.match(result.stderr.trim(), message);
    }
    assert.deepEqual(
      readdirSync(folder).sort(),
      ['broken.json', 'hollow-capacity.json', 'hollow.json', 'other.json', 'package.json', 'stepless.json'],
      'nothing written',
    );
    // compare reads runs only
    const capacityFile = join(folder, 'capacity.json');
    writeFileSync(capacityFile, renderJson(makeCapacityReport()));
    const compared = await runCli(['compare', capacityFile, capacityFile]);
    assert.equal(compared.code, 2, compared.stderr);
    assert.match(compared.stderr.trim(), /capacity\.json: not a loadlab run report: expected schema 'loadlab\/run@1', found 'loadlab\/capacity@1'$/);
  });

  test('`report` renders a saved capacity search again: md and html beside it as the renderers give them, the terminal report on stdout', async () => {
    const folder = tempDir();
    const report = makeCapacityReport();
    const stem = 'cluster-vs-single-capacity-2026-03-02T10-00-00Z';
    writeFileSync(join(folder, `${stem}.json`), renderJson(report));
    writeFileSync(join(folder, `${stem}.md`), 'an earlier rendering\n');
    const beside = await runCli(['report', join(folder, `${stem}.json`)]);
    assert.equal(beside.code, 0, beside.stderr);
    assert.deepEqual(written(beside.stderr), [join(folder, `${stem}.md`), join(folder, `${stem}.html`)]);
    assert.equal(readFileSync(join(folder, `${stem}.md`), 'utf8'), renderCapacityMarkdown(report), 'replaced');
    assert.equal(readFileSync(join(folder, `${stem}.html`), 'utf8'), renderCapacityHtml(report));
    assert.equal(beside.stdout, '');

    const elsewhere = tempDir();
    const terminal = await runCli(['report', join(folder, `${stem}.json`), '--format', 'terminal,html', '--out', elsewhere]);
    assert.equal(terminal.code, 0, terminal.stderr);
    assert.deepEqual(written(terminal.stderr), [join(elsewhere, `${stem}.html`)]);
    assert.equal(terminal.stdout, renderCapacityTerminal(report, { color: false }));
  });
});
