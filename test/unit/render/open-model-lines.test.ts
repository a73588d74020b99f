import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TrialResult } from '../../../src/contract/trial.js';
import { loadDescription, openModelLines } from '../../../src/render/run/trial-figures.js';
import { makeReport } from '../../fixtures/report-fixture.js';
import { answered } from '../../helpers/latency.js';

function openTrial(latencyP99: number, serviceP99: number, p90s: { latency: number; service: number } = { latency: 40, service: 40 }): TrialResult {
  const [trial] = makeReport().trials as [TrialResult];
  return {
    ...trial,
    load: { ...trial.load, model: 'open', rate: 200, maxConnections: 10 },
    latencyMs: { ...answered(trial.latencyMs), p90: p90s.latency, p99: latencyP99 },
    serviceLatencyMs: { ...answered(trial.latencyMs), p90: p90s.service, p99: serviceP99 },
    requests: { ...trial.requests, rps: 187.4, targetRps: 200, dropped: 12 },
  };
}

test('an open-model workload is described by its arrival rate', () => {
  assert.match(loadDescription([openTrial(60, 55)]), /^200 req\/s arrival rate \(open model\), up to 10 connections, /);
});

test('achieved against target, dropped, and both latencies', () => {
  assert.deepEqual(openModelLines([openTrial(60, 55)]), [
    'single: 187 of 200 req/s sent, 12 dropped; p99 60.0 ms from the intended start, 55.0 ms service time',
  ]);
});

test('requests that went out late for want of a free connection are counted in the line', () => {
  const trial = openTrial(60, 55);
  const [line] = openModelLines([{ ...trial, requests: { ...trial.requests, delayed: 1234 } }]);
  assert.equal(
    line,
    'single: 187 of 200 req/s sent, 12 dropped, 1,234 sent late (no free connection); p99 60.0 ms from the intended start, 55.0 ms service time',
  );
});

test('queueing is said in plain words once users wait twice the service time, not before', () => {
  const [, note] = openModelLines([openTrial(900, 100)]);
  assert.match(
    note ?? '',
    /users waited 9\.0× the service time at p99 \(900 ms against 100 ms\) — a closed-model run .* hides stalls \(coordinated omission\)/,
  );
  assert.equal(openModelLines([openTrial(199, 100)]).length, 1);
});

test('a stall that sets both p99s still shows as queueing at p90', () => {
  const [, note] = openModelLines([openTrial(972, 968, { latency: 660, service: 3 })]);
  assert.match(note ?? '', /users waited 220\.0× the service time at p90 \(660 ms against 3\.00 ms\)/);
});

test('the sent rate, when recorded, is the one beside the target', () => {
  const trial = openTrial(60, 55);
  const [line] = openModelLines([{ ...trial, requests: { ...trial.requests, sentRps: 199.2 } }]);
  assert.match(line ?? '', /^single: 199 of 200 req\/s sent, /);
});

test('no request waited for a connection: a gap between the clocks is not called queueing', () => {
  const trial = openTrial(900, 100);
  assert.equal(openModelLines([{ ...trial, requests: { ...trial.requests, delayed: 0 } }]).length, 1);
  assert.equal(openModelLines([{ ...trial, requests: { ...trial.requests, delayed: 3 } }]).length, 2);
});

test('a gap under 2 ms is the pacer, not queueing', () => {
  assert.equal(openModelLines([openTrial(1.5, 0.5, { latency: 1, service: 0.4 })]).length, 1);
});

test('closed-model trials have no such line', () => {
  assert.deepEqual(openModelLines(makeReport().trials), []);
});
