import assert from 'node:assert/strict';
import { test } from 'node:test';
import { judgeTrial } from '../../../src/analysis/verdicts/index.js';
import type { RequestFigures, TrialResult } from '../../../src/contract/trial.js';
import { makeReport } from '../../fixtures/report-fixture.js';
import { topologies } from '../../../src/deploy/topologies/index.js';

const report = makeReport();
const [first] = report.trials;
assert.ok(first);
const context = { scenario: { ...report.scenario, errorTolerance: 0.01 }, environment: report.environment, topologies };

function figures(checked: number, checksFailed: number): RequestFigures {
  return { requests: { total: checked, rps: checked / 2 }, latencyMs: null, errors: checksFailed, checksFailed, checked };
}

function flowTrial(topology: string, instances: number, cart: RequestFigures): TrialResult {
  return { ...first, topology, instances, flow: { users: 400 }, byRequest: { login: figures(400, 0), cart } } as TrialResult;
}

const verdictOf = (trial: TrialResult) => judgeTrial(trial, context).find((verdict) => verdict.id === 'flow-state');

test('flow-state fails, naming the topology, where requests after a passing login start failing their checks', () => {
  const verdict = verdictOf(flowTrial('nginx', 2, figures(400, 190)));
  assert.equal(verdict?.status, 'fail');
  assert.equal(verdict?.value, 190 / 400);
  assert.match(verdict?.message ?? '', /on nginx \(2 processes\) requests after 'login' started failing their checks \('cart' 47.5%\)/);
  assert.match(verdict?.message ?? '', /shared store/);
});

test('flow-state passes within the tolerance, and is not judged for one process or a workload that is no flow', () => {
  assert.equal(verdictOf(flowTrial('cluster', 2, figures(400, 2)))?.status, 'pass');
  assert.equal(verdictOf(flowTrial('single', 1, figures(400, 190))), undefined);
  assert.equal(verdictOf({ ...first, instances: 2 }), undefined);
  const unchecked = { ...flowTrial('nginx', 2, figures(0, 0)), byRequest: { login: { ...figures(400, 0), checked: 0 } } } as TrialResult;
  assert.equal(verdictOf(unchecked)?.status, 'no-data');
});
