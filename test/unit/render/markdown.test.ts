import { upgradeRunReport } from '../../../src/contract/read-report.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import type { RunReport } from '../../../src/contract/run-report.js';
import type { TrialResult } from '../../../src/contract/trial.js';
import type { Verdict } from '../../../src/contract/verdict.js';
import { renderMarkdown } from '../../../src/render/run/markdown.js';
import { escapeMarkdown } from '../../../src/text/markdown.js';
import { makeReport, noAgent, renameTopology } from '../../fixtures/report-fixture.js';

const snapshotFile = new URL('../../fixtures/markdown-snapshot.md', import.meta.url);

/** The cells of a table row: split on the pipes that are not escaped. */
function cells(row: string): string[] {
  assert.match(row, /^\|.*\|$/, `not a table row: ${row}`);
  return row
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());
}

/** Every table of the output: runs of consecutive lines that start with '|'. */
function tables(output: string): string[][] {
  const found: string[][] = [];
  let current: string[] | null = null;
  for (const line of output.split('\n')) {
    if (line.startsWith('|')) (current ??= []).push(line);
    else if (current) {
      found.push(current);
      current = null;
    }
  }
  if (current) found.push(current);
  return found;
}

function assertTablesWellFormed(output: string): void {
  const all = tables(output);
  assert.ok(all.length > 0, 'no table at all');
  for (const table of all) {
    const [head, separator, ...rows] = table;
    assert.ok(head && separator, `a table without a header: ${table.join('\n')}`);
    assert.match(separator, /^\|( :?-+:? \|)+$/, `no header separator: ${separator}`);
    const width = cells(head).length;
    assert.equal(cells(separator).length, width, `separator of ${head}`);
    assert.ok(rows.length > 0, `a table without rows: ${head}`);
    for (const row of rows) assert.equal(cells(row).length, width, `row '${row}' under '${head}'`);
  }
}

function withTrial(report: RunReport, workload: string, topology: string, change: (trial: TrialResult) => TrialResult): RunReport {
  return { ...report, trials: report.trials.map((trial) => (trial.workload === workload && trial.topology === topology ? change(trial) : trial)) };
}

test('the whole output matches the snapshot', () => {
  const output = renderMarkdown(makeReport());
  // Regenerate with UPDATE_SNAPSHOTS=1 after a deliberate change, then read the new file line by line.
  if (process.env.UPDATE_SNAPSHOTS === '1') writeFileSync(snapshotFile, output);
  assert.equal(output, readFileSync(snapshotFile, 'utf8'));
});

test('every table is well formed: a header, its separator, and the same number of cells on every row', () => {
  const output = renderMarkdown(makeReport());
  assertTablesWellFormed(output);
  // per workload: topologies, servers, worker shares (the fixture's cluster has two workers)
  assert.equal(tables(output).length, 6);
});

test('the topology table has the figures of each trial', () => {
  const output = renderMarkdown(makeReport());
  assert.ok(output.includes('| single | 1 | 24,118 | 0.18 ms | 1.27 ms | 4.82 ms | 0 | 0 | baseline |'));
  assert.ok(output.includes('| cluster | 2 | 38,406 | 0.24 ms | 2.05 ms | 7.40 ms | 2 (1 timeout) | 14 (503 ×14) | 1.59× |'));
  assert.ok(output.includes('| cluster | 95% | 214.0 MiB | 46 | 26 | 4.10 ms | 18.3 ms | 51% / 49% |'));
});

test('strings from the scenario cannot break a table or become markup', () => {
  let report = renameTopology(makeReport(), 'cluster', 'a|b <img src=x> *c*');
  report = { ...report, scenario: { ...report.scenario, name: 'x | y <script>alert(1)</script>', description: '# not a heading\nsecond line' } };
  report = { ...report, trials: report.trials.map((trial) => (trial.workload === 'io' ? { ...trial, workload: 'i|o' } : trial)) };
  const output = renderMarkdown(report);
  assertTablesWellFormed(output);
  assert.ok(output.includes('| a\\|b \\<img src=x\\> \\*c\\* | 2 |'), 'the topology is escaped in its row');
  assert.ok(output.includes('## loadlab · x \\| y \\<script\\>alert(1)\\</script\\>'));
  assert.ok(output.includes('\n\\# not a heading second line\n'), 'a line break in a string does not start a new block');
  assert.ok(output.includes('### i\\|o'));
  assert.doesNotMatch(output, /(?<!\\)<(script|img)/, 'every < is escaped');
});

test('escapeMarkdown', () => {
  const cases: Array<[string, string]> = [
    ['plain text 1.5 ms', 'plain text 1.5 ms'],
    ['a|b', 'a\\|b'],
    ['<b>x</b>', '\\<b\\>x\\</b\\>'],
    ['*bold* _it_ `code` [link](u) ~s~ $m$ #1 &amp;', '\\*bold\\* \\_it\\_ \\`code\\` \\[link\\](u) \\~s\\~ \\$m\\$ \\#1 \\&amp;'],
    ['back\\slash', 'back\\\\slash'],
    ['- item', '\\- item'],
    ['1. item', '1\\. item'],
    ['1.5 s', '1.5 s'],
    ['two\nlines\r\nthree', 'two lines three'],
  ];
  for (const [input, expected] of cases) assert.equal(escapeMarkdown(input), expected, JSON.stringify(input));
});

test('the summary comes first, as a list; a report without one has none', () => {
  const output = renderMarkdown(makeReport({ summary: ['On cpu, cluster served 2.10×.', 'On io | it did not.'] }));
  const lines = output.split('\n');
  const first = lines.indexOf('- On cpu, cluster served 2.10×.');
  assert.ok(first > 0 && first < lines.findIndex((line) => line.startsWith('**Target**')));
  assert.equal(lines[first + 1], '- On io \\| it did not.');
  const without = renderMarkdown(withoutOutcome(makeReport({ summary: undefined })));
  assert.ok(
    !without
      .split('\n')
      .slice(0, 6)
      .some((line) => line.startsWith('- ')),
  );
});

