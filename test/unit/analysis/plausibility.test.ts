import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildRunReport } from '../../../src/analysis/run/build-report.js';
import { clearDifference, speedUpBound, suspectSpeedUp } from '../../../src/analysis/run/plausibility.js';
import type { Environment } from '../../../src/contract/common.js';
import type { RepeatSummary } from '../../../src/contract/run-report.js';
import type { TrialResult } from '../../../src/contract/trial.js';
import { renderHtml } from '../../../src/render/run/html.js';
import { renderMarkdown } from '../../../src/render/run/markdown.js';
import { renderTerminal } from '../../../src/render/run/terminal.js';
import { scenario } from '../../fixtures/capacity-fixture.js';
import { topologies } from '../../../src/deploy/topologies/index.js';
import { makeReport } from '../../fixtures/report-fixture.js';

const twoCores: Environment = { node: 'v20.19.0', os: 'Linux 6.8.0 x64', cpus: 2, cpuModel: 'AMD EPYC 7B13', memoryBytes: 8 * 1024 ** 3 };

/** The fixture's cpu trials with cluster (2 workers) serving `times` the requests of single, analysed as a run is. */
function runWithSpeedUp(times: number, environment = twoCores) {
  const trials = makeReport().trials.filter((trial) => trial.workload === 'cpu');
  const [single, cluster] = trials as [TrialResult, TrialResult];
  const total = Math.round(single.requests.total * times);
  cluster.requests = {
    ...single.requests,
    rps: single.requests.rps * times,
    total,
    bytes: (single.requests.bytes / single.requests.total) * total,
    statusCodes: { 200: total },
  };
  return buildRunReport({
    loadlabVersion: '0.1.0',
    scenario,
    scenarioFile: 'scenarios/cluster-vs-single.ts',
    environment,
    startedAt: new Date('2026-03-02T10:00:00.000Z'),
    finishedAt: new Date('2026-03-02T10:00:26.000Z'),
    trials: [single, cluster],
    skipped: [],
    interrupted: false,
    complete: true,
    thresholds: [],
    inconclusive: 'fail',
    topologies,
  });
}

describe('a speed-up that cannot be', () => {
  test('2.2× on 2 instances and 2 cores: suspect, in the JSON, the summary and the terminal, markdown and HTML reports', () => {
    const report = runWithSpeedUp(2.2);
    const comparison = report.comparisons.find((entry) => entry.topology === 'cluster');
    assert.match(
      comparison?.suspect ?? '',
      /^cluster on cpu served 2\.20× the requests of single, more than the 2\.00× that 2 processes on 2 cores can add: suspect noise .*--repeat 3$/,
    );
    assert.ok(report.warnings.includes(comparison?.suspect ?? ''), report.warnings.join('\n'));
    assert.match(
      report.summary?.join('\n') ?? '',
      /served 2\.20× the requests of single with p99 [^,]*, but that is more than its processes can add, so it is suspect/,
    );
    const text = [renderTerminal(report, { color: false }), renderMarkdown(report), renderHtml(report)];
    for (const [index, output] of text.entries()) {
      assert.match(output, /more than the 2\.00× that 2 processes on 2 cores can add/, ['terminal', 'markdown', 'html'][index]);
      assert.match(output, /2\.20× \(suspect\)/, ['terminal', 'markdown', 'html'][index]);
    }
  });

  test('1.9× on 2 instances is not suspect', () => {
    assert.equal(runWithSpeedUp(1.9).comparisons.find((entry) => entry.topology === 'cluster')?.suspect, undefined);
    assert.equal(
      runWithSpeedUp(1.9).warnings.some((line) => line.includes('suspect')),
      false,
    );
  });

  test('as many instances as the baseline: a faster balancer or a cheaper request is not suspect', () => {
    const report = runWithSpeedUp(1.4);
    const [single, cluster] = report.trials as [TrialResult, TrialResult];
    const comparison = report.comparisons.find((entry) => entry.topology === 'cluster');
    assert.ok(comparison);
    assert.equal(suspectSpeedUp({ ...comparison, throughputRatio: 1.4 }, cluster, { ...single, instances: 2 }, twoCores), null);
    assert.match(suspectSpeedUp({ ...comparison, throughputRatio: 2.4 }, cluster, single, twoCores) ?? '', /more than the 2\.00×/);
  });

  test("the bound is the cores each could use: instances, at most the machine's cores", () => {
    const [single, cluster] = makeReport().trials.filter((trial) => trial.workload === 'cpu') as [TrialResult, TrialResult];
    assert.equal(speedUpBound(cluster, single, twoCores), 2);
    assert.equal(speedUpBound({ ...cluster, instances: 8 }, single, twoCores), 2, '8 workers on 2 cores add 2 cores at most');
    assert.equal(speedUpBound({ ...cluster, instances: 4 }, single, { ...twoCores, cpus: 8 }), 4);
    assert.equal(speedUpBound({ ...cluster, kind: 'external' }, single, twoCores), null);
    assert.equal(
      runWithSpeedUp(2.2, { ...twoCores, cpus: 1 })
        .comparisons.find((entry) => entry.topology === 'cluster')
        ?.suspect?.includes('more than the 1.00×'),
      true,
    );
  });
});

