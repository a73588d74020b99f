import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildRunReport } from '../../../src/analysis/run/build-report.js';
import { upgradeRunReport } from '../../../src/contract/read-report.js';
import { runWarningsOf } from '../../../src/contract/run-warning.js';
import type { TrialResult } from '../../../src/contract/trial.js';
import { runNotes } from '../../../src/render/run/trial-figures.js';
import { topologies } from '../../../src/deploy/topologies/index.js';
import { scenario } from '../../fixtures/capacity-fixture.js';
import { makeReport } from '../../fixtures/report-fixture.js';

/** The fixture's trials, interrupted, with a topology skipped, one trial without a response and one on a machine whose cores were all busy. */
function troubledRun() {
  const fixture = makeReport();
  const [single, , cluster] = fixture.trials as [TrialResult, TrialResult, TrialResult];
  single.requests = { ...single.requests, total: 0 };
  cluster.probes = { ...cluster.probes, hostCpu: { mean: 0.97, max: 1 } };
  return buildRunReport({
    loadlabVersion: '0.1.0',
    scenario,
    scenarioFile: 'scenarios/cluster-vs-single.ts',
    environment: fixture.environment,
    startedAt: new Date('2026-03-02T10:00:00.000Z'),
    finishedAt: new Date('2026-03-02T10:00:26.000Z'),
    trials: fixture.trials,
    skipped: [{ topology: 'pm2', reason: 'pm2 is not installed' }],
    interrupted: true,
    complete: true,
    thresholds: [],
    inconclusive: 'fail',
    topologies,
  });
}

test('each run warning carries its kind, in the order of the texts, so that code picks one out without matching its words', () => {
  const report = troubledRun();
  assert.equal(report.warningIds?.length, report.warnings.length);
  const kinds = runWarningsOf(report).map((warning) => warning.id);
  assert.deepEqual(kinds.slice(0, 2), ['skipped', 'interrupted']);
  assert.ok(kinds.includes('no-response'), kinds.join(', '));
  assert.ok(kinds.includes('host-cpu'), kinds.join(', '));
  assert.match(runWarningsOf(report).find((warning) => warning.id === 'skipped')?.text ?? '', /^pm2 skipped: pm2 is not installed$/);
  // the renderers' notes keep the kind beside the text
  assert.deepEqual(
    runNotes(report)
      .filter((note) => note.level === 'warning' && note.id !== undefined)
      .map((note) => note.id),
    kinds,
  );
});

test('a report written before warnings had kinds reads each as other; a list of kinds that does not match, or a kind unknown here, too', () => {
  const report = troubledRun();
  const { warningIds, ...older } = report;
  assert.ok(warningIds);
  const upgraded = upgradeRunReport(older);
  assert.deepEqual(upgraded.warnings, report.warnings, 'the texts are kept');
  assert.deepEqual(
    upgraded.warningIds,
    report.warnings.map(() => 'other'),
  );
  assert.deepEqual(
    runWarningsOf({ warnings: report.warnings, warningIds: warningIds.slice(1) }).map((warning) => warning.id),
    report.warnings.map(() => 'other'),
  );
  const unknown = runWarningsOf({ warnings: ['a', 'b'], warningIds: ['skipped', 'a-kind-of-a-later-version'] });
  assert.deepEqual(
    unknown.map((warning) => warning.id),
    ['skipped', 'other'],
  );
  // a report of this version keeps its kinds through the reader
  assert.deepEqual(upgradeRunReport(report).warningIds, warningIds);
});
