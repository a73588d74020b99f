import assert from 'node:assert/strict';
import { test } from 'node:test';
import { judgeTrial } from '../../../src/analysis/verdicts/index.js';
import type { RequestFigures, TrialResult } from '../../../src/contract/trial.js';
import type { TopologyKindName } from '../../../src/contract/vocabulary.js';
import { makeReport } from '../../fixtures/report-fixture.js';
import { topologies } from '../../../src/deploy/topologies/index.js';

const report = makeReport();
const [first] = report.trials;
assert.ok(first);
const scenario = { ...report.scenario, errorTolerance: 0.01 };

/** A request's figures: `answers` judged against its expect, `failed` of them failing it. */
function checked(answers: number, failed: number): RequestFigures {
  return { requests: { total: answers, rps: answers / 2 }, latencyMs: null, errors: failed, checksFailed: failed, checked: answers };
}

/** A request without expect: `errors` of its `answers` were non-2xx (a 401) or unanswered. */
function unchecked(answers: number, errors: number): RequestFigures {
  return { requests: { total: answers, rps: answers / 2 }, latencyMs: null, errors, checksFailed: 0 };
}

/** A trial of the checkout workload on `topology`, its requests in flow order. */
function flowTrial(topology: string, kind: TopologyKindName, instances: number, byRequest: Record<string, RequestFigures>): TrialResult {
  return { ...first, topology, kind, instances, workload: 'checkout', flow: { users: 400 }, byRequest } as TrialResult;
}

const shop = (cart: RequestFigures, checkout: RequestFigures) => ({ login: checked(400, 0), cart, checkout });

function verdictOf(trial: TrialResult, others: readonly TrialResult[] = []) {
  const context = { scenario, environment: report.environment, topologies, trials: [trial, ...others] };
  return judgeTrial(trial, context).find((verdict) => verdict.id === 'flow-state');
}

test('fails on the balancer where authorised requests started failing, naming it, the request, and the topologies where the flow passed', () => {
  const nginx = flowTrial('nginx', 'proxy', 2, shop(checked(400, 190), checked(400, 210)));
  const single = flowTrial('single', 'single', 1, shop(checked(400, 0), checked(400, 0)));
  const cluster = flowTrial('cluster', 'cluster', 2, shop(checked(400, 0), checked(400, 1)));
  const verdict = verdictOf(nginx, [single, cluster]);
  assert.equal(verdict?.status, 'fail');
  assert.equal(verdict?.value, 190 / 400);
  assert.equal(verdict?.limit, 0.01);
  assert.match(
    verdict?.message ?? '',
    /^on nginx \(2 instances\) authorised requests started failing at 'cart' \(47.5% of its answers, then 'checkout' 52.5%\) after 'login' passed, while it passed on single and cluster: /,
  );
  assert.match(verdict?.message ?? '', /not shared/);
  assert.match(verdict?.message ?? '', /shared store .*\(sticky sessions\)/);
  // the cluster, beside them, passes
  assert.equal(verdictOf(cluster, [single, nginx])?.status, 'pass');
});

test('names the first failing request after the last that passed, not the first request of the flow', () => {
  const byRequest = { home: unchecked(400, 0), login: checked(400, 0), cart: checked(400, 0), checkout: checked(400, 200) };
  const verdict = verdictOf(flowTrial('haproxy', 'proxy', 3, byRequest));
  assert.match(
    verdict?.message ?? '',
    /started failing at 'checkout' \(50% of its answers\) after 'cart' passed \(no other topology ran the flow to compare\)/,
  );
});

test('a request without expect fails by its errors: a 401 counts', () => {
  const verdict = verdictOf(flowTrial('nginx', 'proxy', 2, { login: unchecked(300, 0), cart: unchecked(300, 150) }));
  assert.equal(verdict?.status, 'fail');
  assert.equal(verdict?.value, 0.5);
});

test("the app's own failures, as many on every topology, are not lost state", () => {
  // a checkout that declines 4% of payments everywhere: above the tolerance, but not where the sessions are
  const declines = (topology: string, kind: TopologyKindName, instances: number, failed: number) =>
    flowTrial(topology, kind, instances, shop(checked(400, 0), checked(400, failed)));
  const cluster = declines('cluster', 'cluster', 2, 16);
  const single = declines('single', 'single', 1, 15);
  const verdict = verdictOf(cluster, [single]);
  assert.equal(verdict?.status, 'pass');
  assert.match(verdict?.message ?? '', /'checkout' 4% failed about as much on single: the app's own failures/);
  // the same decline rate with no other topology to compare: it cannot be told from lost state
  assert.equal(verdictOf(cluster)?.status, 'fail');
  // behind nginx the lost sessions add to the declines, far above them
  const nginx = declines('nginx', 'proxy', 2, 212);
  assert.match(verdictOf(nginx, [single, cluster])?.message ?? '', /at 'checkout' \(53% of its answers\) after 'cart' passed, against 3.8% on single: /);
});

test('compares with the same workload only, and says how the best other topology did when none passed', () => {
  const nginx = flowTrial('nginx', 'proxy', 2, shop(checked(400, 200), checked(400, 200)));
  const otherWorkload = { ...flowTrial('single', 'single', 1, shop(checked(400, 0), checked(400, 0))), workload: 'browse' };
  const pm2 = flowTrial('pm2', 'pm2', 2, shop(checked(400, 20), checked(400, 20)));
  assert.match(
    verdictOf(nginx, [otherWorkload, pm2])?.message ?? '',
    /failing at 'cart' \(50% of its answers, then 'checkout' 50%\) after 'login' passed, against 5% on pm2: /,
  );
});

test('passes within the tolerance; not enough data when nothing passed first; not judged for one process or a workload that is no flow', () => {
  const within = verdictOf(flowTrial('cluster', 'cluster', 2, shop(checked(400, 2), checked(400, 3))));
  assert.equal(within?.status, 'pass');
  assert.equal(within?.message, "no request failed more than the tolerance allows (the most: 'checkout' 0.8%)");
  assert.equal(verdictOf(flowTrial('single', 'single', 1, shop(checked(400, 190), checked(400, 190)))), undefined);
  assert.equal(verdictOf({ ...first, instances: 2 }), undefined);
  const refused = verdictOf(flowTrial('nginx', 'proxy', 2, { login: checked(400, 400), cart: checked(400, 400) }));
  assert.equal(refused?.status, 'no-data');
  assert.equal(refused?.value, null);
  assert.equal(verdictOf(flowTrial('nginx', 'proxy', 2, { login: checked(400, 0) }))?.status, 'no-data');
});
