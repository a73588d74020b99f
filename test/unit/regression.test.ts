import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { normal, seeded } from '../helpers/seeded.js';
import { compareRuns, compareSamples, mannWhitneyU, smallestPValue, type ChangeVerdict, type RegressionReport } from '../../src/analysis/regression/index.js';
import type { RunReport, SeriesPoint, TrialResult } from '../../src/model.js';
import { renderRegressionMarkdown } from '../../src/report/regression-markdown.js';
import { makeReport } from '../fixtures/report-fixture.js';

/**
 * n lognormal values with the given median and coefficient of variation: skewed to the right
 * like per-second latency (and, with a small cv, near-normal like per-second throughput).
 */
function lognormal(random: () => number, median: number, cv: number, n: number): number[] {
  const sigma = Math.sqrt(Math.log(1 + cv * cv));
  return Array.from({ length: n }, () => median * Math.exp(sigma * normal(random)));
}

/** How often each verdict came out over seeds 1 … seeds. */
function verdictsOver(seeds: number, compare: (random: () => number) => ChangeVerdict): Record<ChangeVerdict, number> {
  const counts: Record<ChangeVerdict, number> = { regression: 0, improvement: 0, 'no-change': 0, 'not-enough-data': 0 };
  for (let seed = 1; seed <= seeds; seed += 1) counts[compare(seeded(seed))] += 1;
  return counts;
}

/** 3 repeats × 20 s of per-second samples on each side. */
const perSide = 60;
const seeds = 50;

describe('compareSamples on synthetic samples', () => {
  // The seeds are fixed, so the counts are too: every seed must give the expected verdict.
  const every = (verdict: ChangeVerdict): Record<ChangeVerdict, number> => ({ regression: 0, improvement: 0, 'no-change': 0, 'not-enough-data': 0, [verdict]: seeds });

  test('identical distributions: no change, in every seed', () => {
    for (const cv of [0.1, 0.5]) {
      const counts = verdictsOver(seeds, (random) => compareSamples(lognormal(random, 20, cv, perSide), lognormal(random, 20, cv, perSide), 'lower-is-better', 0.1).verdict);
      assert.deepEqual(counts, every('no-change'), `cv ${cv}`);
    }
  });

  test('latency 20% higher: a regression, in every seed', () => {
    const counts = verdictsOver(seeds, (random) => compareSamples(lognormal(random, 20, 0.1, perSide), lognormal(random, 24, 0.1, perSide), 'lower-is-better', 0.1).verdict);
    assert.deepEqual(counts, every('regression'));
  });

  test('very noisy (cv 50%) with a 5% shift: no regression', () => {
    // A 5% change is within the 10% tolerance, so a regression would be a false alarm. The test
    // against the tolerance's edge bounds their rate to α/2 = 2.5% (about 1% here); seeds 1 to 50
    // have none, nor a false improvement.
    for (const n of [15, perSide, 150]) {
      const counts = verdictsOver(seeds, (random) => compareSamples(lognormal(random, 20, 0.5, n), lognormal(random, 21, 0.5, n), 'lower-is-better', 0.1).verdict);
      assert.deepEqual(counts, every('no-change'), `${n} samples a side`);
    }
  });

  test('throughput 20% lower: a regression, in every seed', () => {
    const counts = verdictsOver(seeds, (random) => compareSamples(lognormal(random, 2000, 0.05, perSide), lognormal(random, 1600, 0.05, perSide), 'higher-is-better', 0.1).verdict);
    assert.deepEqual(counts, every('regression'));
  });

  test('latency 25% lower and throughput 25% higher: improvements, in every seed', () => {
    const faster = verdictsOver(seeds, (random) => compareSamples(lognormal(random, 20, 0.1, perSide), lognormal(random, 15, 0.1, perSide), 'lower-is-better', 0.1).verdict);
    assert.deepEqual(faster, every('improvement'));
    const more = verdictsOver(seeds, (random) => compareSamples(lognormal(random, 2000, 0.05, perSide), lognormal(random, 2500, 0.05, perSide), 'higher-is-better', 0.1).verdict);
    assert.deepEqual(more, every('improvement'));
  });

  test('the direction decides which way is worse', () => {
    const base = [10, 11, 12, 13, 14, 15, 16, 17];
    const higher = base.map((value) => value * 1.5);
    assert.equal(compareSamples(base, higher, 'lower-is-better', 0.1).verdict, 'regression');
    assert.equal(compareSamples(base, higher, 'higher-is-better', 0.1).verdict, 'improvement');
  });
});

