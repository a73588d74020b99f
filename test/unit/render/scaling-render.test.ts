import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scalingCurves } from '../../../src/analysis/scaling/scaling-curves.js';
import { uslThroughput } from '../../../src/analysis/scaling/usl-fit.js';
import type { RunReport } from '../../../src/contract/run-report.js';
import type { TrialResult } from '../../../src/contract/trial.js';
import { renderHtml } from '../../../src/render/run/html.js';
import { renderMarkdown } from '../../../src/render/run/markdown.js';
import { scalingChart } from '../../../src/render/run/scaling-chart.js';
import { renderTerminal } from '../../../src/render/run/terminal.js';
import { makeReport } from '../../fixtures/report-fixture.js';

const law = { lambdaRps: 1000, sigma: 0.05, kappa: 0.01 };

/** The fixture's cpu workload swept over these counts of a topology named 'cluster <b>' (a name to escape), at the law's rates. */
function sweptReport(counts: number[]): RunReport {
  const report = makeReport();
  const base = report.trials[0] as TrialResult;
  const trials = counts.map((instances) => ({
    ...structuredClone(base),
    kind: 'cluster' as const,
    topology: `cluster <b>×${instances}`,
    sweep: 'cluster <b>',
    instances,
    requests: { ...base.requests, rps: uslThroughput(law, instances) },
  }));
  return { ...report, trials, comparisons: [], scaling: scalingCurves(trials, 2) };
}

test('terminal: per curve its fit, a row per count, the plot and the notes', () => {
  const text = renderTerminal(sweptReport([1, 2, 4, 8]), { color: false, width: 100 });
  assert.match(
    text,
    /^scaling: cluster <b> over 1, 2, 4, 8 instances — USL: contention σ 0\.050, coherency κ 0\.0100, peak at 10 instances \([\d,]+ req\/s\)$/m,
  );
  // C(4) = 4,000 ÷ (1 + 0.05 × 3 + 0.01 × 12) = 3,150: 3.15× the one instance, 79% of 4×
  assert.match(text, /│\s+4 │ cluster <b>×4 │ 3,150 │[^│]+│\s+3\.15× │\s+79% │\s+3,150 │/);
  assert.match(text, /^req\/s against instances {3}── measured \(● counts run\) {2}·· USL fit \(▲ its peak\)$/m);
  assert.match(text, /^ {12}●.*●.*●.*●.*▲$/m);
  assert.match(text, /^ {2}note: 4 and 8 are above this machine's 2 cores/m);
  assert.match(text, /^ {2}note: the peak at 10 instances lies beyond the largest count measured \(8\)/m);
});

test('the plot: measured points up to the largest count, the fit beyond it to its peak', () => {
  const [curve] = sweptReport([1, 2, 3]).scaling ?? [];
  assert.ok(curve?.fit);
  const lines = scalingChart(curve, { color: false, width: 80 });
  // title, 10 rows of plot, the marks, the axis
  assert.equal(lines.length, 13);
  assert.match(lines.at(-1) ?? '', /^ {12}1 +11 instances$/);
  assert.ok(
    lines.slice(1, 11).some((line) => line.includes('·')),
    'the fit is drawn',
  );
  assert.deepEqual(scalingChart({ ...curve, points: curve.points.slice(0, 1) }, { color: false }), []);
});

test('markdown: the table, the plot as a text block, the notes; escaped', () => {
  const text = renderMarkdown(sweptReport([1, 2]));
  assert.match(text, /^\*\*Scaling: cluster \\<b\\> over 1, 2 instances — too few counts for a USL fit\*\*$/m);
  assert.match(text, /^\| instances \| topology \| rps \| p99 \| speed-up \| efficiency \| USL fit \|$/m);
  // C(2) = 2,000 ÷ (1 + 0.05 + 0.02) = 1,869
  assert.match(text, /^\| 2 \| cluster \\<b\\>×2 \| 1,869 \| [^|]+ \| 1\.87× \| 93% \| — \|$/m);
  assert.match(text, /^```text\nreq\/s against instances/m);
  assert.match(text, /^- 2 counts \(1 and 2\): the USL has three parameters/m);
});

test('HTML: a scaling chart with measured dots, the fit and the linear ideal, every string escaped', () => {
  const page = renderHtml(sweptReport([1, 2, 4, 8]));
  assert.ok(!page.includes('cluster <b>'), 'escaped');
  assert.match(page, /<h3>Scaling: cluster &lt;b&gt; over 1, 2, 4, 8 instances/);
  assert.match(page, /data-chart="scaling-curve" data-chart-id="scaling-curve-0"/);
  const json = /<script type="application\/json" id="loadlab-data">(.*?)<\/script>/s.exec(page)?.[1] ?? '{}';
  const data = JSON.parse(json) as {
    charts: Record<string, { series: { label: string; dotsOnly?: boolean; points: unknown[] }[]; marks: { label: string }[] }>;
  };
  const chart = data.charts['scaling-curve-0'];
  assert.ok(chart, 'the chart data is embedded');
  assert.deepEqual(
    chart.series.map((series) => [series.label, series.dotsOnly === true, series.points.length]),
    [
      ['cluster <b> measured', true, 4],
      // to 11 instances: the peak N* ≈ 9.7, and 10% beyond it
      ['USL fit', false, 11],
      ['linear (no contention)', false, 11],
    ],
  );
  assert.deepEqual(
    chart.marks.map((mark) => mark.label),
    ['peak N* 10'],
  );
});
