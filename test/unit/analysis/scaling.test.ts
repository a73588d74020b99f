import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describeFit, scalingCurves, scalingSentences } from '../../../src/analysis/scaling/scaling-curves.js';
import { fitUsl, uslThroughput } from '../../../src/analysis/scaling/usl-fit.js';
import type { TrialResult } from '../../../src/contract/trial.js';
import { makeReport } from '../../fixtures/report-fixture.js';
import { normal, seeded } from '../../helpers/seeded.js';

const known = { lambdaRps: 1000, sigma: 0.05, kappa: 0.001 };

function within(actual: number, expected: number, share: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= share * Math.abs(expected), `${what}: ${actual} against ${expected} (±${share * 100}%)`);
}

/** Points of the known law at these counts, each off by a seeded normal noise of `noise` (a share). */
function pointsOf(counts: number[], noise: number, seed = 1): { instances: number; rps: number }[] {
  const random = seeded(seed);
  return counts.map((instances) => ({ instances, rps: uslThroughput(known, instances) * (1 + noise * normal(random)) }));
}

describe('the Universal Scalability Law fit', () => {
  test('points drawn from σ 0.05, κ 0.001 at N = 1..32 are fitted back within 10% of each parameter', () => {
    const counts = Array.from({ length: 32 }, (_, index) => index + 1);
    for (const seed of [1, 2, 3]) {
      const fit = fitUsl(pointsOf(counts, 0.01, seed));
      assert.ok(fit);
      within(fit.lambdaRps, known.lambdaRps, 0.1, `λ (seed ${seed})`);
      within(fit.sigma, known.sigma, 0.1, `σ (seed ${seed})`);
      within(fit.kappa, known.kappa, 0.1, `κ (seed ${seed})`);
      // N* = √(0.95 ÷ 0.001) ≈ 30.8
      within(fit.peakInstances ?? 0, Math.sqrt(0.95 / 0.001), 0.1, 'N*');
      assert.ok(fit.rSquared > 0.99, `r² ${fit.rSquared}`);
    }
  });

  test('exact points are fitted exactly, from counts that double', () => {
    const fit = fitUsl(pointsOf([1, 2, 4, 8, 16, 32], 0));
    assert.ok(fit);
    within(fit.sigma, known.sigma, 1e-4, 'σ');
    within(fit.kappa, known.kappa, 1e-4, 'κ');
    within(fit.peakRps ?? 0, uslThroughput(known, Math.sqrt(0.95 / 0.001)), 1e-4, 'C(N*)');
  });

  test('throughput in proportion to the instances: no contention, no coherency cost, no peak', () => {
    const fit = fitUsl([1, 2, 3, 4].map((instances) => ({ instances, rps: 500 * instances })));
    assert.ok(fit);
    assert.ok(fit.sigma < 1e-3 && fit.kappa < 1e-4, JSON.stringify(fit));
    within(fit.lambdaRps, 500, 0.01, 'λ');
  });

  test('Amdahl: contention only levels off at λ ÷ σ', () => {
    const amdahl = { lambdaRps: 400, sigma: 0.2, kappa: 0 };
    const fit = fitUsl([1, 2, 4, 8, 16].map((instances) => ({ instances, rps: uslThroughput(amdahl, instances) })));
    assert.ok(fit);
    within(fit.sigma, 0.2, 0.01, 'σ');
    assert.ok(fit.kappa < 1e-5, `κ ${fit.kappa}`);
  });

  test('fewer than three counts, or nothing served: no fit', () => {
    assert.equal(fitUsl(pointsOf([1, 2], 0)), null);
    assert.equal(fitUsl(pointsOf([1, 2, 2, 1], 0)), null);
    assert.equal(fitUsl([1, 2, 3].map((instances) => ({ instances, rps: 0 }))), null);
  });
});

/** Trials of a sweep 'cluster' on 'cpu' at these counts and rates. */
function sweep(counts: number[], rps: (instances: number) => number, change: (trial: TrialResult) => void = () => {}): TrialResult[] {
  return counts.map((instances) => {
    const trial = structuredClone(makeReport().trials[0]) as TrialResult;
    trial.kind = 'cluster';
    trial.topology = `cluster×${instances}`;
    trial.sweep = 'cluster';
    trial.instances = instances;
    trial.requests = { ...trial.requests, rps: rps(instances) };
    change(trial);
    return trial;
  });
}

describe('scaling curves', () => {
  test('per count: throughput, p99, speed-up and efficiency against the smallest count', () => {
    const [curve] = scalingCurves(
      sweep([2, 1], (n) => (n === 1 ? 363 : 586)),
      2,
    );
    assert.ok(curve);
    assert.equal(curve.topology, 'cluster');
    assert.deepEqual(
      curve.points.map((point) => [point.instances, point.topology, point.rps, point.speedUp, point.efficiency]),
      [
        [1, 'cluster×1', 363, 1, 1],
        [2, 'cluster×2', 586, 586 / 363, 586 / 363 / 2],
      ],
    );
    assert.equal(curve.fit, null);
    assert.match(curve.notes.join('\n'), /^2 counts \(1 and 2\): the USL has three parameters, so a fit needs at least 3 counts/);
    assert.deepEqual(scalingSentences([curve]), [
      'On cpu, cluster went from 363 to 586 req/s from 1 to 2 instances (1.61×, 81% efficiency); too few counts for a USL fit.',
    ]);
  });

  test('counts above the cores, and a peak beyond the counts, are said', () => {
    const [curve] = scalingCurves(
      sweep([1, 2, 4, 8], (n) => uslThroughput(known, n)),
      2,
    );
    assert.ok(curve?.fit);
    const notes = curve.notes.join('\n');
    assert.match(notes, /4 and 8 are above this machine's 2 cores/);
    assert.match(notes, /the peak at 31 instances lies beyond the largest count measured \(8\): an extrapolation/);
    assert.match(describeFit(curve), /^USL: contention σ 0\.050, coherency κ 0\.0010, peak at 31 instances \(/);
  });

  test('three counts fit exactly, which checks nothing; a poor fit is said', () => {
    const [exact] = scalingCurves(
      sweep([1, 2, 3], (n) => uslThroughput(known, n)),
      8,
    );
    assert.match(exact?.notes.join('\n') ?? '', /3 counts for the USL's 3 parameters/);
    const [noisy] = scalingCurves(
      sweep([1, 2, 3, 4, 5], (n) => [500, 100, 900, 200, 800][n - 1] ?? 0),
      8,
    );
    assert.match(noisy?.notes.join('\n') ?? '', /the fit explains \d+% of the differences between counts/);
  });

  test('an open-model workload is not fitted, and a client at its limit is said', () => {
    const [open] = scalingCurves(
      sweep(
        [1, 2, 3, 4],
        () => 500,
        (trial) => (trial.load = { ...trial.load, model: 'open', rate: 500 }),
      ),
      8,
    );
    assert.equal(open?.fit, null);
    assert.match(open?.notes.join('\n') ?? '', /open-model workload sends a fixed rate/);
    const [limited] = scalingCurves(
      sweep(
        [1, 2],
        (n) => 100 * n,
        (trial) => (trial.client = { ...trial.client, bottleneck: trial.instances === 2 }),
      ),
      8,
    );
    assert.match(limited?.notes.join('\n') ?? '', /loadlab itself was the bottleneck at 2 instances/);
  });

  test('trials outside a sweep make no curve', () => {
    assert.deepEqual(scalingCurves(makeReport().trials, 8), []);
  });
});