describe('compareSamples, case by case', () => {
  const base = [100, 102, 98, 101, 99, 103, 97, 100];

  test('a clear regression reports the medians, the change and both p-values', () => {
    const result = compareSamples(base, base.map((value) => value * 1.3), 'lower-is-better', 0.1);
    assert.equal(result.verdict, 'regression');
    assert.equal(result.baseMedian, 100);
    assert.equal(result.currentMedian, 130);
    assert.ok(Math.abs((result.change ?? 0) - 0.3) < 1e-12);
    assert.ok((result.pValue ?? 1) < 0.001);
    assert.ok((result.pBeyondTolerance ?? 1) < 0.05);
    assert.equal(result.reason, 'worse by more than the 10% tolerance, significantly (p < 0.001)');
  });

  test('within the tolerance: no change, and no tolerance test', () => {
    const result = compareSamples(base, base.map((value) => value * 1.08), 'lower-is-better', 0.1);
    assert.equal(result.verdict, 'no-change');
    assert.ok((result.pValue ?? 1) < 0.05, 'the samples do differ');
    assert.equal(result.pBeyondTolerance, null);
    assert.equal(result.reason, 'within the 10% tolerance');
  });

  test('beyond the tolerance but not significantly: no change', () => {
    // Medians 100 and 112, but the samples overlap: noise can explain 12%.
    const noisy = [60, 140, 80, 120, 100, 90, 110, 100];
    const result = compareSamples(noisy, noisy.map((value) => value * 1.12), 'lower-is-better', 0.1);
    assert.equal(result.verdict, 'no-change');
    assert.ok((result.pBeyondTolerance ?? 0) >= 0.05);
    assert.match(result.reason, /^beyond the 10% tolerance, but not significantly \(p = 0\.\d+\): could be noise$/);
  });

  test('a tolerance of 0 flags any significant change', () => {
    assert.equal(compareSamples(base, base.map((value) => value * 1.05), 'lower-is-better', 0).verdict, 'regression');
  });

  const notEnough: [string, number[], number[], string][] = [
    ['no sample in base', [], [1, 2, 3], 'no sample in the base run'],
    ['no sample in current', [1, 2, 3], [], 'no sample in the current run'],
    ['no sample at all', [], [], 'no sample in either run'],
    ['a base median of 0', [0, 0, 0, 0, 1], [1, 2, 3, 4, 5], 'the base median is 0, so there is no relative change'],
    ['too few samples to be significant', [1, 2, 3], [10, 20, 30], '3 and 3 samples cannot show a significant difference: measure longer or repeat'],
    ['non-finite values are dropped', [Number.NaN, Infinity], [1, 2], 'no sample in the base run'],
  ];
  for (const [title, b, c, reason] of notEnough) {
    test(`not enough data: ${title}`, () => {
      const result = compareSamples(b, c, 'lower-is-better', 0.1);
      assert.equal(result.verdict, 'not-enough-data');
      assert.equal(result.reason, reason);
    });
  }

  test('a bad tolerance is refused', () => {
    assert.throws(() => compareSamples(base, base, 'lower-is-better', -0.1), /maxRegression must be a fraction of at least 0/);
    assert.throws(() => compareSamples(base, base, 'lower-is-better', Number.NaN), RangeError);
  });
});

