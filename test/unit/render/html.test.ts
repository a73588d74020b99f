import { upgradeRunReport } from '../../../src/contract/read-report.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunReport } from '../../../src/contract/run-report.js';
import type { TrialResult } from '../../../src/contract/trial.js';
import { renderHtml } from '../../../src/render/run/html.js';
import { renderMarkdown } from '../../../src/render/run/markdown.js';
import { renderTerminal } from '../../../src/render/run/terminal.js';
import { chartNames, type LineChart } from '../../../src/render/common/chart-data.js';
import { chartsOf } from '../../../src/render/run/html-charts.js';
import { escapeHtml, html, jsonForScript } from '../../../src/text/html-escape.js';
import { makeReport, renameTopology } from '../../fixtures/report-fixture.js';
import { answered } from '../../helpers/latency.js';

function withTrial(report: RunReport, workload: string, topology: string, change: (trial: TrialResult) => TrialResult): RunReport {
  return { ...report, trials: report.trials.map((trial) => (trial.workload === workload && trial.topology === topology ? change(trial) : trial)) };
}

/** The text of the page's embedded chart data. */
function embeddedJson(page: string): string {
  const match = /<script type="application\/json" id="loadlab-data">(.*?)<\/script>/s.exec(page);
  assert.ok(match?.[1], 'no embedded chart data');
  return match[1];
}

function chart(report: RunReport, workload: string, name: string): LineChart {
  const found = chartsOf(report)
    .find((entry) => entry.workload === workload)
    ?.charts.find((entry) => entry.name === name);
  assert.ok(found && found.type === 'line', `no ${name} chart on ${workload}`);
  return found;
}

test('the page has every chart, for each workload, and data for each', () => {
  const page = renderHtml(makeReport());
  const data = JSON.parse(embeddedJson(page)) as { charts: Record<string, unknown> };
  for (const name of chartNames) {
    const figures = [...page.matchAll(new RegExp(`<figure class="chart" data-chart="${name}" data-chart-id="([^"]+)"`, 'g'))];
    assert.equal(figures.length, 2, `${name}: one per workload`);
    for (const figure of figures) assert.ok(data.charts[figure[1] ?? ''], `no data for ${figure[1]}`);
  }
});

