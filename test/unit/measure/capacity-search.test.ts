import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { normal as gaussian, seeded } from '../../helpers/seeded.js';
import { confirmCapacity } from '../../../src/measure/capacity/confirm.js';
import { findCapacity, roundRate, type SearchResult, type SearchStep } from '../../../src/measure/capacity/search.js';

/** −ln(0.01): the p99 of an exponential sojourn time is this ÷ (μ − λ). */
const ln100 = Math.log(100);

/**
 * A synthetic server: an M/M/1 queue with service time serviceMs, whose p99 is 4.6 ÷ (μ − λ)
 * and explodes as λ → μ; overloaded (λ ≥ μ) it answers in seconds. The measured p99 carries
 * multiplicative noise (a seeded Gaussian, `noise` its standard deviation), as a short step does.
 */
function mm1(serviceMs: number, noise: number, seed: number) {
  const mu = 1000 / serviceMs;
  const random = seeded(seed);
  return (rps: number): number => {
    const p99Ms = rps >= mu ? 10_000 : (ln100 / (mu - rps)) * 1000;
    return p99Ms * Math.max(0.1, 1 + noise * gaussian(random));
  };
}

/** The rate at which the M/M/1's p99, scaled by `factor` (its noise), equals sloMs. */
function trueKnee(serviceMs: number, sloMs: number, factor = 1): number {
  return 1000 / serviceMs - (ln100 * factor) / (sloMs / 1000);
}

interface Step extends SearchStep {
  p99Ms: number;
}

async function search(
  server: (rps: number) => number,
  sloMs: number,
  options: Parameters<typeof findCapacity>[1],
): Promise<{ result: SearchResult<Step>; calls: number[] }> {
  const calls: number[] = [];
  const result = await findCapacity(async (rps) => {
    calls.push(rps);
    const p99Ms = server(rps);
    return { targetRps: rps, p99Ms, passed: p99Ms <= sloMs };
  }, options);
  return { result, calls };
}

/** The search's promises, whatever the server: every step kept, the capacity a pass below every fail. */
function assertInvariants(result: SearchResult<Step>, calls: readonly number[], maxSteps: number): void {
  assert.deepEqual(
    result.steps.map((step) => step.targetRps),
    calls,
    'every step measured is kept, in order',
  );
  assert.ok(result.steps.length <= maxSteps, `${result.steps.length} steps, at most ${maxSteps}`);
  assert.equal(result.counted.length, result.steps.length);
  const counted = result.steps.filter((_, index) => result.counted[index]);
  if (result.capacityRps !== null) {
    const atCapacity = counted.find((step) => step.targetRps === result.capacityRps);
    assert.ok(atCapacity?.passed, `the capacity ${result.capacityRps} is a rate measured to pass`);
    const failedAtOrBelow = counted.filter((step) => !step.passed && step.targetRps <= (result.capacityRps ?? 0));
    assert.deepEqual(failedAtOrBelow, [], 'no counted step at or below the capacity failed');
  }
  if (result.failedRps !== null) {
    assert.ok(counted.some((step) => !step.passed && step.targetRps === result.failedRps));
  }
}

