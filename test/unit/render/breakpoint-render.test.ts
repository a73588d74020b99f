import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TrialResult } from '../../../src/contract/trial.js';
import { renderHtml } from '../../../src/render/run/html.js';
import { renderMarkdown } from '../../../src/render/run/markdown.js';
import { renderTerminal } from '../../../src/render/run/terminal.js';
import { breakpointRows } from '../../../src/render/run/breakpoint-figures.js';
import { breakpointCharts } from '../../../src/render/run/breakpoint-chart.js';
import { textChart } from '../../../src/render/sections/terminal-chart-block.js';
import type { PageData } from '../../../src/render/common/chart-data.js';
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

test('breakpoint charts: p50 and p99, and errors, against the rate asked for in the middle of each second, the breakpoint marked on both', () => {
  const report = stagedReport();
  const single = report.trials[0] as TrialResult;
  const [latency, errors] = breakpointCharts(single, 'breakpoint-0', 150);
  assert.ok(latency && errors);
  assert.deepEqual(
    latency.series.map((series) => series.points.map(([x]) => x)),
    [
      [150, 250, 350, 450, 550],
      [150, 250, 350, 450, 550],
    ],
  );
  assert.deepEqual(
    latency.series[1]?.points.map(([, y]) => y),
    single.series.map((point) => point.p99Ms),
  );
  assert.deepEqual(latency.guides, [{ label: 'p99 target 150 ms', value: 150 }]);
  assert.deepEqual(
    latency.marks.map((mark) => [mark.x, mark.y]),
    [[340, 212]],
  );
  assert.deepEqual(
    errors.marks.map((mark) => [mark.x, mark.y]),
    [[340, null]],
  );
  // a trial that held draws the same charts with nothing marked
  assert.deepEqual(breakpointCharts({ ...single, breakpoint: null }, 'b', 150)[0]?.marks, []);
});

test('a text chart marks the breakpoint in its column: x from the lowest to the highest rate, ▲ where 340 req/s falls', () => {
  const [latency] = breakpointCharts(stagedReport().trials[0] as TrialResult, 'b', 150);
  assert.ok(latency);
  const lines = textChart(latency, false);
  assert.equal(lines[0], 'p50 and p99 against the offered rate');
  const markRow = lines.find((line) => line.trim() === '▲') ?? '';
  const axis = lines.find((line) => line.includes('req/s') && line.trim().startsWith('150 req/s')) ?? '';
  const plotStart = axis.indexOf('150 req/s');
  // 60 columns, the last segment in column 58: 340 is (340 − 150) / (550 − 150) of the way
  assert.equal(markRow.indexOf('▲') - plotStart, Math.round((190 / 400) * 58));
  assert.match(axis, /150 req\/s +550 req\/s$/);
  assert.match(lines.at(-1) ?? '', /── p50 {2}══ p99 {2}┄┄ p99 target 150 ms {2}▲ broke: p99 crossed 150 ms at 340 req\/s/);
});

test('every format draws the breakpoint charts: a text chart in the terminal and in a fenced markdown block, a line chart in the HTML page data', () => {
  const report = stagedReport();
  for (const text of [renderTerminal(report, { color: false }), renderMarkdown(report)]) {
    assert.match(text, /p50 and p99 against the offered rate\n +150 ms ┤┄/);
    assert.match(text, /errors per second against the offered rate\n/);
  }
  assert.match(renderMarkdown(report), /```text\np50 and p99 against the offered rate\n[^`]+▲ broke: p99 crossed 150 ms[^`]+```/);
  const page = renderHtml(report);
  assert.match(page, /<figure class="chart" data-chart="by-offered-rate" data-chart-id="breakpoint-0-latency">/);
  assert.match(page, /data-chart-id="breakpoint-0-errors"/);
  const data = JSON.parse(/<script type="application\/json" id="loadlab-data">(.*?)<\/script>/s.exec(page)?.[1] ?? '{}') as PageData;
  const chart = data.charts['breakpoint-0-latency'];
  assert.ok(chart?.type === 'line');
  assert.equal(chart.xLabel, 'req/s');
  assert.deepEqual(
    chart.marks.map((mark) => [mark.symbol, mark.x, mark.y]),
    [['triangle', 340, 212]],
  );
  // a report without stages has no such chart
  assert.doesNotMatch(renderHtml(makeReport()), /by-offered-rate/);
});