describe('with repeats, a ratio within the noise', () => {
  const summary = (topology: string, low: number, high: number): RepeatSummary => ({
    topology,
    workload: 'cpu',
    repeats: 3,
    rps: { median: (low + high) / 2, mean: (low + high) / 2, ci95: { low, high }, values: [low, (low + high) / 2, high] },
    p50Ms: null,
    p99Ms: null,
  });
  const comparison = { workload: 'cpu', topology: 'cluster', baseline: 'single', throughputRatio: 1.2, p99Ratio: 1, scalingEfficiency: 0.6, parity: null };

  test('3 repeats a side whose intervals overlap: "no clear difference" instead of a ratio, in the summary and the terminal, markdown and HTML tables', () => {
    const [single, cluster] = makeReport().trials.filter((trial) => trial.workload === 'cpu') as [TrialResult, TrialResult];
    const withRps = (trial: TrialResult, repeat: number, rps: number): TrialResult => ({ ...trial, repeat, requests: { ...trial.requests, rps } });
    const trials = [
      ...[1000, 1100, 900].map((rps, index) => withRps(single, index + 1, rps)),
      ...[1150, 1350, 1000].map((rps, index) => withRps(cluster, index + 1, rps)),
    ];
    const report = buildRunReport({
      loadlabVersion: '0.1.0',
      scenario,
      scenarioFile: 'scenarios/cluster-vs-single.ts',
      environment: twoCores,
      startedAt: new Date('2026-03-02T10:00:00.000Z'),
      finishedAt: new Date('2026-03-02T10:00:26.000Z'),
      trials,
      skipped: [],
      interrupted: false,
      complete: true,
      thresholds: [],
      topologies,
      inconclusive: 'fail',
    });
    assert.equal(report.comparisons.find((entry) => entry.topology === 'cluster')?.clearDifference, false);
    assert.match(
      report.summary?.join('\n') ?? '',
      /cluster \(2 workers\) made no clear difference against single \(1\.\d\d× the requests, but the 95% intervals of their repeats overlap/,
    );
    for (const [name, output] of [
      ['terminal', renderTerminal(report, { color: false, width: 160 })],
      ['markdown', renderMarkdown(report)],
      ['html', renderHtml(report)],
    ] as const) {
      assert.match(output, /no clear difference/, name);
      assert.doesNotMatch(output, /\d\.\d\d× \(no clear difference\)/, `${name}: no ratio beside it`);
    }
  });

  test('intervals that overlap: no clear difference; apart: a clear one; without repeats: nothing said', () => {
    assert.equal(clearDifference(comparison, [summary('single', 900, 1100), summary('cluster', 1050, 1350)]), false);
    assert.equal(clearDifference(comparison, [summary('single', 900, 1000), summary('cluster', 1050, 1350)]), true);
    assert.equal(clearDifference(comparison, undefined), null);
  });
});
