import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { closedModel } from '../../src/measure/drivers/closed-model.js';
import { openModel } from '../../src/measure/drivers/open/open-model.js';
import { generatorPool } from '../../src/measure/drivers/generators/generator-pool.js';
import type { LoadDriver } from '../../src/measure/drivers/driver.js';
import type { LoadResult } from '../../src/measure/drivers/load-result.js';
import { loadScenario } from '../../src/scenario/load.js';
import { topologies } from '../../src/deploy/topologies/index.js';
import type { Scenario, TopologySpec } from '../../src/scenario/scenario.js';
import type { LoadSettings } from '../../src/scenario/types.js';
import { startFixture, stopFixture, type Fixture } from '../helpers/fixture-server.js';
import { fixtureScenario } from '../helpers/cli.js';

/*
 * Real flows against a real server that counts what it receives (test/fixtures/servers/
 * flow-counter.js): its counts of logins, authorised carts, distinct users and distinct order
 * bodies are compared with loadlab's figures per request, through the closed model, the open
 * model and two generator threads. Each load lasts 1.5 s, without warm-up, so that the server's
 * counts and the measured phase cover the same requests.
 */

interface Counts {
  logins: number;
  users: number;
  authorised: number;
  unauthorised: number;
  orders: number;
  bodies: number;
  errorBodies: number;
  quick: number;
  late: number;
}

let server: Fixture | undefined;
let scenario: Scenario;

before(async () => {
  server = await startFixture('flow-counter.js');
  process.env.FLOW_SHOP_URL = server.url;
  scenario = await loadScenario<TopologySpec>(fixtureScenario('flow-shop/flow-shop.ts'), { cwd: process.cwd(), cores: 2, topologies });
});
after(() => stopFixture(server));

async function drive(driver: LoadDriver, load: Partial<LoadSettings>, name = 'shop'): Promise<{ result: LoadResult; counts: Counts }> {
  const workload = scenario.workloads.find((entry) => entry.name === name);
  assert.ok(workload?.flow && server);
  await counts(); // forget what an earlier test left
  const result = await driver.run({
    url: server.url,
    requests: workload.requests,
    flow: workload.flow,
    load: { ...workload.load, warmupMs: 0, durationMs: 1500, ...load },
  });
  return { result, counts: await counts() };
}

async function counts(): Promise<Counts> {
  const response = await fetch(`${server?.url}/counts`);
  return (await response.json()) as Counts;
}

function figures(result: LoadResult, name: string) {
  const found = result.byRequest?.[name];
  assert.ok(found, `no figures for ${name}: ${JSON.stringify(result.byRequest)}`);
  return found;
}

/**
 * The server's counts against loadlab's. `inFlight`: requests the server may have received that
 * loadlab never saw answered (the closed model stops its connections with a request out on each).
 */
function assertMatches(result: LoadResult, server: Counts, inFlight: number): void {
  const login = figures(result, 'login');
  const cart = figures(result, 'cart');
  const order = figures(result, 'order');
  const near = (loadlab: number, received: number, what: string) =>
    assert.ok(received >= loadlab && received - loadlab <= inFlight, `${what}: loadlab ${loadlab}, server ${received} (± ${inFlight})`);
  assert.ok(login.requests.total > 20, `too few logins to judge: ${login.requests.total}`);
  near(login.requests.total, server.logins, 'logins');
  near(cart.requests.total, server.authorised, 'authorised carts');
  near(order.requests.total, server.orders, 'orders');
  // every cart came with the token and cookie of its user's login
  assert.equal(server.unauthorised, 0);
  assert.equal(cart.checksFailed, 0);
  assert.equal(login.checksFailed, 0);
  // every order body was different ($uuid, $seq); the five users of the CSV all logged in
  assert.equal(server.bodies, server.orders);
  assert.equal(server.users, 5);
  // every fifth order answers 200 with an error body: the check fails, it counts as an error of kind 'check'
  near(order.checksFailed, server.errorBodies, 'error bodies');
  assert.equal(order.errors, order.checksFailed);
  assert.equal(result.requests.errorKinds?.check, order.checksFailed);
  assert.equal(result.flow?.users !== undefined && result.flow.users >= login.requests.total, true);
  // each request's own windows (what compare and ab test per request) hold every answer and failure of it
  for (const [name, entry] of Object.entries({ login, cart, order })) {
    const points = entry.windows?.points ?? [];
    assert.ok(points.length >= 10, `${name}: ${points.length} windows in 1.5 s`);
    assert.equal(
      points.reduce((sum, point) => sum + point.responses, 0),
      entry.requests.total,
      `${name}: answers in its windows`,
    );
    assert.equal(
      points.reduce((sum, point) => sum + point.errors, 0),
      entry.errors,
      `${name}: failures in its windows`,
    );
  }
}

test('closed model: a flow per connection, figures per request match what the server received', async () => {
  const { result, counts: received } = await drive(closedModel, { connections: 4 });
  assertMatches(result, received, 4);
  assert.deepEqual(result.flow?.data, { rows: 5, used: result.flow?.users, ranOut: 0 });
});

test('open model: an arrival runs the whole flow; rate counts flows begun', async () => {
  const { result, counts: received } = await drive(openModel, { rate: 60, connections: 30 });
  // the open model waits for every answer of a request it sent: the counts agree exactly
  assertMatches(result, received, 0);
  const logins = figures(result, 'login').requests.total;
  assert.ok(Math.abs(logins - 90) <= 9, `60 flows a second for 1.5 s began ${logins}`);
  assert.equal(result.requests.targetRps, 60);
});

test('two generator threads load the flow themselves; their figures merge exactly', async () => {
  const { result, counts: received } = await drive(generatorPool('closed', 2), { connections: 4 });
  assertMatches(result, received, 4);
  assert.equal(result.generators?.length, 2);
  // each thread walks its own rows of the CSV: the five users still all logged in
  assert.equal(result.flow?.data?.rows, 5);
});

test('two generator threads share the data the main thread read: unique order never hands a row out twice', async () => {
  const { result, counts: received } = await drive(generatorPool('closed', 2), { connections: 4 }, 'once');
  // five rows, five users across both threads, each logged in once; the users after them found none
  assert.deepEqual({ rows: result.flow?.data?.rows, used: result.flow?.data?.used }, { rows: 5, used: 5 });
  assert.ok((result.flow?.data?.ranOut ?? 0) > 0);
  assert.deepEqual({ logins: received.logins, users: received.users }, { logins: 5, users: 5 });
});

test('closed model: a step that times out has its timeouts counted against it, not against the step before it', async () => {
  // 3 connections, each: /quick at once, then /late, which answers after the timeout (autocannon's shortest, 1 s): two each in 2.5 s
  const { result, counts: received } = await drive(closedModel, { connections: 3, timeoutMs: 1000, durationMs: 2500 }, 'late');
  const quick = figures(result, 'quick');
  const late = figures(result, 'late');
  assert.ok(result.requests.timeouts >= 4, `too few timeouts to judge: ${result.requests.timeouts}`);
  assert.equal(late.errors, result.requests.timeouts);
  assert.equal(late.requests.total, 0);
  assert.equal(quick.errors, 0);
  // every late request the server received timed out, but those still in flight at the end
  assert.ok(received.late >= late.errors && received.late - late.errors <= 3, `late: loadlab ${late.errors} timeouts, server ${received.late}`);
  assert.equal(
    late.windows?.points.reduce((sum, point) => sum + point.errors, 0),
    late.errors,
  );
});
