import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareTopologies } from '../../../src/analysis/run/comparisons.js';
import { summariseRun } from '../../../src/analysis/run/summary.js';
import { judgeTrial } from '../../../src/analysis/verdicts/index.js';
import { comparisonWarnings, runWarnings } from '../../../src/analysis/run/warnings.js';
import { decideOutcome, gatingChecks } from '../../../src/analysis/outcome.js';
import { evaluateThresholds } from '../../../src/analysis/thresholds/index.js';
import { parseThreshold } from '../../../src/scenario/thresholds/parse.js';
import { topologies } from '../../../src/deploy/topologies/index.js';
import { makeReport } from '../../fixtures/report-fixture.js';

// The renderers' fixture writes its derived parts out by hand; these tests keep them what analysis computes.

test("the fixture's verdicts are what the rules give", () => {
  const report = makeReport();
  for (const trial of report.trials) {
    assert.deepEqual(trial.verdicts, judgeTrial(trial, { ...report, topologies }), `${trial.topology} on ${trial.workload}`);
  }
});

test("the fixture's comparisons, warnings and summary are what analysis gives", () => {
  const report = makeReport();
  const comparisons = compareTopologies(report.trials, report.scenario.compareTo);
  // The fixture lists comparisons workload by workload; analysis does too.
  assert.deepEqual(report.comparisons, comparisons);
  assert.deepEqual(
    report.warnings,
    [...runWarnings(report.trials, report.interrupted), ...comparisonWarnings(comparisons, report.scenario.compareTo)].map((warning) => warning.text),
  );
  assert.deepEqual(report.summary, [report.outcome?.headline, ...summariseRun(report.trials, comparisons, topologies)]);
});

test("the fixture's outcome and gate are what its thresholds and verdicts give", () => {
  const report = makeReport();
  const thresholds = report.scenario.thresholds.map((text) => {
    const parsed = parseThreshold(text);
    assert.ok('threshold' in parsed, text);
    return { threshold: parsed.threshold };
  });
  const outcome = decideOutcome({ thresholds: evaluateThresholds(thresholds, report.trials).results, trials: report.trials, inconclusive: 'fail' });
  assert.deepEqual(report.outcome, outcome);
  assert.deepEqual(
    report.gate.failures,
    gatingChecks(outcome).map((check) => check.message),
  );
});