test('verdicts: ✅ ⚠️ ❌ per trial, and the message of each that did not pass', () => {
  const verdicts: Verdict[] = [
    { id: 'slo-p99', status: 'pass', value: 52.4, limit: 150, message: 'p99 52.4 ms is within the 150 ms target' },
    { id: 'scale-cpu', status: 'warn', value: 0.97, limit: 0.8, message: 'worker at 97% CPU' },
    { id: 'errors', status: 'fail', value: 2, limit: 0, message: '2 errors | 14 non-2xx' },
    { id: 'event-loop', status: 'no-data', value: null, limit: 10, message: 'not enough data: no agent' },
  ];
  const output = renderMarkdown(withTrial(makeReport(), 'cpu', 'single', (trial) => ({ ...trial, verdicts })));
  const lines = output.split('\n');
  const at = lines.indexOf('- **single**: ✅ slo-p99 · ⚠️ scale-cpu · ❌ errors · ⚠️ event-loop');
  assert.ok(at > 0, output);
  // a failed verdict's message is the outcome's at the top, said once
  assert.deepEqual(lines.slice(at + 1, at + 3), ['  - ⚠️ scale-cpu: worker at 97% CPU', '  - ⚠️ event-loop (no-data): not enough data: no agent']);
  assert.ok(!output.includes('within the 150 ms target'), 'a pass is one mark, without its message');
  // an older report (given an outcome when read) names its failed verdicts at the top too, once
  const { outcome: _outcome, ...saved } = withTrial(makeReport(), 'cpu', 'single', (trial) => ({ ...trial, verdicts }));
  const older = renderMarkdown(upgradeRunReport(saved)).split('\n');
  assert.ok(older.includes('- ❌ single on cpu: errors: 2 errors \\| 14 non-2xx (verdict)'), older.join('\n'));
  assert.equal(older.filter((line) => line.includes('2 errors \\| 14 non-2xx')).length, 1);
});

/** The report as a version without an outcome wrote it (the gate and the verdicts tell), upgraded as the reader does. */
function withoutOutcome(report: RunReport): RunReport {
  const { outcome: _outcome, ...rest } = report;
  return upgradeRunReport({ ...rest, ...(report.summary ? { summary: report.summary.slice(1) } : {}) });
}

test('each failure is said once: in the outcome at the top', () => {
  const output = renderMarkdown(makeReport());
  const lines = output.split('\n');
  assert.ok(lines.includes('**❌ Failed: 1 threshold and 1 verdict.**'));
  assert.equal(lines.filter((line) => line.includes('16 of 192,033 requests failed')).length, 1, output);
  assert.equal(lines.filter((line) => line.includes('errors == 0: cluster on io had 2 errors')).length, 1, output);
  assert.ok(!output.includes('Gate failed'));
});

test('no verdicts, no verdict section', () => {
  const report = makeReport();
  const output = renderMarkdown({ ...report, trials: report.trials.map((trial) => ({ ...trial, verdicts: [] })) });
  assert.ok(!output.includes('**Verdicts**'));
});

test('warnings, the client bottleneck and unavailable probes are listed once each', () => {
  const bottleneck = "- ⚠️ cluster on io: loadlab's own process used 97% of a core: the figures describe the load generator, not the server";
  const lines = renderMarkdown(makeReport()).split('\n');
  assert.equal(lines.filter((line) => line === `- ℹ️ ${noAgent}`).length, 1);
  assert.ok(renderMarkdown(withoutOutcome(makeReport())).split('\n').includes('**❌ Failed: 2 checks.**'), 'an older report: its gate at the top');
  // The fixture's client-bottleneck verdict says it under its workload; without verdicts, a note does.
  assert.ok(!lines.includes(bottleneck));
  assert.ok(lines.some((line) => line.startsWith('  - ⚠️ client-bottleneck: ')));
  const report = makeReport();
  const unjudged = renderMarkdown({ ...report, trials: report.trials.map((trial) => ({ ...trial, verdicts: [] })) }).split('\n');
  assert.equal(unjudged.filter((line) => line === bottleneck).length, 1);
});

test('interrupted, and a run without trials', () => {
  assert.match(renderMarkdown(makeReport({ interrupted: true })), /^> ⚠️ \*\*Interrupted\*\*/m);
  const empty = renderMarkdown(makeReport({ trials: [], comparisons: [], interrupted: true }));
  assert.match(empty, /^No trial finished: there are no figures to show\.$/m);
  assert.equal(tables(empty).length, 0);
});

test('a function of the report alone: the same after a JSON round trip', () => {
  const report = makeReport();
  const output = renderMarkdown(report);
  assert.equal(renderMarkdown(JSON.parse(JSON.stringify(report)) as RunReport), output);
  assert.equal(renderMarkdown(report), output);
});

test('a trial where nothing answered: — for its latencies, never 0 ms', () => {
  const report = withTrial(makeReport(), 'io', 'single', (trial) => ({
    ...trial,
    latencyMs: null,
    requests: { ...trial.requests, total: 0, rps: 0, errors: 40, timeouts: 40, statusCodes: {}, bytes: 0 },
    series: trial.series.map((point) => ({ ...point, rps: 0, p50Ms: null, p99Ms: null })),
  }));
  const output = renderMarkdown(report);
  assert.ok(output.includes('| single | 1 | 0 | — | — | — | 40 (40 timeouts) | 0 | baseline |'), output);
  assert.doesNotMatch(output, /\b0 ms\b/);
});
