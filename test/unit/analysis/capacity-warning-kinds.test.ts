import assert from 'node:assert/strict';
import { test } from 'node:test';
import { capacityWarningsOf } from '../../../src/contract/capacity-warning.js';
import { upgradeCapacityReport, upgradeRunReport } from '../../../src/contract/read-report.js';
import { regressionWarningsOf } from '../../../src/contract/regression-warning.js';
import { compareRuns } from '../../../src/analysis/regression/index.js';
import { capacityWarnings as capacityWarningsSection } from '../../../src/render/sections/capacity.js';
import { regressionSection } from '../../../src/render/sections/gate.js';
import { makeCapacityReport } from '../../fixtures/capacity-fixture.js';
import { makeReport } from '../../fixtures/report-fixture.js';

test('each capacity warning carries its kind, in the order of the texts, and the warnings section keeps it', () => {
  const report = makeCapacityReport({ interrupted: true });
  assert.equal(report.warningIds?.length, report.warnings.length);
  const kinds = capacityWarningsOf(report).map((warning) => warning.id);
  assert.equal(kinds[0], 'interrupted');
  assert.ok(kinds.includes('measured-again'), kinds.join(', '));
  assert.ok(kinds.includes('littles-law'), kinds.join(', '));
  assert.match(capacityWarningsOf(report).find((warning) => warning.id === 'littles-law')?.text ?? '', /Little's law is off/);
  const [notes] = capacityWarningsSection(report)?.blocks ?? [];
  assert.deepEqual(notes?.kind === 'notes' ? notes.notes.map((note) => note.id) : [], kinds);
});

test('a capacity report written before warnings had kinds reads each as other; one of this version keeps its kinds', () => {
  const report = makeCapacityReport({ interrupted: true });
  const { warningIds, ...older } = report;
  assert.ok(warningIds);
  const upgraded = upgradeCapacityReport(older);
  assert.deepEqual(upgraded.warnings, report.warnings, 'the texts are kept');
  assert.deepEqual(
    upgraded.warningIds,
    report.warnings.map(() => 'other'),
  );
  assert.deepEqual(upgradeCapacityReport(report).warningIds, warningIds);
});

test("a comparison's warnings carry their kinds, through the run report's reader and into the gate's section", () => {
  const base = makeReport();
  const current = makeReport();
  current.environment = { ...current.environment, node: 'v99.0.0' };
  current.interrupted = true;
  const regression = compareRuns(base, current, { maxRegression: 0.1 });
  assert.deepEqual(regression.warningIds, ['node-version', 'interrupted']);
  const { warningIds, ...older } = regression;
  assert.ok(warningIds);
  const upgraded = upgradeRunReport({ ...current, regression: older });
  assert.deepEqual(upgraded.regression?.warningIds, ['other', 'other'], 'a report written before the kinds');
  assert.deepEqual(upgradeRunReport({ ...current, regression }).regression?.warningIds, warningIds);
  assert.deepEqual(
    regressionWarningsOf({ warnings: ['a', 'b'], warningIds: ['machine', 'a-kind-of-a-later-version'] }).map((warning) => warning.id),
    ['machine', 'other'],
  );
  const notes = regressionSection(regression).blocks.flatMap((block) => (block.kind === 'notes' ? block.notes : []));
  assert.deepEqual(
    notes.filter((note) => note.level === 'warning').map((note) => note.id),
    warningIds,
  );
});