describe('findCapacity on synthetic M/M/1 servers', () => {
  const cases = [
    { serviceMs: 1, sloMs: 150, startRps: 100 },
    { serviceMs: 1, sloMs: 150, startRps: 2000 },
    { serviceMs: 4, sloMs: 50, startRps: 60 },
    { serviceMs: 0.1, sloMs: 100, startRps: 1000 },
    { serviceMs: 20, sloMs: 500, startRps: 5 },
    { serviceMs: 2, sloMs: 150, startRps: 20 },
  ];
  for (const { serviceMs, sloMs, startRps } of cases) {
    test(`S = ${serviceMs} ms, slo ${sloMs} ms, from ${startRps} req/s: the knee within 5%, without noise`, async () => {
      const knee = trueKnee(serviceMs, sloMs);
      const { result, calls } = await search(mm1(serviceMs, 0, 1), sloMs, { startRps, maxSteps: 16 });
      assertInvariants(result, calls, 16);
      assert.equal(result.stop, 'converged', JSON.stringify(calls));
      const capacity = result.capacityRps ?? 0;
      assert.ok(capacity <= knee && capacity >= knee / 1.05, `capacity ${capacity}, knee ${knee.toFixed(1)}: ${JSON.stringify(calls)}`);
      assert.ok(((result.failedRps ?? 0) - capacity) / capacity <= 0.05);
    });

    test(`S = ${serviceMs} ms, slo ${sloMs} ms, from ${startRps} req/s: within 5% of the knee's noise band, over 40 seeds`, async () => {
      // a 10% (one standard deviation) noise on p99 moves the knee: with 3 deviations either
      // way it lies between these two rates; the search must land within 5% below the band
      const noise = 0.1;
      const [early, late] = [trueKnee(serviceMs, sloMs, 1 + 3 * noise), trueKnee(serviceMs, sloMs, 1 - 3 * noise)];
      for (let seed = 1; seed <= 40; seed += 1) {
        const { result, calls } = await search(mm1(serviceMs, noise, seed), sloMs, { startRps, maxSteps: 16 });
        assertInvariants(result, calls, 16);
        assert.equal(result.stop, 'converged', `seed ${seed}: ${JSON.stringify(calls)}`);
        const capacity = result.capacityRps ?? 0;
        const failed = result.failedRps ?? 0;
        assert.ok((failed - capacity) / capacity <= 0.05, `seed ${seed}: bracket ${capacity}–${failed}`);
        assert.ok(capacity <= late && capacity >= early / 1.05, `seed ${seed}: capacity ${capacity}, knee between ${early.toFixed(1)} and ${late.toFixed(1)}`);
      }
    });
  }

  test('a typical search is short: about a dozen steps from a start a decade off', async () => {
    const { result } = await search(mm1(1, 0, 1), 150, { startRps: 100 });
    assert.equal(result.stop, 'converged');
    assert.ok(result.steps.length <= 12, `${result.steps.length} steps`);
  });

  test('steps up by growth while steps pass, then bisects between the highest pass and the lowest fail', async () => {
    const { calls, result } = await search((rps) => (rps <= 1000 ? 10 : 1000), 150, { startRps: 400, growth: 1.5, precision: 0.05 });
    // up ×1.5 to the first failure, then the middle of the bracket until 985–1013 is within 5%
    assert.deepEqual(calls, [400, 600, 900, 1350, 1125, 1013, 957, 985]);
    assert.deepEqual([result.capacityRps, result.failedRps, result.stop], [985, 1013, 'converged']);
  });

  test('when the first step fails, steps down until one passes, then bisects', async () => {
    const { calls, result } = await search((rps) => (rps <= 100 ? 10 : 1000), 150, { startRps: 1000, growth: 2 });
    assert.deepEqual(calls.slice(0, 5), [1000, 500, 250, 125, 63]);
    assert.ok((result.capacityRps ?? 0) <= 100 && (result.capacityRps ?? 0) >= 100 / 1.05, String(result.capacityRps));
    assert.equal(result.stop, 'converged');
  });

  test('nothing passes: no capacity, and the search stops at minRps', async () => {
    const { calls, result } = await search(() => 1000, 150, { startRps: 100, growth: 2, minRps: 10 });
    assert.equal(result.capacityRps, null);
    assert.equal(result.stop, 'min-rps');
    assert.equal(calls.at(-1), 10);
    assert.ok(calls.every((rps) => rps >= 10));
  });

  test('everything passes: the capacity is maxRps, reported as a lower bound (no failure)', async () => {
    const { calls, result } = await search(() => 1, 150, { startRps: 100, maxRps: 1000 });
    assert.equal(result.capacityRps, 1000);
    assert.equal(result.failedRps, null);
    assert.equal(result.stop, 'max-rps');
    assert.ok(calls.every((rps) => rps <= 1000));
  });

  test('a start above maxRps starts at maxRps', async () => {
    const { calls } = await search(() => 1, 150, { startRps: 5000, maxRps: 1000 });
    assert.deepEqual(calls, [1000]);
  });

  test('out of steps: the highest pass so far, and the stop says why', async () => {
    const { result, calls } = await search((rps) => (rps <= 1000 ? 10 : 1000), 150, { startRps: 10, maxSteps: 4 });
    assertInvariants(result, calls, 4);
    assert.equal(result.stop, 'max-steps');
    assert.equal(calls.length, 4);
  });

  test('noise that fails steps at random, well below the knee, never makes a failing rate the capacity', async () => {
    for (let seed = 1; seed <= 200; seed += 1) {
      const random = seeded(seed);
      // below 800 req/s a step fails one time in four anyway; above 1000 it always fails
      const server = (rps: number) => (rps > 1000 || random() < 0.25 ? 1000 : 10);
      const { result, calls } = await search(server, 150, { startRps: 50 + seed * 7, maxSteps: 12 });
      assertInvariants(result, calls, 12);
      if (result.capacityRps !== null) assert.ok(result.capacityRps <= 1000, `seed ${seed}: ${result.capacityRps}`);
    }
  });

  test('a failure while the machine was disturbed is measured again, at most `retries` times; the last counts', async () => {
    // 600 is disturbed twice, then passes; 900 is disturbed three times: the third failure counts
    const disturbedAt = new Map([
      [600, 2],
      [900, 3],
    ]);
    const calls: number[] = [];
    const result = await findCapacity(
      async (rps) => {
        calls.push(rps);
        const left = disturbedAt.get(rps) ?? 0;
        if (left > 0) {
          disturbedAt.set(rps, left - 1);
          return { targetRps: rps, passed: false, doubtful: true };
        }
        return { targetRps: rps, passed: rps <= 1000 };
      },
      { startRps: 400, retries: 2 },
    );
    assert.deepEqual(calls.slice(0, 7), [400, 600, 600, 600, 900, 900, 900]);
    assert.deepEqual(result.counted.slice(0, 7), [true, false, false, true, false, false, true]);
    assert.equal(result.failedRps, 900, 'out of retries, the disturbed failure counts');
    assert.ok((result.capacityRps ?? 0) >= 600 && (result.capacityRps ?? 0) < 900);
  });

  test('a disturbed pass counts at once: a disturbance only makes a server look worse', async () => {
    const { calls } = await search(() => 10, 150, { startRps: 100, maxRps: 150 });
    const result = await findCapacity(async (rps) => ({ targetRps: rps, passed: true, doubtful: true }), { startRps: 100, maxRps: 150 });
    assert.deepEqual(
      result.steps.map((entry) => entry.targetRps),
      calls,
    );
    assert.deepEqual(result.counted, [true, true]);
  });

  test('retries pause first, and spend the step budget', async () => {
    let pauses = 0;
    const result = await findCapacity(async (rps) => ({ targetRps: rps, passed: false, doubtful: true }), {
      startRps: 100,
      retries: 5,
      maxSteps: 4,
      beforeRetry: async () => {
        pauses += 1;
      },
    });
    assert.equal(result.steps.length, 4);
    assert.equal(pauses, 3);
    assert.equal(result.stop, 'max-steps');
  });

  test('an aborted signal ends the search after the step in progress, which does not count', async () => {
    const abort = new AbortController();
    const calls: number[] = [];
    const result = await findCapacity(
      async (rps) => {
        calls.push(rps);
        if (calls.length === 3) abort.abort();
        // the interrupted step reports a pass from partial data: it must not move the bracket
        return { targetRps: rps, passed: true };
      },
      { startRps: 100, signal: abort.signal },
    );
    assert.deepEqual(calls, [100, 150, 225]);
    assert.equal(result.steps.length, 3, 'the step in progress is kept');
    assert.deepEqual(result.counted, [true, true, false]);
    assert.equal(result.capacityRps, 150);
    assert.equal(result.stop, 'interrupted');
  });

  test('an already aborted signal measures nothing', async () => {
    const abort = new AbortController();
    abort.abort();
    const result = await findCapacity(async (rps) => ({ targetRps: rps, passed: true }), { startRps: 100, signal: abort.signal });
    assert.deepEqual(result.steps, []);
    assert.equal(result.stop, 'interrupted');
  });

  test('bad options are refused', async () => {
    const measure = async (rps: number) => ({ targetRps: rps, passed: true });
    await assert.rejects(findCapacity(measure, { startRps: 100, growth: 1 }), RangeError);
    await assert.rejects(findCapacity(measure, { startRps: 100, precision: 0 }), RangeError);
    await assert.rejects(findCapacity(measure, { startRps: 100, minRps: 10, maxRps: 5 }), RangeError);
  });
});

