import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OpenSchedule } from '../../../src/measure/drivers/open/open-schedule.js';
import { OpenTally } from '../../../src/measure/drivers/open/open-tally.js';

// 1,000 req/s, 1 s warm-up (indices 0–999), 2 s measured (1000–2999)
const schedule = () => new OpenSchedule(1000, 1000, 2000);

test("the warm-up's backlog sent during the measured phase is not counted as the measured phase's", () => {
  const tally = new OpenTally(schedule());
  // a pacer that fell behind: the last 400 warm-up requests go out late, then 1,500 of the measured phase
  for (let index = 600; index < 2500; index += 1) tally.countSend(index, true);
  tally.dropWaiting(2500, 3000);
  assert.equal(tally.sent, 1500);
  assert.equal(tally.delayed, 1500);
  assert.equal(tally.dropped, 500);
  assert.equal(tally.sentRps(2000), 750);
});

test('sent and dropped together are exactly what the measured phase scheduled, never more', () => {
  for (const sentBelow of [0, 1000, 1234, 2999, 3000]) {
    const tally = new OpenTally(schedule());
    for (let index = 0; index < sentBelow; index += 1) tally.countSend(index, false);
    tally.dropWaiting(sentBelow, 3000);
    assert.equal(tally.sent + tally.dropped, 2000, `sent below ${sentBelow}`);
    assert.ok(tally.sentRps(2000) <= 1000, `${tally.sentRps(2000)} req/s sent of 1000`);
  }
});

test('delayed counts only the measured requests that waited', () => {
  const tally = new OpenTally(schedule());
  tally.countSend(999, true);
  tally.countSend(1000, false);
  tally.countSend(1001, true);
  assert.deepEqual([tally.sent, tally.delayed], [2, 1]);
});

test('a measured phase that never began sends at no rate', () => {
  assert.equal(new OpenTally(schedule()).sentRps(0), 0);
});
