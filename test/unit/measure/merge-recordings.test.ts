import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { generatorCount } from '../../../src/measure/drivers/generators/generator-count.js';
import { partOf, shareOf, sharesOf } from '../../../src/measure/drivers/load-share.js';
import { OpenSchedule } from '../../../src/measure/drivers/open/open-schedule.js';
import { mergeRecordings, stampsOf, type LoadRecording } from '../../../src/measure/recording/load-recording.js';
import { MeasurementWindow, type ErrorCause } from '../../../src/measure/recording/measurement-window.js';
import { decodeRecording, encodeRecording } from '../../../src/measure/recording/recording-codec.js';
import { summariseRecording } from '../../../src/measure/recording/summarise-recording.js';
import { seeded } from '../../helpers/seeded.js';
import { answered } from '../../helpers/latency.js';

interface Sample {
  at: number;
  latencyMs: number;
  status: number;
  /** A failed request, and why: a timeout, out of open files, or unknown (null). */
  error: ErrorCause | null;
}

/** 20,000 responses over a 2 s phase from 1000 ms: log-spread latencies (50 µs to 150 ms), a few 5xx and errors of every cause. */
const causes: ErrorCause[] = ['timeout', 'open-files', undefined];

function samples(seed: number): Sample[] {
  const random = seeded(seed);
  return Array.from({ length: 20_000 }, (_, index) => ({
    at: 1000 + index / 10 + random() * 0.1,
    latencyMs: 0.05 * Math.exp(random() * 8),
    status: random() < 0.01 ? 503 : 200,
    error: random() < 0.005 ? causes[Math.floor(random() * causes.length)] : null,
  }));
}

function recordingOf(part: readonly Sample[]): LoadRecording {
  const window = new MeasurementWindow(1000, 2000);
  for (const sample of part) {
    if (sample.error !== null) window.recordError(sample.at, sample.error);
    else window.recordResponse(sample.at, sample.status, 100, sample.latencyMs);
  }
  return { model: 'closed', stamps: stampsOf(500, 1000, 3000), interrupted: false, ...window.recording(), generators: [] };
}

/** Through JSON, as a generator thread's message or a shard file carries it. */
const overTheWire = (recording: LoadRecording) => decodeRecording(JSON.parse(JSON.stringify(encodeRecording(recording))) as ReturnType<typeof encodeRecording>);

describe('merging the recordings of several generators', () => {
  for (const count of [2, 3, 4]) {
    test(`${count} generators: every figure equals one histogram fed all the same samples`, () => {
      const all = samples(count);
      const one = summariseRecording(recordingOf(all));
      const parts = sharesOf(count).map((share) => recordingOf(all.filter((_, index) => index % count === share.index)));
      const merged = summariseRecording(mergeRecordings(parts.map(overTheWire)));
      // every percentile, the max, mean and stdev: exact (the same buckets), not merely within precision
      assert.deepEqual(merged.latencyMs, one.latencyMs);
      assert.deepEqual(merged.requests, one.requests);
      assert.deepEqual(merged.series, one.series);
      assert.deepEqual(merged.windows, one.windows);
      assert.deepEqual(merged.phases, one.phases);
      assert.ok(answered(one.latencyMs).p99 > 50 && one.requests.errors > 50 && one.requests.non2xx > 100, 'the samples reach every figure');
      const { errors, timeouts, errorKinds } = one.requests;
      assert.ok(timeouts > 10 && (errorKinds?.['open-files'] ?? 0) > 10 && errors > timeouts + (errorKinds?.['open-files'] ?? 0), 'errors of every cause');
    });
  }

  test('open figures add up: targets, sends, drops and connections summed, service times merged', () => {
    const all = samples(7);
    const parts = [0, 1].map((index) => {
      const recording = recordingOf(all.filter((_, i) => i % 2 === index));
      const service = recordingOf(all.filter((_, i) => i % 2 === index)).latency;
      return {
        ...recording,
        model: 'open' as const,
        open: { targetRps: 5000, sent: 10_000, dropped: index, delayed: 2, service, maxConnectionsUsed: 7, meanInFlight: 1.5 },
      };
    });
    const merged = summariseRecording(mergeRecordings(parts.map(overTheWire)));
    assert.deepEqual(
      [
        merged.open?.targetRps,
        merged.open?.achievedRps,
        merged.open?.dropped,
        merged.open?.delayed,
        merged.open?.maxConnectionsUsed,
        merged.open?.meanInFlight,
      ],
      [10_000, 10_000, 1, 4, 14, 3],
    );
    assert.deepEqual(merged.open?.serviceLatencyMs, summariseRecording(recordingOf(all)).latencyMs);
  });

  test('recordings of different models are refused', () => {
    const closed = recordingOf(samples(1).slice(0, 10));
    assert.throws(() => mergeRecordings([closed, { ...closed, model: 'open' }]), /closed and the open model/);
  });
});

