import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareRuns } from '../../../src/analysis/regression/index.js';
import { capacityReport } from '../../../src/render/capacity/kind.js';
import { runReport } from '../../../src/render/run/kind.js';
import { makeCapacityReport } from '../../fixtures/capacity-fixture.js';
import { makeReport } from '../../fixtures/report-fixture.js';

const runBanner =
  'loadlab did not finish this run (it was killed, or is still running): the figures below are the 1 trial finished by 2026-03-02T10:00:26.000Z.';

test('a run report kept as it went (complete: false) says so at the top of every format', () => {
  const full = makeReport();
  const kept = { ...full, trials: full.trials.slice(0, 1), complete: false };
  assert.ok(runReport.md(kept).includes(`\n\n> ⚠️ **Incomplete**: ${runBanner}\n`));
  assert.ok(runReport.terminal(kept, { color: false }).includes(`\nIncomplete: ${runBanner}\n`));
  assert.ok(runReport.html(kept).includes(`<p class="banner">Incomplete: ${runBanner}</p>`));
  assert.equal(JSON.parse(runReport.json(kept)).complete, false);
});

test('a finished report (complete: true) and one from before the field have no such mark', () => {
  for (const report of [{ ...makeReport(), complete: true }, makeReport()]) {
    for (const text of [runReport.md(report), runReport.terminal(report, { color: false }), runReport.html(report)]) assert.doesNotMatch(text, /Incomplete/);
  }
  assert.equal(runReport.md({ ...makeReport(), complete: true }), runReport.md(makeReport()));
});

test('killed after being interrupted: both marks, the incomplete one first', () => {
  const kept = { ...makeReport(), complete: false, interrupted: true };
  assert.match(
    runReport.md(kept),
    /> ⚠️ \*\*Incomplete\*\*: loadlab did not finish this run .* 4 trials finished by .*\n\n> ⚠️ \*\*Interrupted\*\*: the figures below/,
  );
});

test('a capacity report kept as it went says so in every format', () => {
  const kept = makeCapacityReport({ complete: false });
  const banner = `loadlab did not finish this search (it was killed, or is still running): the figures below are the ${kept.results.length} searches finished by ${kept.finishedAt}.`;
  assert.ok(capacityReport.md(kept).includes(`> ⚠️ **Incomplete**: ${banner}`));
  assert.ok(capacityReport.terminal(kept, { color: false }).includes(`Incomplete: ${banner}`));
  assert.ok(capacityReport.html(kept).includes(`<p class="banner">Incomplete: ${banner}</p>`));
  assert.doesNotMatch(capacityReport.md(makeCapacityReport()), /Incomplete/);
});

test('compare warns of an incomplete side', () => {
  const base = { ...makeReport(), complete: false };
  const current = { ...makeReport(), startedAt: '2026-03-03T10:00:00.000Z' };
  const { warnings } = compareRuns(base, current, { maxRegression: 0.1 });
  assert.ok(warnings.includes('the base run is incomplete (loadlab did not finish it): it holds the trials finished before it stopped'), warnings.join('\n'));
});
