import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { distributionOf } from '../../../src/analysis/figures.js';
import { balance, evenestSplit } from '../../../src/analysis/verdicts/balance.js';
import type { VerdictContext } from '../../../src/analysis/verdicts/index.js';
import { fitGrowth, formatRate, memoryGrowth } from '../../../src/analysis/verdicts/memory-growth.js';
import type { ProcessProbe } from '../../../src/contract/probes.js';
import type { TrialResult } from '../../../src/contract/trial.js';
import type { TopologyKind } from '../../../src/scenario/scenario.js';
import { topologies } from '../../../src/deploy/topologies/index.js';
import { makeReport } from '../../fixtures/report-fixture.js';
import { normal, seeded } from '../../helpers/seeded.js';
import { emptyProbe } from '../../helpers/process-probe.js';

const MiB = 1024 ** 2;
const report = makeReport();
const context: VerdictContext = { ...report, topologies };

function worker(pid: number, extra: Partial<ProcessProbe> = {}): ProcessProbe {
  return emptyProbe(pid, 'worker', extra);
}

/** A trial of as many workers as the shares, with these request (and, if given, connection) amounts. */
function spread(kind: TopologyKind, connections: number, requests: number[] | null, connectionAmounts: number[] | null = null): TrialResult {
  const trial = structuredClone(report.trials[2]) as TrialResult;
  const count = (requests ?? connectionAmounts ?? []).length;
  trial.kind = kind;
  trial.instances = count;
  trial.load = { ...trial.load, connections };
  trial.probes.processes = Array.from({ length: count }, (_, index) => worker(index + 1));
  const of = (amounts: number[] | null) => (amounts ? distributionOf(amounts.map((amount, index) => ({ pid: index + 1, amount }))) : null);
  trial.probes.distribution = { requests: of(requests), connections: of(connectionAmounts) };
  return trial;
}

