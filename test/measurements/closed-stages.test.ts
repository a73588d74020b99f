import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, test } from 'node:test';
import { stageLevelAt } from '../../src/contract/stage-level.js';
import { recordClosedLoad } from '../../src/measure/drivers/closed-model.js';
import { startFixture } from '../helpers/fixture-server.js';

/*
 * The closed model's connections follow the stages: a server that answers in 20 ms tells how
 * many connections are open to it (GET /open, on a connection of its own, not kept), asked every
 * 50 ms while the load holds 2 connections for 1 s, ramps to 12 over 1 s and back to 2 over 1 s.
 * Each answer is compared with the stages' count at the time it was asked: a connection is added
 * when the line reaches it and closed (at autocannon's next 20 ms tick) when it falls below, so
 * the server sees the stages' count, within 2 of it (the ask's own connection, a close still in
 * flight, 50 ms of ramp); connections added late, in a burst or never closed are farther off.
 */
const fixture = await startFixture('open-connections.js', { FIXTURE_DELAY_MS: '20' });
after(() => fixture.child.kill('SIGKILL'));

function openConnections(): Promise<number> {
  return new Promise((resolve, reject) => {
    const asking = httpRequest(`${fixture.url}/open`, { agent: false }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve(Number(body) - 1));
    });
    asking.on('error', reject);
    asking.end();
  });
}

test('a closed-model ramp adds and closes connections at the stages’ pace, and the throughput follows', async () => {
  const stages = [
    { durationMs: 1000, target: 2 },
    { durationMs: 1000, target: 12 },
    { durationMs: 1000, target: 2 },
  ];
  const seen: { atMs: number; open: number }[] = [];
  let measuredStart: number | undefined;
  let asking = true;
  const asker = (async () => {
    while (asking) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      if (measuredStart === undefined) continue;
      const atMs = performance.now() - measuredStart;
      const open = await openConnections();
      if (atMs < 3000) seen.push({ atMs, open });
    }
  })();
  const recording = await recordClosedLoad({
    url: fixture.url,
    requests: [{ method: 'GET', path: '/', headers: {} }],
    load: { connections: 2, pipelining: 1, warmupMs: 200, durationMs: 3000, timeoutMs: 5000, stages },
    onMeasuredStart: (at) => (measuredStart = at),
  });
  asking = false;
  await asker;
  assert.ok(seen.length >= 30, `asked ${seen.length} times`);
  const off = seen.filter(({ atMs, open }) => Math.abs(open - Math.floor(stageLevelAt(2, stages, atMs))) > 2);
  // a busy machine may delay an ask; most must agree
  assert.ok(off.length <= seen.length / 10, `off: ${JSON.stringify(off)} of ${seen.length}`);
  const top = Math.max(...seen.map((entry) => entry.open));
  assert.ok(top >= 10 && top <= 13, `at most ${top} open`);
  assert.equal(recording.counts.errors, 0, 'closing a connection is no error');
});
