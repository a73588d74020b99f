import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { test } from 'node:test';
import { capacityChart } from '../../../src/render/capacity/terminal-chart.js';
import { renderCapacityHtml } from '../../../src/render/capacity/html.js';
import { renderJson } from '../../../src/render/common/json.js';
import { renderCapacityMarkdown } from '../../../src/render/capacity/markdown.js';
import { renderCapacityTerminal } from '../../../src/render/capacity/terminal.js';
import { capacityReport } from '../../../src/render/capacity/kind.js';
import { ReportWriter } from '../../../src/render/write.js';
import { formatRps } from '../../../src/text/format.js';
import type { LineChart } from '../../../src/render/common/chart-data.js';
import type { CapacityReport } from '../../../src/contract/capacity-report.js';
import { reportStem } from '../../../src/render/write-files.js';
import { tempDir } from '../../helpers/cli.js';
import { makeCapacityReport } from '../../fixtures/capacity-fixture.js';

const ansi = /\x1b\[/;
const snapshots = {
  terminal: new URL('../../fixtures/capacity-terminal-snapshot.txt', import.meta.url),
  markdown: new URL('../../fixtures/capacity-markdown-snapshot.md', import.meta.url),
};

/** Regenerate with UPDATE_SNAPSHOTS=1 after a deliberate change, then read the new file line by line. */
function matchSnapshot(output: string, file: URL): void {
  if (process.env.UPDATE_SNAPSHOTS === '1') writeFileSync(file, output);
  assert.equal(output, readFileSync(file, 'utf8'));
}

test('terminal: the whole output matches the snapshot', () => {
  matchSnapshot(renderCapacityTerminal(makeCapacityReport(), { color: false, width: 120 }), snapshots.terminal);
});

test('markdown: the whole output matches the snapshot', () => {
  matchSnapshot(renderCapacityMarkdown(makeCapacityReport()), snapshots.markdown);
});

test('terminal: no escape code without colour, colours with', () => {
  assert.doesNotMatch(renderCapacityTerminal(makeCapacityReport(), { color: false }), ansi);
  assert.match(renderCapacityTerminal(makeCapacityReport(), { color: true }), ansi);
});

test('terminal: the plain words come first, then a table per workload', () => {
  const output = renderCapacityTerminal(makeCapacityReport(), { color: false });
  const summary = output.indexOf('On cpu, single holds 1,149 req/s within p99 150 ms; cluster ×2 2,052 (each held for 6 s).');
  assert.ok(summary > 0 && summary < output.indexOf('┌'));
  assert.match(output, /│ single +│ +1,149 │ 6 s at 1,149 │ +128 ms │ +1,050 │ +96% │ +7 │ converged \(1,182 failed\) │/);
  assert.match(output, /│ single +│ +none │/);
});

test('chart: p99 against rate with each capacity (▲) and knee (╵) under its column', () => {
  const report = makeCapacityReport();
  const lines = capacityChart(
    report.results.filter((result) => result.workload === 'cpu'),
    150,
    { color: false },
  );
  const axis = lines.find((line) => line.includes('700 req/s'));
  assert.ok(axis?.trimEnd().endsWith('2,813 req/s'), axis);
  const single = lines.find((line) => line.includes('── single'));
  assert.ok(single?.includes('╵ knee 1,050, ▲ capacity 1,149'), single);
  // the plot starts at column 12; 58 columns cover 700 to 2,813 req/s
  const columnOf = (rps: number) => 12 + Math.round(((rps - 700) / (2813 - 700)) * 58);
  assert.equal(single?.[columnOf(1149)], '▲');
  assert.equal(single?.[columnOf(1050)], '╵');
  assert.match(lines[0] ?? '', /target 150 ms, clipped at 450 ms/);
  const sloRow = lines.find((line) => line.startsWith('    150 ms ┤'));
  assert.ok(sloRow?.includes('┄┄┄'), 'the SLO is drawn on its own row');
});

test('chart: narrowed to the terminal width', () => {
  const report = makeCapacityReport();
  const lines = capacityChart(
    report.results.filter((result) => result.workload === 'cpu'),
    150,
    { color: false, width: 50 },
  );
  const plotRows = lines.slice(1, 11);
  assert.ok(
    plotRows.every((line) => line.length <= 50),
    plotRows.join('\n'),
  );
});

test('chart: nothing to draw without a response', () => {
  const [single] = makeCapacityReport().results;
  assert.deepEqual(capacityChart([{ ...single!, steps: single!.steps.map((step) => ({ ...step, responses: 0 })) }], 150, { color: false }), []);
});

test('markdown: strings from the scenario are escaped', () => {
  const report = makeCapacityReport();
  const output = renderCapacityMarkdown({ ...report, scenario: { ...report.scenario, name: 'a|b <script>' } });
  assert.match(output, /^## loadlab capacity · a\\\|b \\<script\\>$/m);
});

test('json: the report itself, schema loadlab/capacity@1', () => {
  const report = makeCapacityReport();
  const text = renderJson(report);
  assert.deepEqual(JSON.parse(text), report);
  assert.equal((JSON.parse(text) as { schema: string }).schema, 'loadlab/capacity@1');
});

test('written like a run: <scenario>-capacity-<timestamp>.json and .md under one stem, never over an earlier one', async () => {
  const folder = tempDir();
  const report = makeCapacityReport();
  const stem = reportStem(`${report.scenario.name}-capacity`, new Date(report.startedAt));
  let stdout = '';
  const writer = await ReportWriter.open(
    { out: folder },
    {
      stdout: {
        write: (text: string) => {
          stdout += text;
        },
      },
      stderr: { write: () => {} },
    },
  );
  const formats = ['terminal', 'md', 'json'] as const;
  const first = await writer.files(capacityReport, stem, formats).finish(report);
  writer.printReport(capacityReport, report, { json: false, formats });
  assert.deepEqual(
    first.map((path) => basename(path)),
    ['cluster-vs-single-capacity-2026-03-02T10-00-00Z.json', 'cluster-vs-single-capacity-2026-03-02T10-00-00Z.md'],
  );
  assert.equal(readFileSync(first[0] ?? '', 'utf8'), renderJson(report));
  assert.ok(stdout.startsWith('loadlab 0.1.0 · capacity'));
  stdout = '';
  const second = await writer.files(capacityReport, stem, formats).finish(report);
  writer.printReport(capacityReport, report, { json: true, formats });
  assert.deepEqual(
    second.map((path) => basename(path)),
    ['cluster-vs-single-capacity-2026-03-02T10-00-00Z-2.json', 'cluster-vs-single-capacity-2026-03-02T10-00-00Z-2.md'],
  );
  assert.equal(stdout, renderJson(report), '--json prints the JSON and nothing else');
});

/** The chart data a capacity page embeds, by chart id. */
function embeddedCharts(page: string): Record<string, LineChart> {
  const json = /<script type="application\/json" id="loadlab-data">(.*?)<\/script>/s.exec(page)?.[1];
  assert.ok(json, 'no embedded chart data');
  return (JSON.parse(json) as { charts: Record<string, LineChart> }).charts;
}

/** What follows the title 'Steps on <label>' (and its qualifier) in the section of a workload. */
function stepsPart(page: string, workload: string, label: string): string {
  const section = page.slice(page.indexOf(`<h2>${workload}</h2>`));
  return section.slice(section.indexOf(`<h3>Steps on ${label}`));
}

/** The rows of the step table under 'Steps on <label>' in the section of a workload. */
function stepRows(page: string, workload: string, label: string): string[] {
  const table = stepsPart(page, workload, label);
  return [...table.slice(0, table.indexOf('</tbody>')).matchAll(/^<tr>.*<\/tr>$/gm)].map((match) => match[0]);
}

/** The notes under that step table: why each failed step failed. */
function stepNotes(page: string, workload: string, label: string): string[] {
  const part = stepsPart(page, workload, label);
  const after = part.slice(part.indexOf('</table>'));
  const list = /^<\/table><\/div><ul class="notes">(.*?)<\/ul>/.exec(after)?.[1] ?? '';
  return [...list.matchAll(/<li class="note">(.*?)<\/li>/g)].map((match) => match[1] ?? '');
}

test('html: every step of every search is a row of its table, in the order measured, with why it failed', () => {
  const report = makeCapacityReport();
  const page = renderCapacityHtml(report);
  for (const result of report.results) {
    const label = result.instances > 1 ? `${result.topology} ×${result.instances}` : result.topology;
    const rows = stepRows(page, result.workload, label);
    const holds = result.confirmation?.steps ?? [];
    const notes = stepNotes(page, result.workload, label);
    assert.equal(rows.length, result.steps.length + holds.length, `${label} on ${result.workload}`);
    [...result.steps, ...holds].forEach((step, index) => {
      const row = rows[index] ?? '';
      const number = index < result.steps.length ? String(index + 1) : `hold ${index - result.steps.length + 1}`;
      assert.ok(row.startsWith(`<tr><td>${number}</td><td>${formatRps(step.targetRps)}</td><td>${formatRps(step.achievedRps)}</td>`), row);
      // the result cell is marked pass or fail; why a step failed is its note under the table
      const mark = step.passed ? 'pass">✓' : `fail"( title="[^"]*")?>✗${step.counted ? '' : ' ↻'}`;
      assert.match(row, new RegExp(`<td><span class="status ${mark}</span></td></tr>$`), row);
      const reasonLabel = index < result.steps.length ? `#${index + 1}` : number;
      if (!step.passed)
        assert.ok(
          notes.some((note) => note.startsWith(`✗ ${reasonLabel} at ${formatRps(step.targetRps)} req/s`) && note.endsWith(`: ${step.reason}`)),
          number,
        );
    });
    assert.equal(notes.length, [...result.steps, ...holds].filter((step) => !step.passed).length, label);
  }
  const single = stepRows(page, 'cpu', 'single');
  assert.match(single[1] ?? '', /<span class="status warn" title="[^"]*">2\.60 ≠ 3\.43 \(0\.76×\)<\/span>/, "Little's law off is flagged");
  assert.match(single[2] ?? '', /<td>120<\/td>/, 'dropped');
  assert.match(stepRows(page, 'cpu', 'cluster ×2')[5] ?? '', /✗ ↻<\/span><\/td><\/tr>$/);
  assert.ok(
    stepNotes(page, 'cpu', 'cluster ×2').some((note) => note.includes('(not counted: other processes used up to 90% of a core, so it was measured again): ')),
  );
  assert.ok(
    page.includes(
      '<h3>Steps on single (closed-model probe: 1,400 req/s); p99 climbs after 1,050 req/s (9.80 ms, then 88.0 ms at 1,116); held 1,149 req/s for 6 s</h3>',
    ),
  );
  assert.ok(page.includes('<h3>Steps on single (closed-model probe: 20.0 req/s)</h3>'));
});

test('html: the chart of p99 against offered rate has every step, the SLO line, and each capacity and knee marked', () => {
  const report = makeCapacityReport();
  const page = renderCapacityHtml(report);
  const charts = embeddedCharts(page);
  assert.equal(page.match(/<figure class="chart" data-chart="p99-by-rate" data-chart-id="p99-by-rate-\d">/g)?.length, 2, 'one per workload');
  const cpu = charts['p99-by-rate-0'];
  assert.ok(cpu);
  assert.deepEqual(cpu.guides, [{ label: 'p99 target 150 ms', value: 150 }]);
  assert.equal(cpu.xLabel, 'req/s');
  assert.equal(cpu.log, true, '3.2 ms to 2.4 s');
  assert.deepEqual(
    cpu.series.map((series) => [series.label, series.color, series.dotsOnly === true]),
    [
      ['single', 0, false],
      ['cluster ×2', 1, false],
      ['cluster ×2, not counted (measured again)', 1, true],
    ],
  );
  // every step: the counted ones on the line, in order of rate, the one measured again as a dot apart
  assert.deepEqual(cpu.series[0]?.points, [
    [700, 4.1],
    [1050, 9.8],
    [1116, 88],
    [1149, 131],
    [1182, 160],
    [1313, 820],
    [1575, 2400],
  ]);
  assert.equal(cpu.series[1]?.points.length, 7);
  assert.deepEqual(cpu.series[2]?.points, [[1993, 300]]);
  assert.deepEqual(
    cpu.marks.map((mark) => [mark.symbol, mark.x, mark.y, mark.color]),
    [
      ['diamond', 1050, 9.8, 0],
      ['triangle', 1149, 128, 0],
      ['diamond', 1875, 12, 1],
      ['triangle', 2052, 97, 1],
    ],
  );
  // the capacity is marked at the p99 of the hold that confirmed it
  assert.equal(cpu.marks[1]?.label, 'single: capacity 1,149 req/s (p99 128 ms)');
  assert.equal(cpu.marks[0]?.label, 'single: knee at 1,050 req/s (p99 9.80 ms, then climbs)');
  // no capacity on slow: its line and the SLO, nothing marked; single keeps its colour
  assert.deepEqual(charts['p99-by-rate-1']?.marks, []);
  assert.equal(charts['p99-by-rate-1']?.series[0]?.color, 0);
  // the table says the same
  assert.ok(
    page.includes(
      '<tr><td>single</td><td>1,149</td><td>6 s at 1,149</td><td>128 ms</td><td>1,050</td><td>96%</td><td>7</td><td>converged (1,182 failed)</td></tr>',
    ),
  );
  assert.ok(page.includes('<tr><td>single</td><td>none</td>'));
});

test('html: a capacity that is only a lower bound reads ≥; a knee at the capacity is one mark', () => {
  const [single] = makeCapacityReport().results;
  assert.ok(single);
  const top = { ...single, failedRps: null, stop: 'max-rps' as const, knee: single.knee && { ...single.knee, rps: 1149, p99Ms: 131 } };
  const report: CapacityReport = { ...makeCapacityReport(), results: [top] };
  const page = renderCapacityHtml(report);
  assert.ok(page.includes('<tr><td>single</td><td>≥ 1,149</td>'));
  const marks = embeddedCharts(page)['p99-by-rate-0']?.marks ?? [];
  assert.deepEqual(
    marks.map((mark) => mark.label),
    ['single: capacity ≥ 1,149 req/s (p99 128 ms), also the knee'],
  );
});

test('html: without a response there is no chart to draw, and the page says so', () => {
  const report = makeCapacityReport();
  const silent: CapacityReport = {
    ...report,
    results: report.results.map((result) => ({ ...result, steps: result.steps.map((step) => ({ ...step, responses: 0 })) })),
  };
  const page = renderCapacityHtml(silent);
  assert.ok(!page.includes('<figure'));
  assert.deepEqual(embeddedCharts(page), {});
  assert.equal(page.match(/No chart: no step got a response\./g)?.length, 2);
});

test('html: the sizing with its assumptions when there is a target rate, and none without', () => {
  const page = renderCapacityHtml(makeCapacityReport());
  assert.match(page, /<h2>Sizing for 5,000 req\/s on cpu<\/h2>/);
  assert.ok(page.includes('<tr><td>single</td><td>5</td><td>1,149</td><td>100%</td></tr>'));
  assert.ok(page.includes('<tr><td>cluster</td><td>5</td><td>1,026</td><td>89%</td></tr>'));
  assert.ok(
    page.includes(
      '<li class="note">No headroom: each instance would run at its capacity. Add at least one (N+1) to ride out a failed instance, a deploy or a spike.</li>',
    ),
  );
  assert.match(page, /<h2>Sizing for 5,000 req\/s on slow<\/h2>\n<p>No topology passed a step on this workload: there is no capacity to size from\.<\/p>/);
  assert.match(page, /<dt>Sizing for<\/dt><dd>5,000 req\/s<\/dd>/);
  const none = renderCapacityHtml(makeCapacityReport({ search: { targetRps: null } }));
  assert.ok(!none.includes('Sizing for'));
});

test('html: the summary, the search, the environment, skipped topologies, warnings and an interruption', () => {
  const report = makeCapacityReport({ interrupted: true });
  const page = renderCapacityHtml({ ...report, skipped: [{ topology: 'nginx', reason: 'nginx is not installed' }] });
  assert.ok(page.includes('<li>On cpu, single holds 1,149 req/s within p99 150 ms; cluster ×2 2,052 (each held for 6 s).</li>'));
  assert.ok(
    page.includes(
      '<dt>Search</dt><dd>steps of 2 s after 500 ms warm-up; up ×1.5 from half a 1 s closed-model probe, then bisection to 5%; at most 12 steps; then the rate found held for 6 s to confirm it, 10% lower each time it does not (3 rates at most)</dd>',
    ),
  );
  assert.ok(page.includes('<dt>Environment</dt><dd>loadlab 0.1.0 · node v20.19.0 · Linux 6.8.0 x64 · 2 CPUs (AMD EPYC 7B13) · 8.0 GiB memory</dd>'));
  assert.ok(page.includes('<dt>Skipped</dt><dd>nginx: nginx is not installed</dd>'));
  assert.ok(page.includes('<p class="banner">Interrupted: the figures below are what was measured before the search stopped.</p>'));
  assert.ok(
    page.includes('<li class="warning">cluster ×2 on cpu: 1 step failed doubtfully and was measured again (other processes used up to 90% of a core).</li>'),
  );
  assert.ok(!renderCapacityHtml(makeCapacityReport()).includes('class="banner">Interrupted'));
});

test('html: self-contained, light, dark and print', () => {
  const page = renderCapacityHtml(makeCapacityReport());
  assert.match(page, /^<!doctype html>/);
  assert.equal(page.match(/<script/g)?.length, 2, 'the data and the drawing code');
  // The SVG namespace is a name, not an address that is fetched.
  assert.doesNotMatch(page, /\b(src|href)=|@import|url\(|https?:\/\/(?!www\.w3\.org\/2000\/svg['"])/);
  assert.match(page, /@media \(prefers-color-scheme: dark\)/);
  assert.match(page, /@media print/);
  assert.equal(renderCapacityHtml(makeCapacityReport()), renderCapacityHtml(JSON.parse(JSON.stringify(makeCapacityReport())) as CapacityReport), 'pure');
});

test('html: hostile names and reasons are escaped everywhere, the embedded JSON included', () => {
  const script = '<script>alert(1)</script>';
  const report = makeCapacityReport();
  const hostile: CapacityReport = {
    ...report,
    scenario: { ...report.scenario, name: script, description: `"quoted" & '${script}'` },
    results: report.results.map((result) => ({
      ...result,
      topology: result.topology === 'cluster' ? script : result.topology,
      workload: result.workload === 'slow' ? '<b>slow</b>' : result.workload,
      steps: result.steps.map((step) => (step.passed ? step : { ...step, reason: `${step.reason} </script><!--` })),
    })),
    sizing: report.sizing.map((entry) => ({
      ...entry,
      options: entry.options.map((option) => ({ ...option, topology: option.topology === 'cluster' ? script : option.topology })),
    })),
    skipped: [{ topology: script, reason: '<img src=x onerror=alert(2)>' }],
    warnings: [`${script} warned`],
    summary: [`On cpu, ${script} holds 2,052 req/s.`],
  };
  const page = renderCapacityHtml(hostile);
  for (const text of [script, '<b>', '</script><!--', '<img']) assert.ok(!page.includes(text), text);
  assert.equal(page.match(/<script/g)?.length, 2);
  assert.equal(page.match(/<\/script>/g)?.length, 2);
  assert.ok(page.includes('<title>loadlab capacity · &lt;script&gt;alert(1)&lt;/script&gt;</title>'));
  assert.ok(page.includes('<h3>Steps on &lt;script&gt;alert(1)&lt;/script&gt; ×2 ('));
  assert.ok(page.includes('<h2>&lt;b&gt;slow&lt;/b&gt;</h2>'));
  assert.ok(page.includes('p99 300 ms above 150 ms &lt;/script&gt;&lt;!--'));
  assert.ok(page.includes('<dd>&lt;script&gt;alert(1)&lt;/script&gt;: &lt;img src=x onerror=alert(2)&gt;</dd>'));
  const json = /<script type="application\/json" id="loadlab-data">(.*?)<\/script>/s.exec(page)?.[1] ?? '';
  assert.ok(!json.includes('<'));
  const charts = embeddedCharts(page);
  assert.equal(charts['p99-by-rate-0']?.series[1]?.label, `${script} ×2`);
});

test('written with the html: json, md and html under one stem', async () => {
  const folder = tempDir();
  const report = makeCapacityReport();
  const writer = await ReportWriter.open({ out: folder }, { stdout: { write: () => {} }, stderr: { write: () => {} } });
  const files = await writer.files(capacityReport, 'capacity', ['html', 'md', 'json']).finish(report);
  assert.deepEqual(
    files.map((path) => basename(path)),
    ['capacity.json', 'capacity.md', 'capacity.html'],
  );
  assert.equal(readFileSync(files[2] ?? '', 'utf8'), renderCapacityHtml(report));
  const again = await writer.files(capacityReport, 'capacity', ['html'], 'replace').finish(report);
  assert.deepEqual(again, files.slice(2), "'replace' writes over the earlier rendering");
});