describe('mannWhitneyU', () => {
  // Reference values: scipy.stats.mannwhitneyu(x, y, method='asymptotic') (tie and continuity corrections).
  const reference: [number[], number[], number, number][] = [
    [[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], 0, 0.012185780355344813],
    [[1.1, 2.2, 2.2, 3.5, 4, 4, 4, 7], [2.2, 3, 4, 5, 6, 6, 8, 9, 9.5], 16.5, 0.06499170962034928],
    [[10, 11, 12, 13, 14, 15, 16, 17, 18, 19], [12, 13, 14, 15, 16, 17, 18, 19, 20, 21], 32, 0.18455093943501133],
  ];
  for (const [x, y, u, p] of reference) {
    test(`U = ${u}, p = ${p.toFixed(4)} as scipy`, () => {
      const result = mannWhitneyU(x, y);
      assert.equal(result.u, u);
      assert.ok(Math.abs(result.pValue - p) < 1e-6, `${result.pValue} against ${p}`);
      assert.ok(result.z < 0, 'x tends to be the smaller');
    });
  }

  test('all values equal: nothing tells them apart', () => {
    assert.deepEqual(mannWhitneyU([5, 5, 5], [5, 5]), { u: 3, z: 0, pValue: 1 });
  });

  test('symmetric: swapping the samples flips z, not p', () => {
    const a = mannWhitneyU([1, 3, 5, 7], [2, 4, 6, 8, 10]);
    const b = mannWhitneyU([2, 4, 6, 8, 10], [1, 3, 5, 7]);
    assert.equal(a.pValue, b.pValue);
    assert.equal(a.z, -b.z);
  });

  test('empty samples are refused', () => {
    assert.throws(() => mannWhitneyU([], [1]), RangeError);
  });

  test('the smallest p-value tells when no difference could be significant', () => {
    assert.ok(smallestPValue(3, 3) >= 0.05);
    assert.ok(smallestPValue(4, 4) < 0.05);
    assert.equal(smallestPValue(0, 5), 1);
  });
});

/**
 * The fixture's report with every trial's series replaced: `repeats` trials per topology ×
 * workload, each of `seconds` per-second points from seeded lognormal p50, p99 and rps. scale:
 * multiplies the medians of one topology × workload ('cluster/cpu' → { p99: 1.4 }).
 */
function syntheticRun(seed: number, scale: Record<string, { p50?: number; p99?: number; rps?: number }> = {}, repeats = 3, seconds = 20): RunReport {
  const random = seeded(seed);
  const report = makeReport();
  report.trials = report.trials.flatMap((trial) =>
    Array.from({ length: repeats }, (_, index): TrialResult => {
      const factor = scale[`${trial.topology}/${trial.workload}`] ?? {};
      const p50 = lognormal(random, trial.latencyMs.p50 * (factor.p50 ?? 1), 0.05, seconds);
      const p99 = lognormal(random, trial.latencyMs.p99 * (factor.p99 ?? 1), 0.15, seconds);
      const rps = lognormal(random, trial.requests.rps * (factor.rps ?? 1), 0.03, seconds);
      const series = p50.map((value, t): SeriesPoint => ({ t, rps: rps[t] as number, p50Ms: value, p99Ms: Math.max(value, p99[t] as number), errors: 0 }));
      return { ...structuredClone(trial), repeat: index + 1, series };
    }),
  );
  return report;
}

function metricVerdicts(report: RegressionReport): string[] {
  return report.comparisons.flatMap((comparison) => comparison.metrics.map((metric) => `${comparison.topology}/${comparison.workload}/${metric.metric}: ${metric.verdict}`));
}

