import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LatencyHistogram } from '../../../src/measure/recording/latency-histogram.js';
import { MeasurementWindow } from '../../../src/measure/recording/measurement-window.js';
import { seeded } from '../../helpers/seeded.js';

/** Latencies from 0.2 ms to about 3 s, spread over orders of magnitude as a stalling server's are. */
function latencies(count: number, seed: number): number[] {
  const random = seeded(seed);
  return Array.from({ length: count }, () => 0.2 * Math.exp(random() * 9.6));
}

test('a packed histogram gives the same figures as before, and still counts what comes after', () => {
  for (const compact of [true, false]) {
    const histogram = new LatencyHistogram({ compact });
    for (const ms of latencies(5000, 1)) histogram.recordMs(ms);
    const before = histogram.summary();
    histogram.pack();
    assert.deepEqual(histogram.summary(), before);
    histogram.pack();
    histogram.recordMs(5000);
    assert.equal(histogram.count, 5001);
    assert.equal(histogram.summary().max, 5000);
  }
});

test('a long phase: its settled seconds are packed, and the series is the one every second held, late answers included', () => {
  const startedAt = 1000;
  const seconds = 90;
  const window = new MeasurementWindow(startedAt, seconds * 1000);
  const expected = Array.from({ length: seconds }, () => new LatencyHistogram({ compact: true }));
  const values = latencies(seconds * 200, 2);
  values.forEach((ms, index) => {
    const at = startedAt + (index / values.length) * seconds * 1000;
    window.recordResponse(at, 200, 100, ms);
    expected[Math.floor((at - startedAt) / 1000)]?.recordMs(ms);
  });
  // answers for seconds long over (packed by now) still count there
  for (const second of [0, 5, 40]) {
    window.recordResponse(startedAt + second * 1000 + 500, 200, 100, 4000);
    expected[second]?.recordMs(4000);
  }
  const { series } = window.finish(startedAt + seconds * 1000);
  assert.equal(series.length, seconds);
  series.forEach((point, index) => {
    const reference = expected[index] as LatencyHistogram;
    assert.deepEqual([point.rps, point.p50Ms, point.p99Ms], [reference.count, reference.percentileMs(50), reference.percentileMs(99)], `second ${index}`);
  });
});
