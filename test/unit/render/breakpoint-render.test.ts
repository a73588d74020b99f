import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TrialResult } from '../../../src/contract/trial.js';
import { renderHtml } from '../../../src/render/run/html.js';
import { renderMarkdown } from '../../../src/render/run/markdown.js';
import { renderTerminal } from '../../../src/render/run/terminal.js';
import { breakpointRows } from '../../../src/render/run/breakpoint-figures.js';
import { makeReport } from '../../fixtures/report-fixture.js';

/** The fixture's single on cpu as an open-model ramp from 100 to 600 req/s over its 5 s, broken at 2.4 s; cluster on cpu stopped early. */
function stagedReport() {
  const report = makeReport();
  const [single, , cluster] = report.trials as [TrialResult, TrialResult, TrialResult];
  single.load = { ...single.load, model: 'open', rate: 100, stages: [{ durationMs: 5000, target: 600 }] };
  single.breakpoint = { rps: 340, atMs: 2400, metric: 'p99', value: 212, limit: 150 };
  cluster.aborted = { atMs: 1250, threshold: 'p99 < 100ms', message: 'p99 < 100ms: had p99 131 ms' };
  return report;
}

test('breakpoint rows: the rate asked for in the middle of each second, the second it broke in marked', () => {
  const rows = breakpointRows(stagedReport().trials[0] as TrialResult);
  assert.equal(rows.length, 5);
  assert.deepEqual(
    rows.map((row) => [row[0], row[1], row[6]]),
    [
      ['0 s', '150 req/s', ''],
      ['1 s', '250 req/s', ''],
      ['2 s', '350 req/s', '◀ broke here'],
      ['3 s', '450 req/s', ''],
      ['4 s', '550 req/s', ''],
    ],
  );
});

for (const [format, render] of [
  ['terminal', (report: ReturnType<typeof stagedReport>) => renderTerminal(report, { color: false })],
  ['markdown', renderMarkdown],
  ['html', (report: ReturnType<typeof stagedReport>) => String(renderHtml(report))],
] as const) {
  test(`${format}: the breakpoint in words with its table, and why a trial stopped early`, () => {
    const text = render(stagedReport());
    assert.match(text, /p99 crossed 150 ms at 340 req\/s, 2\.4 s into the ramp/);
    assert.match(text, /◀ broke here/);
    assert.match(text, /stopped 1\.3 s into the measured phase: p99 \\?(<|&lt;) 100ms: had p99 131 ms/);
  });
}