describe('balance', () => {
  test('the issue: 41% and 25% on two of eight workers with schedulingPolicy none, Jain 0.46', () => {
    const shares = [41, 25, 15, 12, 3, 2, 1, 1];
    const verdict = balance(spread('cluster', 64, shares), context);
    assert.equal(verdict.status, 'warn');
    assert.ok(Math.abs((verdict.value ?? 0) - 3.28) < 1e-9, String(verdict.value));
    assert.equal(verdict.limit, 1.5);
    assert.match(verdict.message, /^uneven: worker 1 \(pid 1\) had 41% of the requests and worker 2 \(pid 2\) 25%, against a fair share of 13% of 8/);
    assert.match(verdict.message, /Jain's index 0\.46/);
    assert.match(verdict.message, /schedulingPolicy 'none' the OS picks which worker accepts each connection/);
    assert.match(verdict.message, /keep-alive/);
  });

  test('an even split does not warn, nor does noise of a few percent', () => {
    assert.equal(balance(spread('cluster', 64, [1, 1, 1, 1, 1, 1, 1, 1]), context).status, 'pass');
    const random = seeded(7);
    const noisy = Array.from({ length: 8 }, () => 1000 * (1 + 0.05 * normal(random)));
    const verdict = balance(spread('cluster', 64, noisy), context);
    assert.equal(verdict.status, 'pass', verdict.message);
    assert.match(verdict.message, /^even enough: the busiest of 8 serving processes had 1\d% of the requests \(fair share 13%\)/);
  });

  test('just above 1.5× the fair share warns; at it, it does not', () => {
    // 2 workers: fair 50%; 75% is exactly 1.5×
    assert.equal(balance(spread('pm2', 64, [75, 25]), context).status, 'pass');
    const over = balance(spread('pm2', 64, [75.5, 24.5]), context);
    assert.equal(over.status, 'warn');
    assert.match(over.message, /PM2|handed out unevenly/);
  });

  test('Jain under 0.8 warns even when no process is above 1.5× its share', () => {
    // 4 workers: 36%, 36%, 27%, 1%: highest 1.44× fair, Jain ≈ 0.77
    const verdict = balance(spread('proxy', 64, [36, 36, 27, 1]), context);
    assert.equal(verdict.status, 'warn');
    assert.equal(verdict.limit, 0.8);
    assert.ok((verdict.value ?? 1) < 0.8);
    assert.match(verdict.message, /balancer spreads requests unevenly/);
  });

  test('the connections count too: an even request split with uneven connections warns', () => {
    const verdict = balance(spread('cluster', 64, [1, 1, 1, 1], [40, 8, 8, 8]), context);
    assert.equal(verdict.status, 'warn');
    assert.match(verdict.message, /63% of the connections/);
  });

  test('a split of few connections is judged against the most even split of whole connections', () => {
    // 10 connections over 8 workers: two of them hold 2 (1.6× the fair share), which no policy can avoid
    assert.deepEqual(evenestSplit(10, 8), { highestShare: 0.2, jainIndex: 100 / (8 * 14) });
    assert.equal(balance(spread('cluster', 10, null, [2, 2, 1, 1, 1, 1, 1, 1]), context).status, 'pass');
    // … but 3 on one of them is more than the split had to be
    assert.equal(balance(spread('cluster', 10, null, [3, 1, 1, 1, 1, 1, 1, 1]), context).status, 'warn');
  });

  test('no counts per process: not enough data, never a pass', () => {
    const verdict = balance(spread('cluster', 64, null, null), context);
    assert.equal(verdict.status, 'no-data');
  });
});

/** A trial of one worker with these RSS samples (MiB) every 500 ms from t = 0.5 s, and heap samples if given. */
function growing(rssMiB: number[], heapMiB: number[] = [], phaseS = rssMiB.length / 2): TrialResult {
  const trial = structuredClone(report.trials[0]) as TrialResult;
  trial.probes.intervalMs = 500;
  trial.phases.measured.durationMs = phaseS * 1000;
  const at = (index: number) => (index + 1) / 2;
  trial.probes.processes = [
    worker(1, {
      series: rssMiB.map((mib, index) => ({ t: at(index), cpu: 0.5, rssBytes: mib * MiB, fds: 20, connections: 10 })),
      ...(heapMiB.length > 0 ? { heapSeries: heapMiB.map((mib, index) => ({ t: at(index), usedBytes: mib * MiB })) } : {}),
    }),
  ];
  return trial;
}

describe('memory-growth', () => {
  test('a flat RSS with sampling noise does not warn', () => {
    const random = seeded(3);
    const verdict = memoryGrowth(growing(Array.from({ length: 20 }, () => 60 + normal(random))), context);
    assert.equal(verdict.status, 'pass', verdict.message);
    assert.ok((verdict.value ?? 1) < 0.1);
  });

  test('the issue: a server keeping 64 KiB a request climbs to 596 MiB in 3 s: warns with its rate', () => {
    const rss = Array.from({ length: 6 }, (_, index) => 52 + 95 * (index + 1));
    const verdict = memoryGrowth(growing(rss), context);
    assert.equal(verdict.status, 'warn');
    assert.match(
      verdict.message,
      /^worker \(pid 1\): RSS grows 190 MiB\/s \(at least 190 MiB\/s; 147\.0 MiB → 622\.0 MiB over 2\.5 s\): a leak or a cache without bound/,
    );
    assert.ok((verdict.value ?? 0) > 3);
  });

  test('a warm-up that settles is not steady growth', () => {
    // fast at first, then flat: a straight line explains little of it
    const rss = [45, 58, 62, 63, 63, 63, 63, 64, 63, 63, 63, 63, 64, 63, 63, 63];
    assert.equal(memoryGrowth(growing(rss), context).status, 'pass');
  });

  test('steady but small: under 8 MiB over the phase, or under 10% of where it started, passes', () => {
    // 1 MiB/s for 5 s from 50 MiB: +10%, but only 5 MiB
    assert.equal(memoryGrowth(growing([50.5, 51, 51.5, 52, 52.5, 53, 53.5, 54, 54.5, 55]), context).status, 'pass');
    // 3 MiB/s for 5 s from 400 MiB: 15 MiB, but under 4%
    assert.equal(memoryGrowth(growing([401.5, 403, 404.5, 406, 407.5, 409, 410.5, 412, 413.5, 415]), context).status, 'pass');
  });

  test('a heap that climbs under a flat RSS warns by its heap', () => {
    const verdict = memoryGrowth(growing([200, 200, 200, 200, 200, 200, 200, 200], [20, 30, 40, 50, 60, 70, 80, 90]), context);
    assert.equal(verdict.status, 'warn');
    assert.match(verdict.message, /^worker \(pid 1\): heap grows 20 MiB\/s/);
  });

  test('a heap alone is not enough: what leaks outside it shows in RSS only', () => {
    const verdict = memoryGrowth(growing([], [20, 20, 20, 20, 20], 2.5), context);
    assert.equal(verdict.status, 'no-data');
    assert.match(verdict.message, /fewer than 3 RSS samples/);
  });

  test('GC sawtooth in the heap is not growth', () => {
    const verdict = memoryGrowth(growing([80, 80, 80, 80, 80, 80, 80, 80], [20, 45, 22, 47, 21, 46, 23, 44]), context);
    assert.equal(verdict.status, 'pass', verdict.message);
  });

  test('samples outside the measured phase are left out', () => {
    const trial = growing([60, 60, 60, 60, 60, 60]);
    const [probe] = trial.probes.processes as [ProcessProbe];
    // before the phase and well after it: the climb there is warm-up and teardown
    probe.series.unshift({ t: -0.5, cpu: 0.5, rssBytes: 10 * MiB, fds: 0, connections: 0 });
    probe.series.push({ t: 4, cpu: 0.5, rssBytes: 900 * MiB, fds: 0, connections: 0 });
    assert.equal(memoryGrowth(trial, context).status, 'pass');
  });

  // Series shaped as a hello-world demo app's RSS was recorded here (single and cluster, 20 connections, probes every
  // 500 ms): a level near 57 MiB, a climb of 1–3 MiB in the first second or two, steps of under 1 MiB later, ±0.3 MiB of noise.
  const helloWorld = (seconds: number, seed: number) => {
    const random = seeded(seed);
    return Array.from({ length: seconds * 2 }, (_, index) => {
      const t = (index + 1) / 2;
      return 55 + 2 * Math.min(1, t / 2) + (t > seconds / 3 ? 0.7 : 0) + 0.3 * normal(random);
    });
  };

  for (const seconds of [2, 10, 60]) {
    test(`a hello-world server over ${seconds} s stays silent, whatever the noise (20 seeds)`, () => {
      for (let seed = 1; seed <= 20; seed += 1) {
        const verdict = memoryGrowth(growing(helloWorld(seconds, seed)), context);
        assert.equal(verdict.status, 'pass', `seed ${seed}: ${verdict.message}`);
      }
    });
  }

  test('a climb while the process settles in a 2 s run is within noise: no alarm', () => {
    // an app that sizes its heap in the first seconds under load: +13 MiB, slowing down
    assert.equal(memoryGrowth(growing([50, 56, 60, 62, 63]), context).status, 'pass');
  });

  test('a TypeScript app under tsx sizing its heap in a 2 s run (as recorded: +29 MiB RSS, +34 MiB heap): no alarm', () => {
    // a cluster worker of an express app started by tsx, 2 s measured after a 1 s warm-up; both warned before
    assert.equal(memoryGrowth(growing([110.6, 121.8, 121.9, 139.5], [], 2), context).status, 'pass');
    assert.equal(memoryGrowth(growing([60, 60, 60, 60], [11.5, 20.1, 33.0, 45.6], 2), context).status, 'pass');
  });

  test('the same climb kept up over 10 s is growth, not a warm-up', () => {
    const rss = Array.from({ length: 20 }, (_, index) => 110 + 7 * index);
    assert.equal(memoryGrowth(growing(rss, [], 10), context).status, 'warn');
  });

  test('64 KiB a request in a 2 s run (as recorded: 4 samples): warns', () => {
    const verdict = memoryGrowth(growing([202.3, 236.9, 263.1, 285.1]), context);
    assert.equal(verdict.status, 'warn', verdict.message);
    assert.match(verdict.message, /^worker \(pid 1\): RSS grows 55 MiB\/s \(at least 38 MiB\/s;/);
  });

  test('a process whose RSS and heap both grow is named once', () => {
    const verdict = memoryGrowth(growing([100, 120, 140, 160, 180, 200], [20, 40, 60, 80, 100, 120]), context);
    assert.equal(verdict.status, 'warn');
    assert.equal(verdict.message.match(/pid 1\b/g)?.length, 1, verdict.message);
    assert.match(verdict.message, /RSS grows/);
  });

  test('a process that exited early: the verdict says so instead of asking for more samples', () => {
    // a 5 s phase; the instance's samples stop at 1 s
    const verdict = memoryGrowth(growing([60, 61], [], 5), context);
    assert.equal(verdict.status, 'no-data');
    assert.equal(verdict.message, 'not enough data: no trend: worker (pid 1) exited 1 s into the measured phase');
    assert.doesNotMatch(verdict.message, /probe-interval/);
  });

  test('an exit loadlab recorded says when it happened, not where the samples stopped', () => {
    // the samples stop at 1 s, but the instance's exit was seen 538 ms into the phase
    const trial = growing([60, 61], [], 5);
    const exit = {
      kind: 'process-exit',
      pid: 1,
      role: 'worker',
      code: null,
      signal: 'SIGKILL',
      atMs: 538,
      phase: 'measured',
      during: null,
      replacedBy: null,
    } as const;
    const verdict = memoryGrowth({ ...trial, events: [exit] }, context);
    assert.equal(verdict.message, 'not enough data: no trend: worker (pid 1) exited 0.5 s into the measured phase');
  });

  test('the line and its rate', () => {
    const fit = fitGrowth([
      [1, 10 * MiB],
      [2, 20 * MiB],
      [3, 30 * MiB],
      [4, 40 * MiB],
    ]);
    assert.ok(fit);
    assert.equal(fit.slope, 10 * MiB);
    assert.equal(fit.slopeLow, 10 * MiB);
    // two points leave no degree of freedom for an interval
    assert.equal(
      fitGrowth([
        [1, 1],
        [2, 2],
      ]),
      null,
    );
    // three leave one: its t quantile of 12.7 lets only a steep, straight climb through
    const noisy = fitGrowth([
      [0.5, 60 * MiB],
      [1, 63 * MiB],
      [1.5, 64 * MiB],
    ]);
    assert.ok(noisy && noisy.slope > 0 && noisy.slopeLow < 0);
    assert.equal(formatRate(190 * MiB), '190 MiB/s');
    assert.equal(formatRate(1.5 * MiB), '1.5 MiB/s');
    assert.equal(formatRate(640 * 1024), '640 KiB/s');
  });
});
