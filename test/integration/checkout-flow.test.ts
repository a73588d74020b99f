import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TrialResult } from '../../src/contract/trial.js';
import { findOnPath } from '../../src/deploy/find-executable.js';
import { assertJudged, demoEntry, leftoverFolders, processesMentioning, repoRoot, runCli, tempDir } from '../helpers/cli.js';
import type { RunReport } from '../../src/contract/run-report.js';

const nginxSkip = findOnPath('nginx') ? false : 'nginx is not installed (apt-get install nginx): the checkout flow cannot run behind it';

/*
 * scenarios/checkout-flow.ts as a user runs it, on the demo app's shop whose sessions live in
 * each process's memory: users of its CSV log in, see their cart with the token and session
 * cookie, and check out, for 1.5 s on the cluster module (2 workers) and on nginx in front of 2
 * instances. Behind the cluster a keep-alive connection stays on the worker that logged it in;
 * nginx spreads each client's requests over both instances, so about half the carts reach one
 * that never saw the login: the flow-state verdict must say so there, and stay silent on the cluster.
 * Both load models: a connection that runs the flow again and again, and an arrival that runs it
 * once on a connection of its own.
 */
const modes = [
  { model: 'closed model, 20 connections', extra: [] },
  { model: 'open model, 60 flows begun a second', extra: ['--rate', '60'] },
];

describe('the checkout flow with in-memory sessions', () => {
  for (const { model, extra } of modes)
    test(`${model}: passes behind the cluster module; behind nginx ×2 the flow-state verdict names nginx and the cart`, { skip: nginxSkip }, () =>
      checkout(extra),
    );
});

async function checkout(extra: readonly string[]): Promise<void> {
  const out = tempDir();
  const args = [
    'run',
    `${repoRoot}/scenarios/checkout-flow.ts`,
    '--topology',
    'cluster',
    '--topology',
    'nginx',
    '--duration',
    '1500ms',
    '--warmup',
    '0',
    ...extra,
  ];
  const result = await runCli([...args, '--json', '--out', out]);
  const report = JSON.parse(result.stdout) as RunReport;
  assertJudged(result, report);
  const trial = (topology: string) => report.trials.find((entry) => entry.topology === topology) as TrialResult;
  const verdict = (of: TrialResult) => of.verdicts.find((entry) => entry.id === 'flow-state');
  const [cluster, nginx] = [trial('cluster'), trial('nginx')];

  // the figures per request follow the flow, and every user logged in
  for (const each of [cluster, nginx]) {
    assert.deepEqual(Object.keys(each.byRequest ?? {}), ['login', 'cart', 'checkout'], each.topology);
    assert.ok((each.byRequest?.login?.requests.total ?? 0) > 20, `${each.topology}: too few logins to judge`);
    assert.equal(each.byRequest?.login?.checksFailed, 0, each.topology);
  }

  // cluster: every cart found its session; checkouts failed only where the shop declined the payment (1 in 25 per worker)
  const checkout = cluster.byRequest?.checkout;
  assert.equal(cluster.byRequest?.cart?.checksFailed, 0);
  assert.ok(checkout && checkout.checksFailed <= Math.ceil(checkout.requests.total / 25) + 2, JSON.stringify(checkout));
  assert.equal(verdict(cluster)?.status, 'pass', verdict(cluster)?.message);
  assert.equal(cluster.verdicts.find((entry) => entry.id === 'errors')?.status, 'pass');

  // nginx: the carts that reached the other instance were refused — about half on a quiet machine
  // (44–52% in 1.5 s), but the share follows how nginx's turns fall against the connections'
  // cycles, which timing moves: 15% in a CI run beside other tests, in bursts (16 of 20 carts in
  // one 100 ms window, none in the next). The verdict's own line is the scenario's tolerance (5%).
  const cart = nginx.byRequest?.cart;
  assert.ok(cart && cart.checksFailed / (cart.checked ?? 1) > 0.05, JSON.stringify(cart));
  assert.equal(verdict(nginx)?.status, 'fail');
  // whether 'checkout' fails too depends on how the balancer interleaves: round-robin in lockstep
  // (each arrival its own connection, one flow at a time) sends login and checkout to one instance
  // and every cart to the other — 100% of the carts failed, no checkout
  assert.match(
    verdict(nginx)?.message ?? '',
    /^on nginx \(2 instances\) authorised requests started failing at 'cart' \([\d.]+% of its answers(, then 'checkout' [\d.]+%)?\) after 'login' passed, while it passed on cluster: sessions/,
  );
  assert.equal(result.code, 1);
  assert.ok(
    report.outcome?.failed.some((check) => /nginx on checkout: flow-state/.test(check.message)),
    JSON.stringify(report.outcome?.failed),
  );

  // nothing left behind
  assert.deepEqual(processesMentioning(demoEntry), []);
  assert.deepEqual(leftoverFolders('loadlab-nginx-'), []);
}
