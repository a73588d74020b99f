import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InFlightMeter } from '../../../src/measure/drivers/open/open-in-flight.js';
import { OpenSchedule } from '../../../src/measure/drivers/open/open-schedule.js';

const shapes: Array<[rate: number, warmupMs: number, durationMs: number, firstMeasured: number, total: number]> = [
  [200, 500, 2000, 100, 500],
  [1000, 0, 2000, 0, 2000],
  [3, 1000, 1000, 3, 6],
  // offsets 0, 333.3, 666.7, 1000: 1000 ms is the first of the measured phase, not the last of the warm-up
  [3, 1000, 1001, 3, 7],
  [0.5, 0, 5000, 0, 3],
  // 1000 / 300 is not exact in binary; 300 × 0.5 s is still 150 requests
  [300, 500, 500, 150, 300],
  [7, 0, 0, 0, 0],
];

for (const [rate, warmupMs, durationMs, firstMeasured, total] of shapes) {
  test(`${rate} req/s, ${warmupMs} ms warm-up, ${durationMs} ms measured: ${firstMeasured} warm-up requests of ${total}`, () => {
    const schedule = new OpenSchedule(rate, warmupMs, durationMs);
    assert.equal(schedule.firstMeasured, firstMeasured);
    assert.equal(schedule.total, total);
    // the boundary by index agrees with the boundary by time
    for (let index = 0; index < total; index += 1) {
      const inMeasured = index >= firstMeasured;
      assert.equal(schedule.offsetMs(index) >= warmupMs - 1e-6, inMeasured, `request ${index} at ${schedule.offsetMs(index)} ms`);
      assert.ok(schedule.offsetMs(index) < warmupMs + durationMs);
    }
  });
}

const due: Array<[rate: number, elapsedMs: number, expected: number]> = [
  [1000, -1, 0],
  [1000, 0, 1],
  [1000, 0.999, 1],
  [1000, 1, 2],
  [1000, 1999.5, 2000],
  [1000, 5000, 2000], // never more than the run holds
  [300, 10, 4], // 0, 3.33, 6.67 and 10 ms: the one due exactly now counts, despite rounding
  [300, 9.99, 3],
  [5000, 1, 6],
];

for (const [rate, elapsedMs, expected] of due) {
  test(`${rate} req/s: ${expected} due at ${elapsedMs} ms`, () => {
    assert.equal(new OpenSchedule(rate, 0, 2000).dueAt(elapsedMs), expected);
  });
}

test('measuredIn counts only indices of the measured phase that exist', () => {
  const schedule = new OpenSchedule(200, 500, 2000); // warm-up 0–99, measured 100–499
  assert.equal(schedule.measuredIn(0, 100), 0);
  assert.equal(schedule.measuredIn(90, 110), 10);
  assert.equal(schedule.measuredIn(450, 600), 50);
  assert.equal(schedule.measuredIn(300, 200), 0);
});

for (const rate of [0, -5, Number.NaN, Number.POSITIVE_INFINITY]) {
  test(`a rate of ${rate} is refused with the limit and the value`, () => {
    assert.throws(() => new OpenSchedule(rate, 0, 1000), {
      name: 'RangeError',
      message: `rate must be a positive number of requests per second, but is ${rate}`,
    });
  });
}

test('in flight: each request adds the part of its life inside the window', () => {
  const meter = new InFlightMeter(1000, 2000);
  meter.add(500, 1500); // a warm-up request still open when the window begins: 500 ms
  meter.add(1200, 1300); // inside: 100 ms
  meter.add(1900, 2600); // cut off by the end: 100 ms
  meter.add(100, 900); // before the window: nothing
  meter.add(2100, 2200); // after it: nothing
  assert.equal(meter.mean(), 0.7);
});

test("in flight: Little's law holds for a steady stream", () => {
  // 100 req/s, each outstanding 50 ms: 5 in flight on average
  const meter = new InFlightMeter(1000, 3000);
  for (let start = 0; start < 4000; start += 10) meter.add(start, start + 50);
  assert.ok(Math.abs(meter.mean() - 5) < 1e-9, String(meter.mean()));
});

test('in flight: a window ended early averages over what remains, an empty one is 0', () => {
  const meter = new InFlightMeter(1000, 2000);
  meter.endAt(1500);
  meter.add(1000, 1800);
  assert.equal(meter.mean(), 1);
  const empty = new InFlightMeter(1000, 2000);
  empty.endAt(800);
  empty.add(700, 900);
  assert.equal(empty.mean(), 0);
});

import { wholeSeconds } from '../../../src/measure/recording/measurement-window.js';

test('a phase a few milliseconds short of whole seconds keeps its last second as a point', () => {
  assert.deepEqual([500, 999, 1000, 1960, 1996, 2000, 2400, 2951].map(wholeSeconds), [1, 1, 1, 2, 2, 2, 2, 3]);
});

const series: Array<[title: string, firstFrom: number, stepMs: number, count: number, to: number]> = [
  ['all inside the window', 1100, 10, 50, 1900],
  ['some from before the window', 700, 25, 40, 1500],
  ['past the window end', 1500, 7, 200, 2600],
  ['all before the window, cut at its end', 0, 3, 300, 2500],
  ['to before the window: nothing', 0, 10, 50, 900],
  ['starts after the end: nothing', 2100, 10, 5, 2500],
  ['a boundary exactly on a start', 900, 100, 20, 2000],
  ['none', 1000, 10, 0, 2000],
];

for (const [title, firstFrom, stepMs, count, to] of series) {
  test(`in flight: a series of waiting requests in closed form equals one by one (${title})`, () => {
    const oneByOne = new InFlightMeter(1000, 2000);
    for (let index = 0; index < count; index += 1) oneByOne.add(firstFrom + index * stepMs, to);
    const closed = new InFlightMeter(1000, 2000);
    closed.addSeries(firstFrom, stepMs, count, to);
    assert.ok(Math.abs(closed.mean() - oneByOne.mean()) < 1e-9, `${closed.mean()} against ${oneByOne.mean()}`);
  });
}

test('in flight: a trillion waiting requests (an absurd rate) are summed in closed form, not one by one', () => {
  const meter = new InFlightMeter(0, 1000);
  meter.addSeries(0, 1e-9, 1e12, 1000);
  // each waited half the second on average: 1e12 requests × 500 ms over 1000 ms
  assert.ok(Math.abs(meter.mean() / 5e11 - 1) < 1e-6, String(meter.mean()));
});
