import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compareTopologies } from '../../../src/analysis/run/comparisons.js';
import { checkParity } from '../../../src/analysis/run/parity.js';
import { comparisonWarnings } from '../../../src/analysis/run/warnings.js';
import type { TrialResult } from '../../../src/contract/trial.js';
import { makeReport } from '../../fixtures/report-fixture.js';

/** The fixture's trials: single and cluster on cpu, then on io. */
function trials(): TrialResult[] {
  const report = makeReport();
  const order = ['single/cpu', 'cluster/cpu', 'single/io', 'cluster/io'];
  return order.map((key) => report.trials.find((trial) => `${trial.topology}/${trial.workload}` === key) as TrialResult);
}

/** A trial with `total` responses of `bytesEach` bytes, with the given status counts (the rest 200). */
function served(total: number, bytesEach: number, statusCodes: Record<string, number> = {}): TrialResult {
  const trial = structuredClone(makeReport().trials[0]) as TrialResult;
  const others = Object.values(statusCodes).reduce((sum, count) => sum + count, 0);
  trial.requests = {
    ...trial.requests,
    total,
    bytes: total * bytesEach,
    statusCodes: total - others > 0 ? { '200': total - others, ...statusCodes } : statusCodes,
  };
  return trial;
}

/** The trial with a response sample of GET / (or of each path given) answered in these encodings (null: the request failed). */
function encoded(trial: TrialResult, encodings: (string | null)[], paths: string[] = encodings.map(() => '/')): TrialResult {
  trial.responseSample = encodings.map((contentEncoding, index) => ({
    method: 'GET',
    path: paths[index] ?? '/',
    contentEncoding,
    ...(contentEncoding === null ? { error: 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:1' } : {}),
  }));
  return trial;
}

describe('parity', () => {
  const cases: { title: string; trial: TrialResult; baseline: TrialResult; differences: RegExp[] | null }[] = [
    { title: 'the same responses', trial: served(1000, 1000), baseline: served(2000, 1000), differences: [] },
    { title: 'bytes exactly 10% more', trial: served(1000, 1100), baseline: served(1000, 1000), differences: [] },
    {
      title: 'bytes just over 10% more',
      trial: served(1000, 1101),
      baseline: served(1000, 1000),
      differences: [/^bytes per response: 1\.1 KiB against 1000 B \(\+10%\)$/],
    },
    { title: 'bytes just under 10% less', trial: served(1000, 901), baseline: served(1000, 1000), differences: [] },
    {
      title: 'a compressed body: a third of the bytes',
      trial: served(1000, 3000),
      baseline: served(1000, 9000),
      differences: [/^bytes per response: 2\.9 KiB against 8\.8 KiB \(−67%\)$/],
    },
    { title: 'a header more on a tiny response: over 10% but under 100 bytes', trial: served(1000, 210), baseline: served(1000, 152), differences: [] },
    {
      title: 'a different status mix',
      trial: served(1000, 152, { '304': 50 }),
      baseline: served(1000, 152),
      differences: [/^status 200: 95% of responses against 100%$/, /^status 304: 5\.0% of responses against 0%$/],
    },
    { title: 'a status share within 1 point', trial: served(1000, 152, { '503': 10 }), baseline: served(1000, 152), differences: [] },
    {
      title: 'a status share just over 1 point',
      trial: served(1000, 152, { '503': 11 }),
      baseline: served(1000, 152),
      differences: [/^status 200: /, /^status 503: 1\.1% of responses against 0%$/],
    },
    { title: 'no response on one side: nothing to compare', trial: served(0, 0), baseline: served(1000, 152), differences: null },
    {
      title: 'gzip against identity, the bytes within 10%',
      trial: encoded(served(1000, 152), ['gzip']),
      baseline: encoded(served(1000, 152), ['identity']),
      differences: [/^content-encoding: gzip against identity$/],
    },
    {
      title: 'gzip against identity, with the bytes a third',
      trial: encoded(served(1000, 3000), ['gzip']),
      baseline: encoded(served(1000, 9000), ['identity']),
      differences: [/^bytes per response: /, /^content-encoding: gzip against identity$/],
    },
    {
      title: 'the same encoding on both sides',
      trial: encoded(served(1000, 3000), ['gzip']),
      baseline: encoded(served(2000, 3000), ['gzip']),
      differences: [],
    },
    {
      title: 'no sample on the trial (a report of an earlier version)',
      trial: served(1000, 152),
      baseline: encoded(served(1000, 152), ['gzip']),
      differences: [],
    },
    { title: 'no sample on the baseline', trial: encoded(served(1000, 152), ['gzip']), baseline: served(1000, 152), differences: [] },
    {
      title: 'the sample request failed on one side: unknown, not compared',
      trial: encoded(served(1000, 152), [null]),
      baseline: encoded(served(1000, 152), ['identity']),
      differences: [],
    },
    {
      title: 'a mix of three with /a twice: the request that differs is named, once',
      trial: encoded(served(1000, 152), ['br', 'identity', 'br'], ['/a', '/b', '/a']),
      baseline: encoded(served(1000, 152), ['identity', 'identity', 'identity'], ['/a', '/b', '/a']),
      differences: [/^content-encoding of GET \/a: br against identity$/],
    },
  ];
  for (const { title, trial, baseline, differences } of cases) {
    test(title, () => {
      const parity = checkParity(trial, baseline);
      if (differences === null) {
        assert.equal(parity, null);
        return;
      }
      assert.ok(parity);
      assert.equal(parity.ok, differences.length === 0);
      assert.equal(parity.differences.length, differences.length, parity.differences.join('\n'));
      differences.forEach((pattern, index) => assert.match(parity.differences[index] ?? '', pattern));
    });
  }
});

describe('comparisons', () => {
  test('against the first topology on each workload by default', () => {
    const comparisons = compareTopologies(trials());
    assert.deepEqual(
      comparisons.map((entry) => `${entry.workload}: ${entry.topology} vs ${entry.baseline}`),
      ['cpu: single vs single', 'cpu: cluster vs single', 'io: single vs single', 'io: cluster vs single'],
    );
    const cluster = comparisons[1];
    assert.ok(cluster && cluster.throughputRatio !== null);
    assert.ok(Math.abs(cluster.throughputRatio - 3192.8 / 1520.4) < 1e-9);
    assert.deepEqual(cluster.parity, { ok: true, differences: [] });
  });

  test('compareTo picks the baseline', () => {
    const comparisons = compareTopologies(trials(), 'cluster');
    assert.deepEqual(
      comparisons.map((entry) => entry.baseline),
      ['cluster', 'cluster', 'cluster', 'cluster'],
    );
    const single = comparisons.find((entry) => entry.workload === 'cpu' && entry.topology === 'single');
    assert.ok(single?.throughputRatio);
    assert.ok(Math.abs(single.throughputRatio - 1520.4 / 3192.8) < 1e-9);
    // single has 1 instance against 2: its efficiency is its ratio × 2.
    assert.ok(Math.abs((single.scalingEfficiency ?? 0) - (1520.4 / 3192.8) * 2) < 1e-9);
    assert.deepEqual(comparisonWarnings(comparisons, 'cluster'), []);
  });

  test('a compareTo that did not run on a workload falls back to the first topology, with a warning', () => {
    const withoutClusterOnIo = trials().filter((trial) => !(trial.topology === 'cluster' && trial.workload === 'io'));
    const comparisons = compareTopologies(withoutClusterOnIo, 'cluster');
    assert.equal(comparisons.find((entry) => entry.workload === 'io')?.baseline, 'single');
    assert.deepEqual(comparisonWarnings(comparisons, 'cluster'), [
      { id: 'compare-to', text: "compareTo 'cluster' did not run on io: compared against single, the first topology that did" },
    ]);
  });

  test('a comparison without parity is a run warning', () => {
    const [singleCpu, clusterCpu] = trials() as [TrialResult, TrialResult];
    clusterCpu.requests = { ...clusterCpu.requests, bytes: clusterCpu.requests.total * 1500 };
    const comparisons = compareTopologies([singleCpu, clusterCpu]);
    assert.deepEqual(comparisonWarnings(comparisons, null), [
      {
        id: 'parity',
        text: 'cluster and single on cpu did not serve the same responses (bytes per response: 1.5 KiB against 152 B (+887%)): comparing their figures is not like for like',
      },
    ]);
  });

  test('a content-encoding that differs is a run warning', () => {
    const [singleCpu, clusterCpu] = trials() as [TrialResult, TrialResult];
    const comparisons = compareTopologies([encoded(singleCpu, ['identity']), encoded(clusterCpu, ['gzip'])]);
    assert.deepEqual(comparisonWarnings(comparisons, null), [
      {
        id: 'parity',
        text: 'cluster and single on cpu did not serve the same responses (content-encoding: gzip against identity): comparing their figures is not like for like',
      },
    ]);
  });
});