describe('compareRuns', () => {
  test('the same code twice: every metric unchanged, and the gate passes', () => {
    const report = compareRuns(syntheticRun(1), syntheticRun(2), { maxRegression: 0.1 });
    assert.equal(report.regressed, false);
    assert.equal(report.passed, true);
    assert.deepEqual(report.failures, []);
    assert.deepEqual(report.warnings, []);
    assert.equal(report.comparisons.length, 4);
    assert.ok(metricVerdicts(report).every((line) => line.endsWith(': no-change')), metricVerdicts(report).join('\n'));
    assert.deepEqual(report.comparisons[0]?.repeats, { base: 3, current: 3 });
    assert.equal(report.comparisons[0]?.metrics[0]?.baseCount, 60);
    assert.deepEqual([report.maxRegression, report.alpha], [0.1, 0.05]);
  });

  test('p99 40% higher on cluster on cpu, throughput 30% lower on single on io', () => {
    const report = compareRuns(syntheticRun(1), syntheticRun(2, { 'cluster/cpu': { p99: 1.4 }, 'single/io': { rps: 0.7 } }), { maxRegression: 0.1 });
    assert.equal(report.regressed, true);
    assert.equal(report.passed, false);
    const changed = metricVerdicts(report).filter((line) => !line.endsWith(': no-change'));
    assert.deepEqual(changed, ['single/io/rps: regression', 'cluster/cpu/p99: regression']);
    assert.equal(report.failures.length, 2);
    assert.match(report.failures[0] ?? '', /^single on io: rps −[23]\d\.\d% \(24,\d{3} → 1\d,\d{3}\): worse by more than the 10% tolerance, significantly \(p < 0\.001\)$/);
    assert.match(report.failures[1] ?? '', /^cluster on cpu: p99 \+\d\d\.\d% \(27\.\d ms → 3\d\.\d ms\): worse by more than the 10% tolerance, significantly \(p < 0\.001\)$/);
  });

  test('an improvement is reported and passes', () => {
    const report = compareRuns(syntheticRun(1), syntheticRun(2, { 'single/cpu': { p50: 0.7, p99: 0.7 } }), { maxRegression: 0.1 });
    assert.equal(report.passed, true);
    assert.deepEqual(
      metricVerdicts(report).filter((line) => !line.endsWith(': no-change')),
      ['single/cpu/p50: improvement', 'single/cpu/p99: improvement'],
    );
  });

  test('trials on one side only are listed, not compared', () => {
    const base = syntheticRun(1);
    const current = syntheticRun(2);
    base.trials = base.trials.filter((trial) => !(trial.topology === 'cluster' && trial.workload === 'io'));
    current.trials = current.trials.filter((trial) => !(trial.topology === 'single' && trial.workload === 'cpu'));
    current.trials.push(...current.trials.filter((trial) => trial.topology === 'cluster').map((trial) => ({ ...trial, topology: 'pm2', kind: 'pm2' as const })));
    const report = compareRuns(base, current, { maxRegression: 0.1 });
    assert.deepEqual(report.onlyInBase, [{ topology: 'single', workload: 'cpu' }]);
    assert.deepEqual(report.onlyInCurrent, [
      { topology: 'cluster', workload: 'io' },
      { topology: 'pm2', workload: 'cpu' },
      { topology: 'pm2', workload: 'io' },
    ]);
    assert.deepEqual(report.comparisons.map((comparison) => `${comparison.topology}/${comparison.workload}`), ['single/io', 'cluster/cpu']);
    assert.equal(report.passed, true);
  });

  test('nothing in common: nothing compared, and that is not a pass', () => {
    const base = syntheticRun(1);
    const current = syntheticRun(2);
    base.trials = base.trials.filter((trial) => trial.workload === 'cpu');
    current.trials = current.trials.filter((trial) => trial.workload === 'io');
    const report = compareRuns(base, current, { maxRegression: 0.1 });
    assert.equal(report.regressed, false);
    assert.equal(report.passed, false);
    assert.deepEqual(report.failures, [
      'nothing to compare: no topology × workload ran in both runs (base: single on cpu, cluster on cpu; current: single on io, cluster on io)',
    ]);
  });

  test('no trial at all does not crash', () => {
    const empty = { ...makeReport(), trials: [] };
    const report = compareRuns(empty, empty, { maxRegression: 0.1 });
    assert.deepEqual([report.comparisons, report.onlyInBase, report.onlyInCurrent, report.passed], [[], [], [], false]);
  });

  test('seconds without a response give no latency sample, but count as 0 requests/s', () => {
    const base = syntheticRun(1, {}, 1, 10);
    const current = syntheticRun(2, {}, 1, 10);
    // Six silent seconds of ten: the median second served nothing.
    for (const trial of current.trials) for (const point of trial.series.slice(0, 6)) Object.assign(point, { rps: 0, p50Ms: 0, p99Ms: 0 });
    const report = compareRuns(base, current, { maxRegression: 0.1 });
    const [p50, , rps] = report.comparisons[0]?.metrics ?? [];
    assert.equal(p50?.currentCount, 4);
    assert.equal(p50?.verdict, 'no-change');
    assert.equal(rps?.currentCount, 10);
    // The median second is halfway between a silent one and a busy one.
    assert.ok((rps?.change ?? 0) < -0.4, String(rps?.change));
  });

  test('a trial that received nothing is not enough data, never a pass', () => {
    const current = syntheticRun(2);
    for (const trial of current.trials.filter((entry) => entry.topology === 'single' && entry.workload === 'cpu')) {
      trial.series = trial.series.map((point) => ({ ...point, rps: 0, p50Ms: 0, p99Ms: 0 }));
    }
    const report = compareRuns(syntheticRun(1), current, { maxRegression: 0.1 });
    assert.equal(report.passed, false);
    assert.equal(report.failures.length, 3, report.failures.join('\n'));
    assert.match(report.failures[0] ?? '', /^single on cpu: p50 \(3\d\.\d ms → no sample\): no sample in the current run$/);
    assert.match(report.failures[1] ?? '', /^single on cpu: p99 \(5\d\.\d ms → no sample\): no sample in the current run$/);
    assert.match(report.failures[2] ?? '', /^single on cpu: rps −100\.0% \(1,5\d\d → 0\): worse by more than the 10% tolerance, significantly \(p < 0\.001\)$/);
  });

  test('warnings: another machine, another Node.js, different load, an interrupted run', () => {
    const base = syntheticRun(1);
    const current = syntheticRun(2);
    current.environment = { ...current.environment, cpus: 2, cpuModel: 'Intel Xeon', node: 'v22.1.0' };
    current.interrupted = true;
    for (const trial of current.trials.filter((entry) => entry.topology === 'single' && entry.workload === 'io')) trial.load = { ...trial.load, connections: 100 };
    assert.deepEqual(compareRuns(base, current, { maxRegression: 0.1 }).warnings, [
      'different machines: 2 CPUs (Intel Xeon) against the base\'s 8 (AMD EPYC 7B13); a baseline from another machine can show changes the code did not make (loadlab ab runs both in one job)',
      "different Node.js versions: v22.1.0 against the base's v20.19.0",
      'the current run was interrupted: its trials may be fewer or shorter than planned',
      'single on io: the load differs (connections 100 against 50): the comparison is not like for like',
    ]);
  });
});

