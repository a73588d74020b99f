import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { normal, seeded } from '../../helpers/seeded.js';
import { compareErrorShares, compareRuns } from '../../../src/analysis/regression/index.js';
import { decideOutcome } from '../../../src/analysis/outcome.js';
import type { RunReport } from '../../../src/contract/run-report.js';
import type { RequestFigures, TrialResult, WindowPoint } from '../../../src/contract/trial.js';
import { renderJunit } from '../../../src/render/gate/junit.js';
import { renderRegressionMarkdown } from '../../../src/render/gate/regression-markdown.js';
import { makeReport } from '../../fixtures/report-fixture.js';

/** Per request of the checkout flow: its share of the mix, its p99 in ms, its share of failures. */
interface RequestShape {
  share: number;
  p99: number;
  failures: number;
}

const flow: Record<string, RequestShape> = {
  login: { share: 0.1, p99: 20, failures: 0 },
  cart: { share: 0.9, p99: 8, failures: 0 },
};

/**
 * The fixture's report as a run of a two-request flow: every trial 20 windows of 100 ms, the
 * trial's own windows pooling its requests, and each request's own windows, from seeded noise
 * (p99 varying 10% from window to window). `change` alters one request's shape; the trial's
 * windows are left as they were, as when a small part of the mix regressed.
 */
function flowRun(seed: number, change: Partial<Record<string, Partial<RequestShape>>> = {}, repeats = 2): RunReport {
  const random = seeded(seed);
  const noisy = (median: number) => median * Math.exp(0.1 * normal(random));
  const report = makeReport();
  report.trials = report.trials.flatMap((trial) =>
    Array.from({ length: repeats }, (_, index): TrialResult => {
      const rps = 1000;
      const windowOf = (t: number, p99: number, responses: number, errors: number): WindowPoint => ({
        t: t / 10,
        responses,
        errors,
        rps: responses * 10,
        p50Ms: p99 / 3,
        p99Ms: p99,
      });
      const trialWindows = Array.from({ length: 20 }, (_, t) => windowOf(t, noisy(10), rps / 10, 0));
      const byRequest: Record<string, RequestFigures> = {};
      for (const [name, base] of Object.entries(flow)) {
        const shape = { ...base, ...change[name] };
        const responses = Math.round((rps / 10) * shape.share);
        // failures spread as a seeded draw per answer, so that a window may have none
        const points = Array.from({ length: 20 }, (_, t) => {
          let errors = 0;
          for (let answer = 0; answer < responses; answer += 1) if (random() < shape.failures) errors += 1;
          return windowOf(t, noisy(shape.p99), responses, errors);
        });
        const total = points.reduce((sum, point) => sum + point.responses, 0);
        byRequest[name] = {
          requests: { total, rps: total / 2 },
          latencyMs: { p50: shape.p99 / 3, p90: shape.p99 / 2, p99: shape.p99, p999: shape.p99, max: shape.p99 },
          errors: points.reduce((sum, point) => sum + point.errors, 0),
          checksFailed: 0,
          windows: { widthMs: 100, points },
        };
      }
      return { ...structuredClone(trial), repeat: index + 1, windows: { widthMs: 100, points: trialWindows }, byRequest };
    }),
  );
  return report;
}

function requestVerdicts(report: ReturnType<typeof compareRuns>): string[] {
  return report.comparisons.flatMap((comparison) =>
    (comparison.requests ?? [])
      .filter((entry) => entry.verdict !== 'no-change')
      .map((entry) => `${comparison.topology}/${comparison.workload}/${entry.request}/${entry.metric}: ${entry.verdict}`),
  );
}

