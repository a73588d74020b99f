import { upgradeRunReport } from '../../../src/contract/read-report.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import type { RunReport } from '../../../src/contract/run-report.js';
import type { TrialResult } from '../../../src/contract/trial.js';
import { renderTerminal } from '../../../src/render/run/terminal.js';
import { makeReport, noAgent } from '../../fixtures/report-fixture.js';

const plain = { color: false } as const;
const ansi = /\x1b\[/;
const snapshotFile = new URL('../../fixtures/terminal-snapshot.txt', import.meta.url);

/** The cells of a topology's row in a workload's table, trimmed. */
function tableRow(output: string, workload: string, topology: string): string[] {
  const lines = output.split('\n');
  const heading = lines.findIndex((line) => line.startsWith(`${workload} · `));
  assert.notEqual(heading, -1, `no heading for workload ${workload}`);
  const row = lines.slice(heading).find((line) => line.startsWith(`│ ${topology} `));
  assert.ok(row, `no row for ${topology} on ${workload}`);
  return row
    .split('│')
    .slice(1, -1)
    .map((cell) => cell.trim());
}

/** The cells of a topology's row in a workload's servers table, trimmed. */
function serverRow(output: string, workload: string, topology: string): string[] {
  const lines = output.split('\n');
  const heading = lines.findIndex((line) => line.startsWith(`${workload} · `));
  assert.notEqual(heading, -1, `no heading for workload ${workload}`);
  const title = lines.indexOf('servers over the measured phase', heading);
  assert.notEqual(title, -1, `no servers table for workload ${workload}`);
  const row = lines.slice(title).find((line) => line.startsWith(`│ ${topology} `));
  assert.ok(row, `no server row for ${topology} on ${workload}`);
  return row
    .split('│')
    .slice(1, -1)
    .map((cell) => cell.trim());
}

const column = { topology: 0, instances: 1, rps: 2, p50: 3, p99: 4, p999: 5, errors: 6, non2xx: 7, ratio: 8 } as const;

function withTrial(report: RunReport, workload: string, topology: string, change: (trial: TrialResult) => TrialResult): RunReport {
  return { ...report, trials: report.trials.map((trial) => (trial.workload === workload && trial.topology === topology ? change(trial) : trial)) };
}

test('the whole output matches the snapshot', () => {
  const output = renderTerminal(makeReport(), plain);
  // Regenerate with UPDATE_SNAPSHOTS=1 after a deliberate change, then read the new file line by line.
  if (process.env.UPDATE_SNAPSHOTS === '1') writeFileSync(snapshotFile, output);
  assert.equal(output, readFileSync(snapshotFile, 'utf8'));
});

test('names every topology and workload', () => {
  const output = renderTerminal(makeReport(), plain);
  for (const name of ['single', 'cluster']) assert.match(output, new RegExp(`│ ${name} `));
  for (const workload of ['cpu', 'io']) assert.match(output, new RegExp(`^${workload} · 50 connections`, 'm'));
});

test('workloads come in the order they first appear in the trials', () => {
  const report = makeReport();
  const output = renderTerminal({ ...report, trials: [...report.trials].reverse() }, plain);
  assert.ok(output.indexOf('io · ') < output.indexOf('cpu · '));
});

test('the throughput ratio is the one analysis computed', () => {
  const report = makeReport();
  const comparison = report.comparisons.find((entry) => entry.workload === 'cpu' && entry.topology === 'cluster');
  assert.ok(comparison && comparison.throughputRatio !== null);
  const output = renderTerminal(report, plain);
  assert.equal(tableRow(output, 'cpu', 'cluster')[column.ratio], `${comparison.throughputRatio.toFixed(2)}×`);
  assert.equal(tableRow(output, 'cpu', 'cluster')[column.ratio], '2.10×');
  assert.equal(tableRow(output, 'io', 'cluster')[column.ratio], '1.59×');
  assert.equal(tableRow(output, 'cpu', 'single')[column.ratio], 'baseline');
});

test('a ratio missing from the comparisons, or null in them, shows as —', () => {
  const report = makeReport();
  const output = renderTerminal({ ...report, comparisons: report.comparisons.filter((entry) => entry.topology !== 'cluster') }, plain);
  assert.equal(tableRow(output, 'cpu', 'cluster')[column.ratio], '—');
  assert.equal(tableRow(output, 'cpu', 'single')[column.ratio], 'baseline');
  const comparisons = report.comparisons.map((entry) => (entry.topology === 'cluster' ? { ...entry, throughputRatio: null } : entry));
  assert.equal(tableRow(renderTerminal({ ...report, comparisons }, plain), 'io', 'cluster')[column.ratio], '—');
});

test('sub-millisecond latencies keep their fractions', () => {
  const row = tableRow(renderTerminal(makeReport(), plain), 'io', 'single');
  assert.equal(row[column.p50], '0.18 ms');
  assert.equal(row[column.p99], '1.27 ms');
  assert.doesNotMatch(row.join(' '), /\b0 ms/);
});

test('rps has thousands separators and no decimals', () => {
  const output = renderTerminal(makeReport(), plain);
  assert.equal(tableRow(output, 'io', 'cluster')[column.rps], '38,406');
  assert.equal(tableRow(output, 'io', 'cluster')[column.errors], '2 (1 timeout)');
  assert.equal(tableRow(output, 'io', 'cluster')[column.non2xx], '14 (503 ×14)');
});

test('no ANSI escape codes without colour, and some with it', () => {
  assert.doesNotMatch(renderTerminal(makeReport(), plain), ansi);
  assert.doesNotMatch(renderTerminal(makeReport({ interrupted: true }), { color: false, width: 30 }), ansi);
  assert.match(renderTerminal(makeReport(), { color: true }), ansi);
});

test('the interrupted line appears only when the run was interrupted', () => {
  const line = 'Interrupted: the figures below are what was measured before the run stopped.';
  assert.ok(renderTerminal(makeReport({ interrupted: true }), plain).includes(line));
  assert.ok(!renderTerminal(makeReport(), plain).includes('Interrupted'));
});

test('a trial without responses shows — for its latencies, null or (in an older report) zeros', () => {
  for (const latencyMs of [null, { p50: 0, p90: 0, p99: 0, p999: 0, max: 0, mean: 0, stdev: 0 }]) {
    const report = withTrial(makeReport(), 'io', 'single', (trial) => ({
      ...trial,
      latencyMs,
      requests: { ...trial.requests, total: 0, rps: 0, statusCodes: {}, bytes: 0 },
      series: trial.series.map((point) => ({ ...point, rps: 0, p50Ms: null, p99Ms: null })),
    }));
    const output = renderTerminal(report, plain);
    const row = tableRow(output, 'io', 'single');
    assert.deepEqual([row[column.p50], row[column.p99], row[column.p999]], ['—', '—', '—']);
    assert.equal(row[column.rps], '0');
    assert.doesNotMatch(output, /p\d+ 0 ms/);
  }
});

test('each failure is said once, at the top, under a headline that says its status once', () => {
  const output = renderTerminal(makeReport(), plain);
  const lines = output.split('\n');
  assert.ok(lines.includes('Failed: 1 threshold and 1 verdict.'));
  assert.doesNotMatch(output, /FAILED|Gate failed/);
  assert.equal(lines.filter((line) => line.includes('errors == 0: cluster on io had 2 errors')).length, 1, output);
  assert.equal(lines.filter((line) => line.includes('16 of 192,033 requests failed')).length, 1, output);
  assert.equal(lines.filter((line) => line.includes('errors (cluster on io)')).length, 0, 'no summary sentence repeats it');
  assert.ok(lines.includes('Thresholds: p99 < 150, errors == 0'));
});

/** The report as a version without an outcome wrote it, upgraded as the reader does: the gate and the verdicts tell. */
function withoutOutcome(report: RunReport): RunReport {
  const { outcome: _outcome, ...rest } = report;
  return upgradeRunReport({ ...rest, summary: (report.summary ?? []).slice(1) });
}

test('an older report without an outcome: its gate failures at the top (the outcome it gets when read), once', () => {
  const output = renderTerminal(withoutOutcome(makeReport()), plain);
  const lines = output.split('\n');
  assert.ok(lines.includes('Failed: 2 checks.'), output);
  assert.ok(lines.includes('  - errors == 0: cluster on io had 2 errors (threshold)'), output);
  assert.equal(lines.filter((line) => line.includes('errors == 0: cluster on io had 2 errors')).length, 1, output);
});

test('a passed gate lists no failures', () => {
  const report = withoutOutcome(makeReport({ gate: { passed: true, failures: [] }, warnings: [] }));
  const healthy = withTrial(report, 'io', 'cluster', (trial) => ({ ...trial, client: { ...trial.client, bottleneck: false, reason: '' } }));
  const output = renderTerminal(healthy, plain);
  assert.doesNotMatch(output, /errors == 0: cluster on io had|warning:/);
  assert.match(output, /^Thresholds: p99 < 150, errors == 0$/m);
});

test('charts have a legend and one line set per topology', () => {
  const output = renderTerminal(makeReport(), plain);
  assert.equal(output.split('\n').filter((line) => line.endsWith('── single  ══ cluster')).length, 4);
  assert.match(output, /^rps over the measured phase/m);
  assert.match(output, /^p99 over the measured phase/m);
});

test('a series of fewer than 2 points gets a line instead of a chart', () => {
  const report = withTrial(makeReport(), 'cpu', 'cluster', (trial) => ({ ...trial, series: trial.series.slice(0, 1) }));
  const output = renderTerminal(report, plain);
  assert.match(output, /^cluster: the run was too short for a chart \(1 s of data\)$/m);
  const cpu = output.slice(output.indexOf('cpu · '), output.indexOf('io · '));
  assert.match(cpu, /measured phase {3}── single$/m);
  assert.doesNotMatch(cpu, /[═║╔╗╚╝]/);
});

test('a long series is downsampled to the width', () => {
  const long = (trial: TrialResult): TrialResult => ({
    ...trial,
    series: Array.from({ length: 120 }, (_, t) => ({ t, rps: 1000 + (t % 7) * 10, p50Ms: 1, p99Ms: 2 + (t % 5), errors: 0 })),
  });
  const report = withTrial(withTrial(makeReport(), 'cpu', 'single', long), 'cpu', 'cluster', long);
  const width = 60;
  const output = renderTerminal(report, { color: false, width });
  const isChartLine = (line: string) => /^.{10} ┤/.test(line);
  const chartLines = output.split('\n').filter(isChartLine);
  assert.ok(chartLines.length > 0);
  for (const line of chartLines) assert.ok(line.length <= width, `chart line wider than ${width}: ${line}`);
  const unlimited = renderTerminal(report, plain).split('\n').filter(isChartLine);
  assert.ok(unlimited.some((line) => line.length > width));
});

test('a run without trials says so', () => {
  const output = renderTerminal(makeReport({ trials: [], comparisons: [], interrupted: true }), plain);
  assert.match(output, /^No trial finished: there are no figures to show\.$/m);
  assert.match(output, /^Interrupted: /m);
});

const bottleneck = "warning: cluster on io: loadlab's own process used 97% of a core: the figures describe the load generator, not the server";
const withoutVerdicts = (report: RunReport): RunReport => ({ ...report, trials: report.trials.map((trial) => ({ ...trial, verdicts: [] })) });

test('the servers table shows the peaks of the processes', () => {
  const output = renderTerminal(makeReport(), plain);
  // cpu: the busiest sample of any process; rss: the processes' peaks summed (53 + 81 + 80 MiB);
  // fds, connections, loop p99 and loop max: the highest of any process, each on its own.
  assert.deepEqual(serverRow(output, 'io', 'cluster'), ['cluster', '95%', '214.0 MiB', '46', '26', '4.10 ms', '18.3 ms', '51% / 49%']);
  assert.deepEqual(serverRow(output, 'cpu', 'single'), ['single', '99%', '92.0 MiB', '69', '50', '31.5 ms', '44.8 ms', '—']);
});

test('figures that could not be measured show as n/a, never 0', () => {
  // cluster on cpu ran without the in-app agent: no event-loop delay, no request counts.
  const row = serverRow(renderTerminal(makeReport(), plain), 'cpu', 'cluster');
  assert.deepEqual(row.slice(1), ['100%', '231.0 MiB', '45', '25', 'n/a', 'n/a', 'n/a']);
  // Probes turned off: no process at all.
  const off = withTrial(makeReport(), 'io', 'single', (trial) => ({
    ...trial,
    probes: {
      intervalMs: 1000,
      unavailable: ['probes were turned off (--no-probes)'],
      processes: [],
      hostCpu: null,
      totals: { cpu: null, rssBytes: null, connections: null, requests: null },
      distribution: { requests: null, connections: null },
    },
  }));
  assert.deepEqual(serverRow(renderTerminal(off, plain), 'io', 'single').slice(1), Array(7).fill('n/a'));
});

test('a measured zero stays 0', () => {
  const idle = withTrial(makeReport(), 'io', 'single', (trial) => ({
    ...trial,
    probes: { ...trial.probes, processes: trial.probes.processes.map((probe) => ({ ...probe, connections: { mean: 0, max: 0 } })) },
  }));
  assert.equal(serverRow(renderTerminal(idle, plain), 'io', 'single')[4], '0');
});

test('request shares follow the processes, for any number of workers', () => {
  const output = renderTerminal(makeReport(), plain);
  assert.equal(serverRow(output, 'io', 'cluster')[7], '51% / 49%');
  // One instance: nothing to share, which is not the same as not measured.
  assert.equal(serverRow(output, 'io', 'single')[7], '—');
  const three = withTrial(makeReport(), 'io', 'cluster', (trial) => ({
    ...trial,
    probes: {
      ...trial.probes,
      distribution: {
        ...trial.probes.distribution,
        requests: {
          shares: [
            { pid: 1, share: 0.2 },
            { pid: 2, share: 0.5 },
            { pid: 3, share: 0.3 },
          ],
          imbalance: 1.5,
          jainIndex: 1 / (3 * 0.38),
        },
      },
    },
  }));
  assert.equal(serverRow(renderTerminal(three, plain), 'io', 'cluster')[7], '20% / 50% / 30%');
});

test('the bottleneck is said once, by its verdict under the workload', () => {
  const lines = renderTerminal(makeReport(), plain).split('\n');
  const said = lines.filter((line) => line.includes("loadlab's own process"));
  assert.equal(said.length, 1);
  assert.match(said[0] ?? '', /^ {2}warn cluster {2}client-bottleneck {2}loadlab's own process used 97% of a core/);
  assert.ok(lines.indexOf(said[0] ?? '') > lines.findIndex((line) => line.startsWith('io · ')));
});

test('without a client-bottleneck verdict (an older report), the footer names only the trial whose client was the bottleneck', () => {
  const lines = renderTerminal(withoutVerdicts(makeReport()), plain).split('\n');
  assert.deepEqual(
    lines.filter((line) => line.includes("loadlab's own process")),
    [bottleneck],
  );
  // It is trial data, not a run warning: it shows when the run has none.
  assert.ok(
    renderTerminal(withoutVerdicts(makeReport({ warnings: [] })), plain)
      .split('\n')
      .includes(bottleneck),
  );
  const healthy = withTrial(withoutVerdicts(makeReport()), 'io', 'cluster', (trial) => ({
    ...trial,
    client: { ...trial.client, bottleneck: false, reason: '' },
  }));
  assert.doesNotMatch(renderTerminal(healthy, plain), /own process/);
});

test('the summary comes right after the header and the outcome, one sentence a line', () => {
  const report = makeReport();
  const lines = renderTerminal(report, plain).split('\n');
  const headline = lines.indexOf(report.outcome?.headline ?? '');
  assert.equal(lines[headline - 2], 'response-time target: p50 100 ms, p99 150 ms');
  // the headline opens the summary in the JSON; it is shown once, as the outcome
  const sentences = (report.summary ?? []).slice(1);
  const first = lines.indexOf(sentences[0] ?? '');
  assert.equal(lines[first - 1], '');
  assert.ok(first > headline);
  assert.deepEqual(lines.slice(first, first + sentences.length), sentences);
  assert.ok(first < lines.findIndex((line) => line.startsWith('cpu · ')));
  // A report without a summary (an older one) goes straight from the header to the workloads.
  const bare = renderTerminal(withoutOutcome(makeReport({ summary: [] })), plain).split('\n');
  const workload = bare.indexOf('cpu · 50 connections, 5 s measured after 1 s warm-up');
  assert.equal(bare[workload - 1], '');
  assert.match(bare[workload - 2] ?? '', /^ {2}- .* \((threshold|verdict)\)$/, 'the outcome, then the workloads');
});

/** The verdict lines of a workload's section, from its count line to the blank line after. */
function verdictBlock(output: string, workload: string): string[] {
  const lines = output.split('\n');
  const heading = lines.findIndex((line) => line.startsWith(`${workload} · `));
  const start = lines.findIndex((line, index) => index > heading && /^(verdicts \(|\S+ verdicts: all \d+ passed)/.test(line));
  if (start === -1) return [];
  const end = lines.indexOf('', start);
  return lines.slice(start, end);
}

test('per workload, only the verdicts that did not pass, with words for the status without colour', () => {
  const output = renderTerminal(makeReport(), plain);
  const io = verdictBlock(output, 'io');
  // the failed one is named at the top, with the outcome
  assert.equal(io[0], 'verdicts (17 of 21 passed, 1 failed: named at the top)');
  assert.deepEqual(
    io.slice(1).map((line) => line.slice(0, 40).trim().split(/ +/).slice(0, 3)),
    [
      ['warn', 'single', 'scale-cpu'],
      ['warn', 'cluster', 'scale-cpu'],
      ['warn', 'cluster', 'client-bottleneck'],
    ],
  );
  // an older report, given an outcome when read, names it at the top too
  const older = verdictBlock(renderTerminal(withoutOutcome(makeReport()), plain), 'io');
  assert.equal(older[0], 'verdicts (17 of 21 passed, 1 failed: named at the top)');
  // Not enough data is neither a pass nor hidden.
  assert.ok(verdictBlock(output, 'cpu').some((line) => /^ {2}n\/a {2}cluster {2}event-loop {2}not enough data: /.test(line)));
});

test('verdict marks with colour: ! ✗ ? for what did not pass, ✓ when all passed', () => {
  const strip = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '');
  const colored = strip(renderTerminal(withoutOutcome(makeReport()), { color: true }));
  assert.match(colored, /^ {2}- cluster on io: errors: 16 of 192,033 requests failed.* \(verdict\)$/m);
  assert.match(colored, /^ {2}! single {3}scale-cpu/m);
  assert.match(colored, /^ {2}\? cluster {2}event-loop/m);
  const report = makeReport();
  const allPass = {
    ...report,
    trials: report.trials.map((trial) => ({ ...trial, verdicts: trial.verdicts.map((verdict) => ({ ...verdict, status: 'pass' as const })) })),
  };
  assert.match(strip(renderTerminal(allPass, { color: true })), /^✓ verdicts: all 21 passed$/m);
  assert.match(renderTerminal(allPass, plain), /^pass verdicts: all 21 passed$/m);
  assert.doesNotMatch(renderTerminal(allPass, plain), /^verdicts \(/m);
});

test('a report without verdicts shows no verdict lines', () => {
  assert.doesNotMatch(renderTerminal(withoutVerdicts(makeReport()), plain), /verdicts/);
});

test('each reason a probe was unavailable is noted once per run', () => {
  const report = makeReport();
  const trials = report.trials.map((trial, index) => ({
    ...trial,
    probes: { ...trial.probes, unavailable: index === 3 ? [noAgent, 'no /proc on this platform'] : [noAgent] },
  }));
  const notes = renderTerminal({ ...report, trials }, plain)
    .split('\n')
    .filter((line) => line.startsWith('note:'));
  assert.deepEqual(notes, [`note: ${noAgent}`, 'note: no /proc on this platform']);
  const none = report.trials.map((trial) => ({ ...trial, probes: { ...trial.probes, unavailable: [] } }));
  assert.doesNotMatch(renderTerminal({ ...report, trials: none }, plain), /^note:/m);
});