describe('renderRegressionMarkdown', () => {
  const report: RegressionReport = {
    base: { scenario: 'api', startedAt: '2026-03-01T09:00:00.000Z', loadlab: '0.1.0', node: 'v20.19.0', cpus: 4, cpuModel: 'AMD EPYC' },
    current: { scenario: 'api', startedAt: '2026-03-02T09:00:00.000Z', loadlab: '0.1.0', node: 'v20.19.0', cpus: 4, cpuModel: 'AMD EPYC' },
    maxRegression: 0.1,
    alpha: 0.05,
    comparisons: [
      {
        topology: 'cluster',
        workload: 'a|b',
        repeats: { base: 3, current: 3 },
        metrics: [
          { metric: 'p50', direction: 'lower-is-better', verdict: 'no-change', baseMedian: 10, currentMedian: 10.2, baseCount: 30, currentCount: 30, change: 0.02, pValue: 0.41, pBeyondTolerance: null, reason: 'within the 10% tolerance', message: 'x' },
          { metric: 'p99', direction: 'lower-is-better', verdict: 'regression', baseMedian: 30, currentMedian: 40, baseCount: 30, currentCount: 30, change: 1 / 3, pValue: 0.0001, pBeyondTolerance: 0.002, reason: 'worse', message: 'cluster on a|b: p99 +33.3% (30.0 ms → 40.0 ms): worse by more than the 10% tolerance, significantly (p = 0.002)' },
          { metric: 'rps', direction: 'higher-is-better', verdict: 'improvement', baseMedian: 2000, currentMedian: 2500, baseCount: 30, currentCount: 30, change: 0.25, pValue: 0.00001, pBeyondTolerance: 0.0004, reason: 'better', message: 'y' },
        ],
      },
      {
        topology: 'single',
        workload: 'io',
        repeats: { base: 3, current: 1 },
        metrics: [
          { metric: 'p50', direction: 'lower-is-better', verdict: 'no-change', baseMedian: 1, currentMedian: 1.12, baseCount: 30, currentCount: 10, change: 0.12, pValue: 0.03, pBeyondTolerance: 0.6, reason: 'beyond', message: 'z' },
          { metric: 'p99', direction: 'lower-is-better', verdict: 'not-enough-data', baseMedian: 2, currentMedian: null, baseCount: 30, currentCount: 0, change: null, pValue: null, pBeyondTolerance: null, reason: 'no sample in the current run', message: 'single on io: p99 (2.00 ms → no sample): no sample in the current run' },
          { metric: 'rps', direction: 'higher-is-better', verdict: 'no-change', baseMedian: 40_000, currentMedian: 39_000, baseCount: 30, currentCount: 10, change: -0.025, pValue: 0.2, pBeyondTolerance: null, reason: 'within', message: 'w' },
        ],
      },
    ],
    onlyInBase: [{ topology: 'pm2', workload: 'io' }],
    onlyInCurrent: [],
    regressed: true,
    passed: false,
    failures: [
      'cluster on a|b: p99 +33.3% (30.0 ms → 40.0 ms): worse by more than the 10% tolerance, significantly (p = 0.002)',
      'single on io: p99 (2.00 ms → no sample): no sample in the current run',
    ],
    warnings: ['single on io: the load differs (connections 100 against 50): the comparison is not like for like'],
  };

  test('the whole output', () => {
    assert.equal(
      renderRegressionMarkdown(report),
      `## loadlab · ❌ regression

- **Base**: api, started 2026-03-01T09:00:00.000Z · loadlab 0.1.0 · node v20.19.0 · 4 CPUs (AMD EPYC)
- **Current**: api, started 2026-03-02T09:00:00.000Z · loadlab 0.1.0 · node v20.19.0 · 4 CPUs (AMD EPYC)

A change counts when a median moved by more than 10% and a Mann–Whitney U test on the per-second samples of every repeat shows, at α = 0.05, that it moved beyond the 10% tolerance. p-value: whether the samples differ at all.

| topology | workload | metric | base | current | change | p-value | verdict |
| :-- | :-- | :-- | --: | --: | --: | --: | --: |
| cluster | a\\|b | p50 | 10.0 ms | 10.2 ms | \\+2.0% | 0.41 | ✅ no change |
| cluster | a\\|b | p99 | 30.0 ms | 40.0 ms | \\+33.3% | \\< 0.001 | ❌ regression |
| cluster | a\\|b | rps | 2,000 | 2,500 | \\+25.0% | \\< 0.001 | 🟢 improvement |
| single | io | p50 | 1.00 ms | 1.12 ms | \\+12.0% | 0.03 | ✅ no change (not beyond the tolerance: p = 0.6) |
| single | io | p99 | 2.00 ms | — | — | — | ⚠️ not enough data (no sample in the current run) |
| single | io | rps | 40,000 | 39,000 | −2.5% | 0.2 | ✅ no change |

**Only in base (not compared)**: pm2 on io

### Warnings

- ⚠️ single on io: the load differs (connections 100 against 50): the comparison is not like for like

**❌ Regression**

- cluster on a\\|b: p99 +33.3% (30.0 ms → 40.0 ms): worse by more than the 10% tolerance, significantly (p = 0.002)
- single on io: p99 (2.00 ms → no sample): no sample in the current run
`,
    );
  });

  test('the heading when all is well, and when only data is missing', () => {
    assert.match(renderRegressionMarkdown({ ...report, regressed: false, passed: true, failures: [] }), /^## loadlab · ✅ no regression\n/);
    assert.match(renderRegressionMarkdown({ ...report, regressed: false, passed: false }), /^## loadlab · ⚠️ comparison incomplete\n[^]*\*\*⚠️ Not passed\*\*/);
  });

  test('renders a report from compareRuns', () => {
    const output = renderRegressionMarkdown(compareRuns(syntheticRun(1), syntheticRun(2, { 'cluster/cpu': { p99: 1.4 } }), { maxRegression: 0.1 }));
    assert.equal(output.split('\n').filter((line) => line.startsWith('| ')).length, 2 + 12);
    assert.match(output, /\| cluster \| cpu \| p99 \| 2\d\.\d ms \| 3\d\.\d ms \| \\\+\d\d\.\d% \| \\< 0\.001 \| ❌ regression \|/);
  });
});