describe('compareRuns per request', () => {
  test('the same code twice: every request unchanged, nothing more to warn of', () => {
    const report = compareRuns(flowRun(1), flowRun(2), { maxRegression: 0.1 });
    assert.equal(report.passed, true);
    assert.deepEqual(requestVerdicts(report), []);
    assert.deepEqual(report.warnings, []);
    const [first] = report.comparisons;
    assert.deepEqual(
      first?.requests?.map((entry) => `${entry.request} ${entry.metric} ${entry.baseCount}/${entry.currentCount}`),
      ['login p99 40/40', 'login errors 40/40', 'cart p99 40/40', 'cart errors 40/40'],
    );
  });

  test("a request whose p99 regressed while the trial's did not is caught, and named in every output of the gate", () => {
    const base = flowRun(1);
    const current = flowRun(2, { login: { p99: 32 } });
    const report = compareRuns(base, current, { maxRegression: 0.1 });
    // the trial's own metrics did not move: only the requests tell
    assert.ok(report.comparisons.every((comparison) => comparison.metrics.every((metric) => metric.verdict !== 'regression')));
    assert.equal(report.passed, false);
    assert.equal(report.regressed, true);
    assert.deepEqual(
      requestVerdicts(report).map((line) => line.split('/').slice(2).join('/')),
      report.comparisons.map(() => 'login/p99: regression'),
    );
    assert.match(
      report.regressions[0] ?? '',
      /^\w+ on \w+ · login: p99 \+[56]\d\.\d% \((19|20)\.\d ms → 3\d\.\d ms\): worse by more than the 10% tolerance, significantly \(p < 0\.001\)$/,
    );

    const outcome = decideOutcome({ regression: report, inconclusive: 'fail' });
    assert.equal(outcome.exitCode, 1);
    const markdown = renderRegressionMarkdown(report, outcome);
    assert.match(
      markdown,
      /\| login · p99 \| 40 \/ 40 × 100 ms \| (19|20)\.\d+ ms \(20\.0 ms\) \| 3\d\.\d ms \(32\.0 ms\) \| \\\+[56]\d\.\d% \| \\< 0\.001 \| ❌ regression \|/,
    );
    assert.match(markdown, /\| cart · errors \| 40 \/ 40 × 100 ms \| 0\.0% \(0\.0%\) \| 0\.0% \(0\.0%\) \| — \| — \| ✅ no change \|/);
    const junit = renderJunit({ regression: report, outcome, suiteName: 'demo' });
    const [firstComparison] = report.comparisons;
    assert.ok(firstComparison);
    assert.match(
      junit,
      new RegExp(
        `<testcase classname="demo.regression" name="${firstComparison.topology} on ${firstComparison.workload} · login · p99">\\n\\s+<failure type="regression"`,
      ),
    );
  });

  test('a request that starts failing is caught; one stray failure is not', () => {
    const failing = compareRuns(flowRun(1), flowRun(2, { cart: { failures: 0.05 } }), { maxRegression: 0.1 });
    assert.deepEqual(
      requestVerdicts(failing).map((line) => line.split('/').slice(2).join('/')),
      failing.comparisons.map(() => 'cart/errors: regression'),
    );
    assert.match(failing.regressions[0] ?? '', / · cart: errors \(0\.0% → [456]\.\d%\): more failures by more than the 10% tolerance, significantly/);

    const stray = flowRun(2);
    const window = stray.trials[0]?.byRequest?.cart?.windows?.points[3];
    assert.ok(window);
    window.errors = 1;
    const once = compareRuns(flowRun(1), stray, { maxRegression: 0.1 });
    assert.deepEqual(requestVerdicts(once), []);
    assert.equal(once.passed, true);
  });

  test('an old baseline without figures per request still compares the trials, and says the requests were not', () => {
    const base = flowRun(1);
    for (const trial of base.trials) delete trial.byRequest;
    const report = compareRuns(base, flowRun(2, { login: { p99: 32 } }), { maxRegression: 0.1 });
    assert.equal(report.passed, true);
    assert.ok(report.comparisons.every((comparison) => comparison.requests === undefined && comparison.metrics.length === 3));
    assert.match(
      report.warnings[0] ?? '',
      /^\w+ on \w+: not compared per request: the base run has no figures per request \(a report of an older loadlab\): save a new baseline$/,
    );
    assert.equal(report.warningIds?.[0], 'requests-unmeasured');

    // figures per request of a version before their windows: the same
    const withoutWindows = flowRun(1);
    for (const trial of withoutWindows.trials) for (const figures of Object.values(trial.byRequest ?? {})) delete figures.windows;
    const older = compareRuns(withoutWindows, flowRun(2), { maxRegression: 0.1 });
    assert.equal(older.passed, true);
    assert.match(older.warnings[0] ?? '', /not compared per request: 'login', 'cart' without windows in a run of an older loadlab/);
    assert.equal(older.warningIds?.[0], 'requests-unmeasured');
  });

  test('a workload of one request is compared as the trial only; a request on one side only is a warning', () => {
    const single = (report: RunReport) => {
      for (const trial of report.trials) delete trial.byRequest?.cart;
      return report;
    };
    const report = compareRuns(single(flowRun(1)), single(flowRun(2)), { maxRegression: 0.1 });
    assert.ok(report.comparisons.every((comparison) => comparison.requests === undefined));
    assert.deepEqual(report.warnings, []);

    const renamed = flowRun(2);
    for (const trial of renamed.trials) {
      const figures = trial.byRequest?.cart;
      if (trial.byRequest && figures) {
        trial.byRequest.basket = figures;
        delete trial.byRequest.cart;
      }
    }
    const partly = compareRuns(flowRun(1), renamed, { maxRegression: 0.1 });
    assert.equal(partly.passed, true);
    assert.match(partly.warnings[0] ?? '', /requests that ran in one run only were not compared: 'basket' \(current only\), 'cart' \(base only\)$/);
    assert.equal(partly.warningIds?.[0], 'requests-one-side');
    assert.deepEqual([...new Set(partly.comparisons.flatMap((comparison) => (comparison.requests ?? []).map((entry) => entry.request)))], ['login']);
  });
});

describe('compareErrorShares', () => {
  const zeros = (n: number) => Array.from({ length: n }, () => 0);
  test('no failure on either side is no change; too few windows is not enough data', () => {
    assert.equal(compareErrorShares(zeros(20), zeros(20), 0.1).verdict, 'no-change');
    assert.equal(compareErrorShares(zeros(5), zeros(20), 0.1).verdict, 'not-enough-data');
    assert.equal(compareErrorShares([], zeros(20), 0.1).verdict, 'not-enough-data');
  });
  test('failures in most windows against none: a regression; against as many: none; fewer: an improvement', () => {
    const some = Array.from({ length: 20 }, (_, index) => (index % 4 === 0 ? 0 : 0.05));
    const result = compareErrorShares(zeros(20), some, 0.1);
    assert.equal(result.verdict, 'regression');
    assert.equal(result.change, null);
    assert.equal(result.currentMedian, 0.0375);
    assert.equal(compareErrorShares(some, some, 0.1).verdict, 'no-change');
    assert.equal(compareErrorShares(some, zeros(20), 0.1).verdict, 'improvement');
  });
});
