import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { test } from 'node:test';
import { capacityChart } from '../../src/report/capacity-chart.js';
import { renderCapacityJson } from '../../src/report/capacity-json.js';
import { renderCapacityMarkdown } from '../../src/report/capacity-markdown.js';
import { renderCapacityTerminal } from '../../src/report/capacity-terminal.js';
import { writeCapacityReports } from '../../src/report/capacity-write.js';
import { reportStem } from '../../src/report/write-files.js';
import { tempDir } from '../helpers/cli.js';
import { makeCapacityReport } from '../fixtures/capacity-fixture.js';

const ansi = /\x1b\[/;
const snapshots = {
  terminal: new URL('../fixtures/capacity-terminal-snapshot.txt', import.meta.url),
  markdown: new URL('../fixtures/capacity-markdown-snapshot.md', import.meta.url),
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
  const summary = output.indexOf('On cpu, single holds 1,149 req/s within p99 150 ms; cluster ×2 2,052.');
  assert.ok(summary > 0 && summary < output.indexOf('┌'));
  assert.match(output, /│ single +│ +1,149 │ +131 ms │ +1,050 │ +96% │ +7 │ converged \(1,182 failed\) │/);
  assert.match(output, /│ single +│ +none │/);
});

test('chart: p99 against rate with each capacity (▲) and knee (╵) under its column', () => {
  const report = makeCapacityReport();
  const lines = capacityChart(report.results.filter((result) => result.workload === 'cpu'), 150, { color: false });
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
  const lines = capacityChart(report.results.filter((result) => result.workload === 'cpu'), 150, { color: false, width: 50 });
  const plotRows = lines.slice(1, 11);
  assert.ok(plotRows.every((line) => line.length <= 50), plotRows.join('\n'));
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
  const text = renderCapacityJson(report);
  assert.deepEqual(JSON.parse(text), report);
  assert.equal((JSON.parse(text) as { schema: string }).schema, 'loadlab/capacity@1');
});

test('written like a run: <scenario>-capacity-<timestamp>.json and .md under one stem, never over an earlier one', async () => {
  const folder = tempDir();
  const report = makeCapacityReport();
  const stem = reportStem(`${report.scenario.name}-capacity`, new Date(report.startedAt));
  let stdout = '';
  const sinks = { formats: ['terminal', 'md', 'json'] as const, folder, stem, stdout: { write: (text: string) => { stdout += text; }, json: false, color: false } };
  const first = await writeCapacityReports(report, sinks);
  assert.deepEqual(first.map((path) => basename(path)), ['cluster-vs-single-capacity-2026-03-02T10-00-00Z.json', 'cluster-vs-single-capacity-2026-03-02T10-00-00Z.md']);
  assert.equal(readFileSync(first[0] ?? '', 'utf8'), renderCapacityJson(report));
  assert.ok(stdout.startsWith('loadlab 0.1.0 · capacity'));
  const second = await writeCapacityReports(report, { ...sinks, stdout: { ...sinks.stdout, json: true, write: (text: string) => { stdout = text; } } });
  assert.deepEqual(second.map((path) => basename(path)), ['cluster-vs-single-capacity-2026-03-02T10-00-00Z-2.json', 'cluster-vs-single-capacity-2026-03-02T10-00-00Z-2.md']);
  assert.equal(stdout, renderCapacityJson(report), '--json prints the JSON and nothing else');
});