test('roundRate: whole req/s from 10 up, tenths below, never 0', () => {
  assert.deepEqual([roundRate(1234.4), roundRate(10.5), roundRate(9.96), roundRate(1.26), roundRate(0.01)], [1234, 11, 10, 1.3, 0.1]);
});

describe('confirmCapacity on synthetic servers', () => {
  /** A server that sustains up to `holdsRps` for a long hold; disturbed at the rates listed (the first time each is measured). */
  function holder(holdsRps: number, disturbedAt: number[] = []) {
    const calls: number[] = [];
    const disturbed = new Set(disturbedAt);
    const measure = async (rps: number): Promise<SearchStep> => {
      calls.push(rps);
      if (disturbed.delete(rps)) return { targetRps: rps, passed: false, doubtful: true };
      return { targetRps: rps, passed: rps <= holdsRps };
    };
    return { calls, measure };
  }

  test('a rate that holds is confirmed at once', async () => {
    const { calls, measure } = holder(300);
    const result = await confirmCapacity(measure, 280);
    assert.deepEqual([result.confirmedRps, result.failedRps, calls], [280, null, [280]]);
  });

  test('a rate the search overestimated: a step down of 5% (the search’s precision) at a time until one holds', async () => {
    const { calls, measure } = holder(240);
    const result = await confirmCapacity(measure, 280);
    assert.deepEqual(calls, [280, 266, 253, 240]);
    assert.deepEqual([result.confirmedRps, result.failedRps], [240, 253]);
    assert.deepEqual(result.counted, [true, true, true, true]);
  });

  test('no rate holds within the attempts: not confirmed, and it says which failed', async () => {
    const { calls, measure } = holder(100);
    const result = await confirmCapacity(measure, 280);
    assert.deepEqual(calls, [280, 266, 253, 240]);
    assert.deepEqual([result.confirmedRps, result.failedRps, result.interrupted], [null, 240, false]);
    const fewer = holder(100);
    await confirmCapacity(fewer.measure, 280, { attempts: 2, stepDown: 0.9 });
    assert.deepEqual(fewer.calls, [280, 252]);
  });

  test('a failure while the machine was disturbed is measured again at the same rate, and does not count', async () => {
    const { calls, measure } = holder(300, [280]);
    const result = await confirmCapacity(measure, 280);
    assert.deepEqual(calls, [280, 280]);
    assert.deepEqual([result.confirmedRps, result.counted], [280, [false, true]]);
  });

  test('an abort ends it: nothing confirmed, marked interrupted', async () => {
    const abort = new AbortController();
    const result = await confirmCapacity(
      async (rps) => {
        abort.abort();
        return { targetRps: rps, passed: true };
      },
      280,
      { signal: abort.signal },
    );
    assert.deepEqual([result.confirmedRps, result.interrupted, result.counted], [null, true, [false]]);
  });

  test('a bad step-down is refused', async () => {
    await assert.rejects(
      confirmCapacity(async (rps) => ({ targetRps: rps, passed: true }), 100, { stepDown: 1 }),
      RangeError,
    );
  });
});