test('self-contained: inline style and script, nothing fetched', () => {
  const page = renderHtml(makeReport());
  assert.match(page, /^<!doctype html>/);
  assert.match(page, /<style>[^<]*:root/);
  assert.equal(page.match(/<script/g)?.length, 2, 'the data and the drawing code');
  // The SVG namespace is a name, not an address that is fetched.
  assert.doesNotMatch(page, /\b(src|href)=|@import|url\(|https?:\/\/(?!www\.w3\.org\/2000\/svg['"])/);
});

test('light, dark and print', () => {
  const page = renderHtml(makeReport());
  assert.match(page, /@media \(prefers-color-scheme: dark\)/);
  assert.match(page, /@media print/);
  assert.match(page, /<meta name="color-scheme" content="light dark">/);
});

test('a hostile scenario name and topology are escaped everywhere, the embedded JSON included', () => {
  const script = '<script>alert(1)</script>';
  const bold = '<b>x</b>';
  let report = renameTopology(makeReport(), 'cluster', bold);
  report = { ...report, scenario: { ...report.scenario, name: script, description: `"quoted" & '${script}'` }, warnings: [`${bold} on io: </script><!--`] };
  const page = renderHtml(report);
  assert.ok(!page.includes(script), 'the raw scenario name');
  assert.ok(!page.includes(bold), 'the raw topology name');
  assert.ok(!page.includes('</script><!--'));
  assert.equal(page.match(/<script/g)?.length, 2);
  assert.equal(page.match(/<\/script>/g)?.length, 2);
  // static part: HTML-escaped
  assert.ok(page.includes('<title>loadlab · &lt;script&gt;alert(1)&lt;/script&gt;</title>'));
  assert.ok(page.includes('<td>&lt;b&gt;x&lt;/b&gt;</td>'));
  assert.ok(page.includes('&quot;quoted&quot; &amp; &#39;&lt;script&gt;'));
  // embedded JSON: \u003c, and it reads back as the original strings
  const json = embeddedJson(page);
  assert.ok(json.includes('\\u003cscript\\u003ealert(1)\\u003c/script\\u003e'));
  assert.ok(json.includes('\\u003cb\\u003ex\\u003c/b\\u003e'));
  assert.ok(!json.includes('<'));
  const data = JSON.parse(json) as { scenario: string; charts: Record<string, { series?: { label: string }[] }> };
  assert.equal(data.scenario, script);
  assert.ok(Object.values(data.charts).some((entry) => entry.series?.some((series) => series.label === `${bold} p99`)));
});

test('escapeHtml, the html tag and jsonForScript', () => {
  assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  const name = '<i>';
  assert.equal(html`<p title="${name}">${name}${[html`<br>`]}${null}${false}</p>`.text, '<p title="&lt;i&gt;">&lt;i&gt;<br></p>');
  const tricky = { text: '</script><!-- & > \u2028\u2029' };
  const json = jsonForScript(tricky).text;
  assert.doesNotMatch(json, /[<>&\u2028\u2029]/);
  assert.deepEqual(JSON.parse(json), tricky);
});

test('latency over time: p50 and p99 per topology, the targets as guides, a log axis when they are far apart', () => {
  const cpu = chart(makeReport(), 'cpu', 'latency-over-time');
  assert.deepEqual(
    cpu.series.map((series) => series.label),
    ['single p99', 'single p50', 'cluster p99', 'cluster p50'],
  );
  assert.deepEqual(
    cpu.guides.map((guide) => guide.value),
    [150, 100],
  );
  assert.equal(cpu.log, false, '14.8 to 150 ms: one decade');
  assert.equal(chart(makeReport(), 'io', 'latency-over-time').log, true, '0.18 to 150 ms');
  // a topology keeps its colour in every chart
  assert.deepEqual(
    cpu.series.map((series) => series.color),
    [0, 0, 1, 1],
  );
  assert.deepEqual(
    chart(makeReport(), 'io', 'rps-over-time').series.map((series) => series.color),
    [0, 1],
  );
});

test('a second without responses is a gap in the latency chart, not 0', () => {
  const report = withTrial(makeReport(), 'cpu', 'single', (trial) => ({
    ...trial,
    series: trial.series.map((point) => (point.t === 2 ? { ...point, rps: 0, p50Ms: 0, p99Ms: 0 } : point)),
  }));
  const series = chart(report, 'cpu', 'latency-over-time').series[0];
  assert.deepEqual(series?.points[2], [2, null]);
  assert.deepEqual(chart(report, 'cpu', 'rps-over-time').series[0]?.points[2], [2, 0], 'no requests is a measured 0');
});

test('the percentile curve has p50, p90, p99, p99.9 and max of each topology with responses', () => {
  const curve = chart(makeReport(), 'cpu', 'latency-percentiles');
  assert.deepEqual(curve.xCategories, ['p50', 'p90', 'p99', 'p99.9', 'max']);
  assert.deepEqual(curve.series[0]?.points, [
    [0, 31.2],
    [1, 38.5],
    [2, 52.4],
    [3, 68.9],
    [4, 81.2],
  ]);
  const silent = withTrial(makeReport(), 'cpu', 'single', (trial) => ({ ...trial, requests: { ...trial.requests, total: 0 } }));
  assert.deepEqual(
    chart(silent, 'cpu', 'latency-percentiles').series.map((series) => series.label),
    ['cluster'],
  );
});

test('CPU and RSS per process; without samples the charts are left out and a note says why', () => {
  const cpu = chart(makeReport(), 'io', 'cpu-per-process');
  assert.deepEqual(
    cpu.series.map((series) => series.label),
    ['single · instance 41060', 'cluster · primary 41190', 'cluster · worker 41191', 'cluster · worker 41192'],
  );
  assert.equal(cpu.unit, 'cores');
  const report = makeReport();
  const unprobed = { ...report, trials: report.trials.map((trial) => ({ ...trial, probes: { ...trial.probes, processes: [] } })) };
  const io = chartsOf(unprobed).find((entry) => entry.workload === 'io');
  assert.ok(io);
  assert.deepEqual(
    io.charts.map((entry) => entry.name),
    ['latency-over-time', 'rps-over-time', 'latency-percentiles', 'worker-shares'],
  );
  assert.deepEqual(io.notes, ['No CPU and memory charts: no server process was sampled (probes off or unavailable).']);
  assert.ok(renderHtml(unprobed).includes(io.notes[0] ?? '?'));
});

test('worker shares: requests and connections of each worker, n/a where only one was measured', () => {
  const io = chartsOf(makeReport())
    .find((entry) => entry.workload === 'io')
    ?.charts.find((entry) => entry.name === 'worker-shares');
  assert.ok(io && io.type === 'bars');
  assert.equal(io.groups.length, 1, 'single has no workers to share between');
  assert.equal(io.groups[0]?.label, 'cluster');
  assert.deepEqual(
    io.groups[0]?.rows.map((row) => row.label),
    ['worker 41191', 'worker 41192'],
  );
  assert.deepEqual(io.groups[0]?.rows[1]?.values, [94_095 / 192_031, 0.48]);
  const cpu = chartsOf(makeReport())
    .find((entry) => entry.workload === 'cpu')
    ?.charts.find((entry) => entry.name === 'worker-shares');
  assert.ok(cpu && cpu.type === 'bars');
  assert.deepEqual(cpu.groups[0]?.rows[0]?.values, [null, 0.5], 'cluster on cpu ran without the agent');
  const single = makeReport({ trials: makeReport().trials.filter((trial) => trial.topology === 'single') });
  assert.ok(!renderHtml(single).includes('data-chart="worker-shares"'));
});

test('verdicts, warnings and the outcome are in the page, each failure said once', () => {
  const page = renderHtml(makeReport());
  assert.match(page, /<span class="status warn">⚠ scale-cpu<\/span>/);
  assert.match(page, /<span class="status warn">⚠ event-loop \(no-data\)<\/span>/);
  assert.match(page, /<td class="text status pass">✓ pass<\/td><td class="text">slo-p50<\/td>/);
  assert.ok(page.includes('<strong>✗ Failed: 1 threshold and 1 verdict.</strong>'));
  // in the text of the page (a badge's hover title aside)
  assert.equal(page.match(/>[^<]*16 of 192,033 requests failed/g)?.length, 1);
  assert.equal(page.match(/>[^<]*errors == 0: cluster on io had 2 errors/g)?.length, 1);
  assert.ok(!page.includes('Gate failed'));
  // an older report without an outcome gets one when read: its failed thresholds at the top
  const { outcome: _outcome, ...older } = makeReport();
  const upgraded = renderHtml(upgradeRunReport(older));
  assert.ok(upgraded.includes('<strong>✗ Failed: 2 checks.</strong>'), upgraded);
  assert.equal(upgraded.match(/>[^<]*errors == 0: cluster on io had 2 errors/g)?.length, 1);
});

test('pure: the same report gives the same page', () => {
  assert.equal(renderHtml(makeReport()), renderHtml(JSON.parse(JSON.stringify(makeReport())) as RunReport));
});

test('an open-model trial: its rate line and, when users queued, the plain words, as in the other reports', () => {
  const report = makeReport();
  const [first, ...rest] = report.trials as [TrialResult, ...TrialResult[]];
  const open: TrialResult = {
    ...first,
    load: { ...first.load, model: 'open', rate: 100, maxConnections: 10 },
    latencyMs: { ...answered(first.latencyMs), p90: 660, p99: 972 },
    serviceLatencyMs: { ...answered(first.latencyMs), p90: 3, p99: 968 },
    requests: { ...first.requests, targetRps: 100, sentRps: 99.6, dropped: 0, delayed: 97 },
  };
  const page = renderHtml({ ...report, trials: [open, ...rest] });
  assert.match(page, /<p class="open-model">single: 99\.6 of 100 req\/s sent, 0 dropped, 97 sent late \(no free connection\); /);
  assert.match(page, /<p class="open-model">requests queued: users waited 220\.0× the service time at p90 \(660 ms against 3\.00 ms\)/);
  assert.doesNotMatch(renderHtml(report), /class="open-model"/);
});

test('where threads were read: each serving process main thread dashed in the CPU chart, and the split in the server table of every report', () => {
  const report = withTrial(makeReport(), 'io', 'single', (trial) => ({
    ...trial,
    probes: {
      ...trial.probes,
      processes: trial.probes.processes.map((probe) => ({
        ...probe,
        cpu: { mean: 1.5, max: 1.9 },
        threads: { count: 13, main: { mean: 0.1, max: 0.12 }, others: { mean: 1.4, max: 1.8 }, busiest: { mean: 0.7, max: 0.9 } },
        series: probe.series.map((point) => ({ ...point, mainThreadCpu: 0.1 })),
      })),
    },
  }));
  const cpu = chart(report, 'io', 'cpu-per-process');
  assert.equal(cpu.title, 'CPU per process (100% = one core; each main thread dashed)');
  const main = cpu.series.find((series) => series.label === 'single · instance 41060 main thread');
  assert.ok(main?.dashed, cpu.series.map((series) => series.label).join(', '));
  assert.ok(main.points.every(([, value]) => value === 0.1));
  const cell = '190% (main 12%, others 180%)';
  for (const [format, text] of [
    ['html', renderHtml(report)],
    ['markdown', renderMarkdown(report)],
    ['terminal', renderTerminal(report, { color: false })],
  ] as const)
    assert.ok(text.includes(cell), `${format} shows ${cell}`);
});

test('a trial where nothing answered: — in its row, and no percentile curve of zeros', () => {
  const base = makeReport();
  const report = {
    ...base,
    trials: base.trials.map((trial) =>
      trial.workload === 'io' && trial.topology === 'single'
        ? {
            ...trial,
            latencyMs: null,
            requests: { ...trial.requests, total: 0, rps: 0, statusCodes: {}, bytes: 0 },
            series: trial.series.map((point) => ({ ...point, rps: 0, p50Ms: null, p99Ms: null })),
          }
        : trial,
    ),
  };
  const page = renderHtml(report);
  assert.match(page, /<td>single<\/td><td>1<\/td><td>0<\/td><td>—<\/td><td>—<\/td><td>—<\/td>/);
  assert.doesNotMatch(page, />0 ms</);
});