describe('shares of a load', () => {
  test("the open model's shares interleave into exactly the whole timetable", () => {
    for (const count of [2, 3, 4]) {
      const whole = new OpenSchedule(2000, 500, 2000);
      const shares = sharesOf(count).map((share) => new OpenSchedule(2000, 500, 2000, share));
      const offsets = shares.flatMap((schedule) => Array.from({ length: schedule.total }, (_, index) => schedule.offsetMs(index))).sort((a, b) => a - b);
      assert.deepEqual(
        offsets,
        Array.from({ length: whole.total }, (_, index) => whole.offsetMs(index)),
      );
      assert.equal(
        shares.reduce((sum, schedule) => sum + schedule.total - schedule.firstMeasured, 0),
        whole.total - whole.firstMeasured,
        'the measured phase holds the same requests',
      );
      // at any moment the shares together have exactly as many requests due as the whole
      for (const elapsedMs of [0, 0.4, 0.5, 1, 250.25, 1999.9, 2500, 9000]) {
        assert.equal(
          shares.reduce((sum, schedule) => sum + schedule.dueAt(elapsedMs), 0),
          whole.dueAt(elapsedMs),
          `${count} shares at ${elapsedMs} ms`,
        );
      }
    }
  });

  test('connections: parts add up to the whole, at most one apart; a share of a share is a share of the whole', () => {
    for (const [connections, count] of [
      [10, 2],
      [10, 3],
      [7, 4],
      [50, 8],
    ] as const) {
      const parts = sharesOf(count).map((share) => partOf(connections, share));
      assert.equal(
        parts.reduce((a, b) => a + b, 0),
        connections,
      );
      assert.ok(Math.max(...parts) - Math.min(...parts) <= 1);
    }
    // shard 2 of 3, generator 2 of 2: the 5th of 6 shares (every 6th request from request 4)
    assert.deepEqual(shareOf({ index: 1, count: 3 }, { index: 1, count: 2 }), { index: 4, count: 6 });
  });

  test("'auto' generators: one below 4 cores, a quarter of them above, never more than the load needs", () => {
    const closed = { connections: 50, pipelining: 1, durationMs: 1000, warmupMs: 0, timeoutMs: 1000 };
    const open = { ...closed, rate: 25_000 };
    assert.equal(generatorCount('auto', closed, 2), 1);
    assert.equal(generatorCount('auto', closed, 3), 1);
    assert.equal(generatorCount('auto', closed, 8), 2);
    assert.equal(generatorCount(undefined, closed, 64), 16);
    assert.equal(generatorCount('auto', { ...closed, connections: 3 }, 64), 3, 'a thread per connection at most');
    assert.equal(generatorCount('auto', open, 64), 3, '25,000 req/s: three threads of at most 10,000');
    assert.equal(generatorCount('auto', { ...open, rate: 500 }, 64), 1);
    assert.equal(generatorCount('auto', open, 64, { index: 0, count: 5 }), 1, 'a shard of a fifth of the rate');
    assert.equal(generatorCount(4, closed, 2), 4, 'a number is taken as it is');
    assert.equal(generatorCount(4, { ...closed, connections: 2 }, 2), 2);
  });
});
