import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareRuns } from '../../../src/analysis/regression/index.js';
import type { RunReport } from '../../../src/contract/run-report.js';
import { renderHtml } from '../../../src/render/run/html.js';
import { renderMarkdown } from '../../../src/render/run/markdown.js';
import { renderTerminal } from '../../../src/render/run/terminal.js';
import { regressionSection } from '../../../src/render/sections/gate.js';
import { makeReport } from '../../fixtures/report-fixture.js';

/** The fixture against itself as an incomplete baseline, with pm2 on io in the base only: a comparison with a one-sided trial and a warning. */
function againstBaseline(): RunReport {
  const [first] = makeReport().trials;
  const base: RunReport = { ...makeReport(), complete: false };
  base.trials = [...base.trials, { ...(first as RunReport['trials'][number]), topology: 'pm2', workload: 'io' }];
  const current = { ...makeReport(), startedAt: '2026-03-03T10:00:00.000Z' };
  return { ...current, regression: compareRuns(base, current, { maxRegression: 0.1 }) };
}

test('the comparison against a baseline is one section: the two runs, the table, the legend, the one-sided trials and the warnings', () => {
  const report = againstBaseline();
  const section = regressionSection(report.regression ?? assert.fail('no regression'));
  assert.equal(section.title, 'Against the baseline');
  assert.deepEqual(
    section.blocks.map((block) => block.kind),
    ['entries', 'table', 'paragraph', 'paragraph', 'notes'],
  );
});

test('every format renders the comparison from that one section', () => {
  const report = againstBaseline();
  const terminal = renderTerminal(report, { color: false });
  assert.match(terminal, /^Against the baseline\n {2}Base {5}cluster-vs-single, started .*\n {2}Current {2}cluster-vs-single, started 2026-03-03/m);
  assert.match(terminal, /^How to read it: base and current: the medians/m);
  assert.match(terminal, /^Only in base \(not compared\): pm2 on io$/m);
  assert.match(terminal, /^warning: the base run is incomplete/m);
  const markdown = renderMarkdown(report);
  assert.match(markdown, /^### Against the baseline\n\n- \*\*Base\*\*: cluster-vs-single, started /m);
  assert.match(markdown, /^\*\*Only in base \(not compared\)\*\*: pm2 on io$/m);
  assert.match(markdown, /^\*\*Warnings\*\*\n\n- ⚠️ the base run is incomplete/m);
  const page = renderHtml(report);
  assert.match(page, /<h2>Against the baseline<\/h2>\n<ul><li><strong>Base<\/strong>: cluster-vs-single, started /);
  assert.match(page, /<p class="muted"><strong>How to read it<\/strong>: base and current: the medians/);
  assert.match(page, /<h3>Warnings<\/h3>\n<ul class="notes"><li class="warning">the base run is incomplete/);
});
