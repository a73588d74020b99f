import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runWarnings } from '../../../src/analysis/run/warnings.js';
import { makeReport } from '../../fixtures/report-fixture.js';

test("runWarnings: a deployment's warning is said once per topology, whatever the number of its trials", () => {
  const warning = 'no process started by `npx json-server` listens on port 3000: the probes watched the command itself';
  const trials = makeReport().trials.map((trial) => ({ ...trial, warnings: [warning] }));
  const topologies = [...new Set(trials.map((trial) => trial.topology))];
  assert.ok(trials.length > topologies.length, 'the fixture has several trials per topology');
  const said = runWarnings(trials, false)
    .map((entry) => entry.text)
    .filter((line) => line.endsWith(warning));
  assert.deepEqual(
    said,
    topologies.map((topology) => `${topology}: ${warning}`),
  );
});

test('runWarnings: trials without warnings of their own add none', () => {
  const trials = makeReport().trials;
  assert.ok(trials.every((trial) => trial.warnings === undefined));
  assert.deepEqual(
    runWarnings(trials, false)
      .map((entry) => entry.text)
      .filter((line) => /listens on port/.test(line)),
    [],
  );
});
