import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decideOutcome } from '../../../src/analysis/outcome.js';
import type { TrialResult } from '../../../src/contract/trial.js';
import { abortingThresholds, LiveGate } from '../../../src/measure/abort/live-gate.js';
import { MeasurementWindow } from '../../../src/measure/recording/measurement-window.js';
import { parseThreshold, type ScopedThreshold } from '../../../src/scenario/thresholds/parse.js';
import { makeReport } from '../../fixtures/report-fixture.js';

function scoped(expr: string, extra: Omit<ScopedThreshold, 'threshold'> = {}): ScopedThreshold {
  const parsed = parseThreshold(expr);
  if ('error' in parsed) assert.fail(parsed.error);
  return { threshold: parsed.threshold, ...extra };
}

/** A measured phase with `count` answers of `latencyMs` each, 1 ms apart. */
function phaseOf(count: number, latencyMs: number, errors = 0): MeasurementWindow {
  const window = new MeasurementWindow(0, 10_000);
  for (let index = 0; index < count; index += 1) window.recordResponse(index, 200, 10, latencyMs);
  for (let index = 0; index < errors; index += 1) window.recordError(count + index);
  return window;
}

test('a threshold that holds so far does not stop the trial; once it fails, it does, and says why', () => {
  const gate = new LiveGate([scoped('p99 < 50ms')]);
  assert.equal(gate.stopNow(phaseOf(100, 20).recording(), 500), false);
  assert.equal(gate.failed, undefined);
  assert.equal(gate.stopNow(phaseOf(100, 80).recording(), 750.4), true);
  assert.deepEqual(gate.failed, { atMs: 750, threshold: 'p99 < 50ms', message: 'p99 < 50ms: had p99 80.1 ms' });
});

test('abortAfter: not judged before the measured phase has run that long', () => {
  const gate = new LiveGate([scoped('errors == 0', { abortOnFail: true, abortAfterMs: 1000 })]);
  const failing = phaseOf(10, 5, 3).recording();
  assert.equal(gate.stopNow(failing, 999), false);
  assert.equal(gate.stopNow(failing, 1000), true);
  assert.equal(gate.failed?.message, 'errors == 0: had 3 errors');
});

test('nothing answered yet is not judged: no latency is no failure', () => {
  const gate = new LiveGate([scoped('p99 < 1ms')]);
  assert.equal(gate.stopNow(phaseOf(0, 5).recording(), 2000), false);
});

test('which thresholds stop a trial: marked ones (or all with the flag), in scope, on a figure a running trial has', () => {
  const thresholds = [
    scoped('p99 < 50ms', { abortOnFail: true }),
    scoped('errors == 0'),
    scoped('cpu < 80%', { abortOnFail: true }),
    scoped('p50 < 10ms', { abortOnFail: true, workload: 'io' }),
  ];
  const trial = { topology: 'single', workload: 'cpu' };
  assert.deepEqual(
    abortingThresholds(thresholds, trial, false).map((entry) => entry.threshold.source),
    ['p99 < 50ms'],
  );
  assert.deepEqual(
    abortingThresholds(thresholds, trial, true).map((entry) => entry.threshold.source),
    ['p99 < 50ms', 'errors == 0'],
  );
});

test('a trial stopped early fails the run, said once even when its threshold passes on the figures kept', () => {
  const trial = {
    ...(makeReport().trials[0] as TrialResult),
    verdicts: [],
    aborted: { atMs: 500, threshold: 'p99 < 50ms', message: 'p99 < 50ms: had p99 80.0 ms' },
  };
  const outcome = decideOutcome({ trials: [trial], thresholds: [], inconclusive: 'fail' });
  assert.equal(outcome.exitCode, 1);
  assert.deepEqual(
    outcome.failed.map((check) => check.message),
    ['single on cpu: stopped early: p99 < 50ms: had p99 80.0 ms'],
  );
});
