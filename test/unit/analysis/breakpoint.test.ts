import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TrialResult, WindowPoint } from '../../../src/contract/trial.js';
import { breakpointSentences, describeBreakpoint } from '../../../src/analysis/breakpoint/breakpoint-text.js';
import { findBreakpoint, type BreakpointLimits } from '../../../src/analysis/breakpoint/find-breakpoint.js';
import { parseThreshold, type Threshold } from '../../../src/scenario/thresholds/parse.js';
import { makeReport } from '../../fixtures/report-fixture.js';

const limits: BreakpointLimits = { slo: { p50: 100, p99: 150 }, errorTolerance: 0, thresholds: [] };

/**
 * An open-model ramp from 100 to 1,100 req/s over 10 s, in 100 ms windows: window i has p99
 * `p99(i)`, p50 a fifth of it, and `errors(i)` failures among 50 answers.
 */
function ramp(p99: (index: number) => number, errors: (index: number) => number = () => 0, model: 'open' | 'closed' = 'open'): TrialResult {
  const base = makeReport().trials[0] as TrialResult;
  const points: WindowPoint[] = Array.from({ length: 100 }, (_, index) => ({
    t: index / 10,
    responses: 50,
    errors: errors(index),
    rps: 500,
    p50Ms: p99(index) / 5,
    p99Ms: p99(index),
  }));
  return {
    ...base,
    load: {
      ...base.load,
      model,
      durationMs: 10_000,
      connections: 10,
      ...(model === 'open' ? { rate: 100 } : {}),
      stages: [{ durationMs: 10_000, target: model === 'open' ? 1100 : 110 }],
    },
    windows: { widthMs: 100, points },
  };
}

test('a trial without stages has no breakpoint field at all', () => {
  assert.equal(findBreakpoint(makeReport().trials[0] as TrialResult, limits), undefined);
});

test('a ramp whose p99 stays under the SLO held: null, and the summary says how far it went', () => {
  const trial = ramp(() => 20);
  assert.equal(findBreakpoint(trial, limits), null);
  assert.deepEqual(breakpointSentences([{ ...trial, breakpoint: null }]), ['single on cpu: held its targets through the ramp, up to 1,100 req/s.']);
});

test('p99 past the SLO from 5.9 s on breaks at the rate asked for then', () => {
  const trial = ramp((index) => (index >= 59 ? 400 : 20));
  const breakpoint = findBreakpoint(trial, limits);
  assert.deepEqual(breakpoint, { rps: 690, atMs: 5900, metric: 'p99', value: 400, limit: 150 });
  assert.equal(describeBreakpoint(breakpoint), 'p99 crossed 150 ms at 690 req/s, 5.9 s into the ramp');
});

test('one slow window, or two, is no breakpoint: it must hold for 500 ms', () => {
  assert.equal(
    findBreakpoint(
      ramp((index) => (index === 30 ? 900 : 20)),
      limits,
    ),
    null,
  );
  assert.equal(
    findBreakpoint(
      ramp((index) => (index === 30 || index === 31 ? 900 : 20)),
      limits,
    ),
    null,
  );
  // five windows of 100 ms: long enough
  assert.equal(
    findBreakpoint(
      ramp((index) => (index >= 30 && index < 35 ? 900 : 20)),
      limits,
    )?.atMs,
    3000,
  );
  // four are not
  assert.equal(
    findBreakpoint(
      ramp((index) => (index >= 30 && index < 34 ? 900 : 20)),
      limits,
    ),
    null,
  );
});

test('a window without answers neither ends a stretch nor counts in it', () => {
  const trial = ramp((index) => (index >= 40 ? 400 : 20));
  const points = trial.windows?.points ?? [];
  for (const index of [41, 42]) points[index] = { ...(points[index] as WindowPoint), responses: 0, p50Ms: null, p99Ms: null };
  assert.equal(findBreakpoint(trial, limits)?.atMs, 4000);
});

test('p50 past its SLO before p99 is past its own: the earlier figure is the breakpoint', () => {
  // p50 is a fifth of p99: 600 ms p99 puts p50 at 120 ms, past 100; a strict p99 SLO of 1 s stays held
  const breakpoint = findBreakpoint(
    ramp((index) => (index >= 20 ? 600 : 20)),
    { ...limits, slo: { p50: 100, p99: 1000 } },
  );
  assert.equal(breakpoint?.metric, 'p50');
  assert.equal(breakpoint?.value, 120);
});

test('errors: one failure is no breakpoint, failures in every window are', () => {
  assert.equal(
    findBreakpoint(
      ramp(
        () => 20,
        (index) => (index === 10 ? 1 : 0),
      ),
      limits,
    ),
    null,
  );
  const breakpoint = findBreakpoint(
    ramp(
      () => 20,
      (index) => (index >= 70 ? 10 : 0),
    ),
    limits,
  );
  assert.deepEqual(breakpoint, { rps: 800, atMs: 7000, metric: 'errors', value: 10 / 60, limit: 0 });
  assert.equal(describeBreakpoint(breakpoint), 'errors rose past 0% of requests (17%) at 800 req/s, 7 s into the ramp');
});

test('a threshold on a figure windows have breaks the ramp where it fails; one on rps is not judged per window', () => {
  const threshold = (expr: string): Threshold => {
    const parsed = parseThreshold(expr);
    if ('error' in parsed) assert.fail(parsed.error);
    return parsed.threshold;
  };
  const trial = ramp((index) => (index >= 50 ? 120 : 20));
  const withThresholds = { ...limits, thresholds: [{ threshold: threshold('p99 < 100ms') }, { threshold: threshold('rps > 100000') }] };
  const breakpoint = findBreakpoint(trial, withThresholds);
  assert.deepEqual(breakpoint, { rps: 600, atMs: 5000, metric: 'threshold', value: 120, limit: 100, threshold: 'p99 < 100ms' });
  assert.equal(describeBreakpoint(breakpoint as NonNullable<typeof breakpoint>), 'p99 < 100ms failed at 600 req/s, 5 s into the ramp');
  // scoped to another workload: not this trial's
  assert.equal(findBreakpoint(trial, { ...limits, thresholds: [{ threshold: threshold('p99 < 100ms'), workload: 'io' }] }), null);
});

test('closed model: the connections at that time, and the throughput of the window', () => {
  const breakpoint = findBreakpoint(
    ramp(
      (index) => (index >= 25 ? 300 : 20),
      () => 0,
      'closed',
    ),
    limits,
  );
  assert.deepEqual(breakpoint, { rps: 500, connections: 35, atMs: 2500, metric: 'p99', value: 300, limit: 150 });
  assert.equal(describeBreakpoint(breakpoint as NonNullable<typeof breakpoint>), 'p99 crossed 150 ms at 35 connections (500 req/s), 2.5 s into the ramp');
});
