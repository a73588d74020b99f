import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { estimate, summariseRepeats, tQuantile975 } from '../../../src/analysis/run/repeats.js';
import type { TrialResult } from '../../../src/contract/trial.js';
import { makeReport } from '../../fixtures/report-fixture.js';
import { answered } from '../../helpers/latency.js';

/** A copy of a fixture trial as repeat n, with the given rps, p50 and p99. */
function repeatOf(template: TrialResult, repeat: number, rps: number, p50: number, p99: number): TrialResult {
  const trial = structuredClone(template);
  return { ...trial, repeat, requests: { ...trial.requests, rps }, latencyMs: { ...answered(trial.latencyMs), p50, p99 } };
}

function close(actual: number | undefined, expected: number, tolerance = 1e-9): void {
  assert.ok(actual !== undefined && Math.abs(actual - expected) <= tolerance, `${actual} is not ${expected}`);
}

describe('estimate', () => {
  test('three values: median, mean and the t-interval with t(2) = 4.303', () => {
    const result = estimate([100, 110, 120]);
    assert.ok(result);
    assert.equal(result.median, 110);
    assert.equal(result.mean, 110);
    // s = 10, so the half-width is 4.303 × 10 ÷ √3.
    const half = (4.303 * 10) / Math.sqrt(3);
    close(result.ci95?.low, 110 - half);
    close(result.ci95?.high, 110 + half);
    assert.deepEqual(result.values, [100, 110, 120]);
  });

  test('the median resists one disturbed repeat; the interval widens with it', () => {
    const result = estimate([100, 101, 180]);
    assert.equal(result?.median, 101);
    assert.ok((result?.ci95?.high ?? 0) - (result?.ci95?.low ?? 0) > 200);
  });

  test('equal values: an interval of no width', () => {
    assert.deepEqual(estimate([5, 5, 5, 5])?.ci95, { low: 5, high: 5 });
  });

  test('one value: no interval; none: no estimate', () => {
    assert.deepEqual(estimate([7]), { median: 7, mean: 7, ci95: null, values: [7] });
    assert.equal(estimate([]), null);
  });
});

describe('tQuantile975', () => {
  const table: [number, number][] = [
    [1, 12.706],
    [2, 4.303],
    [4, 2.776],
    [9, 2.262],
    [30, 2.042],
  ];
  for (const [df, t] of table) test(`df ${df}: ${t}`, () => assert.equal(tQuantile975(df), t));
  test('beyond the table: the expansion, within 0.001 of the exact values', () => {
    close(tQuantile975(40), 2.0211, 0.001);
    close(tQuantile975(60), 2.0003, 0.001);
    close(tQuantile975(120), 1.9799, 0.001);
    close(tQuantile975(100_000), 1.96, 0.001);
  });
  test('it never rises with more degrees of freedom', () => {
    for (let df = 1; df < 200; df += 1) assert.ok(tQuantile975(df + 1) <= tQuantile975(df), `df ${df}`);
  });
});

describe('summariseRepeats', () => {
  const [singleCpu, singleIo, clusterCpu] = makeReport().trials as [TrialResult, TrialResult, TrialResult, TrialResult];

  test('per topology × workload, in the order first run, over interleaved repeats', () => {
    const trials = [
      repeatOf(singleCpu, 1, 1500, 30, 50),
      repeatOf(clusterCpu, 1, 3000, 15, 27),
      repeatOf(singleCpu, 2, 1520, 31, 52),
      repeatOf(clusterCpu, 2, 3100, 14, 26),
      repeatOf(singleCpu, 3, 1490, 32, 60),
      repeatOf(clusterCpu, 3, 3200, 16, 28),
    ];
    const summaries = summariseRepeats(trials);
    assert.deepEqual(
      summaries.map((summary) => [summary.topology, summary.workload, summary.repeats, summary.rps.median, summary.p50Ms?.median, summary.p99Ms?.median]),
      [
        ['single', 'cpu', 3, 1500, 31, 52],
        ['cluster', 'cpu', 3, 3100, 15, 27],
      ],
    );
    assert.deepEqual(summaries[0]?.p99Ms?.values, [50, 52, 60]);
    const cluster = summaries[1]?.rps;
    // mean 3100, s = 100: half-width 4.303 × 100 ÷ √3.
    close(cluster?.ci95?.low, 3100 - (4.303 * 100) / Math.sqrt(3), 1e-6);
    close(cluster?.ci95?.high, 3100 + (4.303 * 100) / Math.sqrt(3), 1e-6);
  });

  test('repeats are ordered by their number, whatever order they finished in', () => {
    const [summary] = summariseRepeats([repeatOf(singleIo, 2, 20, 2, 2), repeatOf(singleIo, 1, 10, 1, 1)]);
    assert.deepEqual(summary?.rps.values, [10, 20]);
  });

  test('a repeat without a response has no latency, but its 0 requests/s count', () => {
    const silent = repeatOf(singleCpu, 2, 0, 0, 0);
    silent.requests.total = 0;
    const [summary] = summariseRepeats([repeatOf(singleCpu, 1, 1500, 30, 50), silent]);
    assert.deepEqual(summary?.rps.values, [1500, 0]);
    assert.deepEqual(summary?.p50Ms?.values, [30]);
    assert.equal(summary?.p50Ms?.ci95, null);
  });

  test('no response in any repeat: no latency estimate', () => {
    const silent = repeatOf(singleCpu, 1, 0, 0, 0);
    silent.requests.total = 0;
    const [summary] = summariseRepeats([silent]);
    assert.equal(summary?.p50Ms, null);
    assert.equal(summary?.p99Ms, null);
  });

  test('the sides of an A/B run are summarised apart', () => {
    const base = { ...repeatOf(singleCpu, 1, 1500, 30, 50), variant: 'base' as const };
    const current = { ...repeatOf(singleCpu, 1, 1400, 33, 55), variant: 'current' as const };
    assert.deepEqual(
      summariseRepeats([base, current]).map((summary) => [summary.variant, summary.rps.median]),
      [
        ['base', 1500],
        ['current', 1400],
      ],
    );
  });

  test('no trial: no summary', () => {
    assert.deepEqual(summariseRepeats([]), []);
  });
});
