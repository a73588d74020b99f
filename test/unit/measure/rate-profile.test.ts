import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OpenSchedule } from '../../../src/measure/drivers/open/open-schedule.js';
import { RateProfile } from '../../../src/measure/drivers/open/rate-profile.js';
import { driveLoad } from '../../../src/measure/drivers/driver.js';
import { fakeDrivers } from '../../../src/measure/drivers/fake.js';

/** Requests of the whole run whose intended start lies in [fromMs, toMs), by walking the timetable itself. */
function startsIn(schedule: OpenSchedule, fromMs: number, toMs: number): number {
  let count = 0;
  for (let index = 0; index < schedule.total; index += 1) {
    const at = schedule.offsetMs(index);
    if (at >= fromMs && at < toMs) count += 1;
  }
  return count;
}

test('a ramp from 100 to 300 req/s over 2 s holds exactly the area under the rate: 400 requests, 150 in its first second', () => {
  const schedule = new OpenSchedule(100, 0, 2000, undefined, [{ durationMs: 2000, target: 300 }]);
  assert.equal(schedule.total, 400);
  // ∫0..1 s of 100 + 100 t = 150; the second second 250
  assert.equal(startsIn(schedule, 0, 1000), 150);
  assert.equal(startsIn(schedule, 1000, 2000), 250);
  assert.equal(schedule.measuredRps, 200);
});

test('warm-up holds the start rate, then each stage: a ramp, a hold, a spike up and back, exact per stage', () => {
  const stages = [
    { durationMs: 1000, target: 400 }, // 200 → 400: 300 requests
    { durationMs: 1000, target: 400 }, // hold: 400
    { durationMs: 100, target: 4000 }, // spike up: (400 + 4000) / 2 × 0.1 s = 220
    { durationMs: 100, target: 400 }, // and back: 220
  ];
  const schedule = new OpenSchedule(200, 500, 2200, undefined, stages);
  assert.equal(schedule.firstMeasured, 100); // 200 req/s × 0.5 s of warm-up
  assert.equal(startsIn(schedule, 500, 1500), 300);
  assert.equal(startsIn(schedule, 1500, 2500), 400);
  assert.equal(startsIn(schedule, 2500, 2600), 220);
  assert.equal(startsIn(schedule, 2600, 2700), 220);
  assert.equal(schedule.total, 100 + 300 + 400 + 220 + 220);
  assert.equal(schedule.rateAt(2550), 2200);
  // the spike's requests are closer together than the hold's
  assert.ok(schedule.offsetMs(1001) - schedule.offsetMs(1000) < 0.5);
  assert.ok(Math.abs(schedule.offsetMs(600) - schedule.offsetMs(599) - 2.5) < 1e-6);
});

test('intended starts rise strictly, and dueAt agrees with them to the request', () => {
  const schedule = new OpenSchedule(50, 200, 3000, undefined, [
    { durationMs: 1000, target: 1000 },
    { durationMs: 1000, target: 0 },
    { durationMs: 1000, target: 10 },
  ]);
  let previous = -1;
  for (let index = 0; index < schedule.total; index += 1) {
    const at = schedule.offsetMs(index);
    assert.ok(at > previous, `request ${index} at ${at} after ${previous}`);
    assert.equal(schedule.dueAt(at), index + 1, `due at request ${index}'s own start`);
    assert.equal(schedule.dueAt(at - 1e-3), index, `not due just before request ${index}'s start`);
    previous = at;
  }
});

test('a stage down to 0 sends nothing while the rate is 0, and the next stage picks up', () => {
  const profile = new RateProfile(100, 0, 2000, [
    { durationMs: 1000, target: 0 },
    { durationMs: 500, target: 0 },
    { durationMs: 500, target: 100 },
  ]);
  assert.equal(profile.totalCount, 50 + 0 + 25);
  assert.ok(profile.timeOf(49) < 1000);
  assert.ok(profile.timeOf(50) >= 1500, `request 50 at ${profile.timeOf(50)}`);
  assert.equal(profile.timeOf(75), Infinity);
});

test('shares of a staged timetable interleave into exactly the whole', () => {
  const stages = [{ durationMs: 1000, target: 900 }];
  const whole = new OpenSchedule(100, 0, 1000, undefined, stages);
  const shares = [0, 1, 2].map((index) => new OpenSchedule(100, 0, 1000, { index, count: 3 }, stages));
  assert.equal(
    shares.reduce((sum, share) => sum + share.total, 0),
    whole.total,
  );
  const merged = shares.flatMap((share) => Array.from({ length: share.total }, (_, own) => share.offsetMs(own))).sort((a, b) => a - b);
  assert.deepEqual(
    merged,
    Array.from({ length: whole.total }, (_, index) => whole.offsetMs(index)),
  );
});

test('stages that hold the start rate keep the plain arithmetic of a fixed rate', () => {
  const held = new OpenSchedule(300, 500, 1000, undefined, [{ durationMs: 1000, target: 300 }]);
  const plain = new OpenSchedule(300, 500, 1000);
  assert.equal(held.spacingMs, plain.spacingMs);
  assert.equal(held.total, plain.total);
  assert.equal(held.offsetMs(17), plain.offsetMs(17));
});

test('a spike shows in the over-time figures: the second it lies in has its requests, the seconds around it the hold', async () => {
  const load = {
    connections: 10,
    pipelining: 1,
    warmupMs: 0,
    durationMs: 3000,
    timeoutMs: 1000,
    rate: 100,
    // hold 100 req/s for 1.2 s, up to 2,100 over 100 ms, back over 100 ms, hold to the end
    stages: [
      { durationMs: 1200, target: 100 },
      { durationMs: 100, target: 2100 },
      { durationMs: 100, target: 100 },
      { durationMs: 1600, target: 100 },
    ],
  };
  const result = await driveLoad(fakeDrivers({ latencyMs: 5, jitter: 0 }), {
    url: 'http://127.0.0.1:9',
    requests: [{ method: 'GET', path: '/', headers: {} }],
    load,
  });
  // the spike adds (2,100 − 100) × 0.2 s ÷ 2 = 200 requests to the second it lies in
  assert.deepEqual(
    result.series.map((point) => point.rps),
    [100, 300, 100],
  );
  // the mean rate asked for: 500 requests over 3 s
  assert.ok(Math.abs((result.open?.targetRps ?? 0) - 500 / 3) < 1e-9, `target ${result.open?.targetRps}`);
});
