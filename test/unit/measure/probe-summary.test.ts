import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { distributionOf, figureOf } from '../../../src/analysis/figures.js';
import { summariseClient, summariseProbes } from '../../../src/measure/probes/probe-summary.js';
import type { AgentLine } from '../../../src/measure/probes/agent-files.js';
import type { ClientSample, ProcessSample, RawProbes } from '../../../src/measure/probes/raw-samples.js';

const interval = 500;
const window = { loadStartMs: 10_000, startMs: 10_000, endMs: 12_000 };

function agentLine(pid: number, t: number, requests: number | null, delay = { p50: 1, p99: 2, max: 3 }): AgentLine {
  return { t, pid, ppid: 1, elP50Ms: delay.p50, elP99Ms: delay.p99, elMaxMs: delay.max, requests, heapLimitBytes: 4e9, heapUsedBytes: 1e7 };
}

function sample(pid: number, t: number, cpu: number | null, extra: Partial<ProcessSample> = {}): ProcessSample {
  return { t, pid, role: 'worker', cpu, rssBytes: 50e6, fds: 30, connections: 5, ...extra };
}

function raw(overrides: Partial<RawProbes>): RawProbes {
  return { intervalMs: interval, procAvailable: true, agentLoaded: true, processes: [], host: [], agent: [], client: [], sampleCostMs: [], ...overrides };
}

describe('figureOf and distributionOf', () => {
  test('mean and max; null for nothing', () => {
    assert.deepEqual(figureOf([1, 2, 6]), { mean: 3, max: 6 });
    assert.equal(figureOf([]), null);
  });

  const cases: { title: string; amounts: number[]; imbalance: number | null; jain: number | null }[] = [
    { title: 'even split', amounts: [50, 50], imbalance: 1, jain: 1 },
    { title: 'all on one of two', amounts: [100, 0], imbalance: 2, jain: 0.5 },
    { title: '75/25', amounts: [75, 25], imbalance: 1.5, jain: 10_000 / (2 * (75 ** 2 + 25 ** 2)) },
    { title: 'all on one of four', amounts: [0, 40, 0, 0], imbalance: 4, jain: 0.25 },
    { title: 'a single process has no balance to judge', amounts: [100], imbalance: null, jain: null },
    { title: 'nothing served', amounts: [0, 0], imbalance: null, jain: null },
  ];
  for (const { title, amounts, imbalance, jain } of cases) {
    test(title, () => {
      const result = distributionOf(amounts.map((amount, index) => ({ pid: index + 1, amount })));
      if (imbalance === null) {
        assert.equal(result, null);
        return;
      }
      assert.ok(result);
      assert.ok(Math.abs(result.imbalance - imbalance) < 1e-9, `imbalance ${result.imbalance}`);
      assert.ok(Math.abs(result.jainIndex - (jain ?? 0)) < 1e-9, `jain ${result.jainIndex}`);
      assert.ok(Math.abs(result.shares.reduce((sum, item) => sum + item.share, 0) - 1) < 1e-9);
    });
  }
});

describe('summariseProbes', () => {
  test('only samples of the measured phase count; a CPU sample covers the interval before its stamp', () => {
    const processes = [
      sample(7, 9_500, null),
      sample(7, 10_000, 0.9), // covers the warm-up: left out
      sample(7, 10_500, 0.4),
      sample(7, 11_000, 0.6),
      sample(7, 11_500, 0.5),
      sample(7, 12_000, 0.5),
      sample(7, 12_200, 0.05), // mostly before the end (within half an interval after it): counts
      sample(7, 12_900, 0.01), // after: left out
    ];
    const summary = summariseProbes(raw({ processes }), window, [{ pid: 7, role: 'instance' }]);
    const [probe] = summary.processes;
    assert.ok(probe?.cpu);
    assert.ok(Math.abs(probe.cpu.mean - (0.4 + 0.6 + 0.5 + 0.5 + 0.05) / 5) < 1e-9, `mean ${probe.cpu.mean}`);
    assert.equal(probe.cpu.max, 0.6);
    assert.equal(probe.role, 'instance', 'the role comes from the deployment');
    assert.deepEqual(
      probe.series.map((point) => point.t),
      [-0.5, 0, 0.5, 1, 1.5, 2, 2.2],
    );
  });

  test('without /proc and without the agent: every figure null, the reasons listed, never zero', () => {
    const summary = summariseProbes(raw({ procAvailable: false, agentLoaded: false }), window, [{ pid: 7, role: 'instance' }]);
    const [probe] = summary.processes;
    assert.ok(probe);
    for (const figure of [probe.cpu, probe.rssBytes, probe.fds, probe.connections, probe.eventLoopDelayMs, probe.requests, probe.heapLimitBytes])
      assert.equal(figure, null);
    assert.equal(summary.hostCpu, null);
    assert.deepEqual(summary.totals, { cpu: null, rssBytes: null, connections: null, requests: null });
    assert.equal(summary.unavailable.length, 2);
    assert.match(summary.unavailable.join('\n'), /no \/proc/);
    assert.match(summary.unavailable.join('\n'), /no in-app agent/);
  });

  test('under Bun: requests unknown, never zero, and the reason listed; the event-loop delay kept', () => {
    const lines = [10_250, 10_750, 11_250, 11_750].map((t) => ({ ...agentLine(7, t, null), runtime: 'bun' as const }));
    const summary = summariseProbes(raw({ agent: lines }), window, [{ pid: 7, role: 'instance' }]);
    const [probe] = summary.processes;
    assert.equal(probe?.requests, null);
    assert.notEqual(probe?.eventLoopDelayMs, null);
    assert.deepEqual(summary.unavailable, [
      'requests per process are unavailable for processes under Bun: its HTTP servers publish no http.server.request.start diagnostics channel',
    ]);
  });

  test('requests in the phase: steady load across the warm-up edge is interpolated, the end is read after the load stopped', () => {
    const withWarmup = { loadStartMs: 9_000, startMs: 10_000, endMs: 12_000 };
    // 100 requests a second from 9_000 until 12_000, lines every 500 ms at offsets of 250 ms
    const lines = [8_750, 9_250, 9_750, 10_250, 10_750, 11_250, 11_750, 12_250, 12_750].map((t) =>
      agentLine(3, t, Math.round(Math.max(0, Math.min(t, 12_000) - 9_000) / 10)),
    );
    const summary = summariseProbes(raw({ agent: lines }), withWarmup, [{ pid: 3, role: 'worker' }]);
    const requests = summary.processes[0]?.requests;
    assert.ok(requests);
    assert.equal(requests.total, 200);
    assert.ok(Math.abs(requests.mean - 100) < 15, `rate ${requests.mean}`);
  });

  test('requests when the load starts with the measured phase (no warm-up)', () => {
    const lines = [9_800, 10_300, 10_800, 11_300, 11_800, 12_300].map((t) => agentLine(3, t, Math.round(Math.max(0, Math.min(t, 12_000) - 10_000) / 10)));
    const summary = summariseProbes(raw({ agent: lines }), window, [{ pid: 3, role: 'worker' }]);
    assert.equal(summary.processes[0]?.requests?.total, 200);
  });

  test('event-loop delay: mean of medians, highest p99 and max, from lines in the phase', () => {
    const lines = [
      agentLine(3, 9_900, 0, { p50: 90, p99: 900, max: 999 }), // before: left out
      agentLine(3, 10_500, 10, { p50: 2, p99: 10, max: 12 }),
      agentLine(3, 11_000, 20, { p50: 4, p99: 280, max: 301 }),
      agentLine(3, 11_500, 30, { p50: 6, p99: 11, max: 14 }),
    ];
    const summary = summariseProbes(raw({ agent: lines }), window, [{ pid: 3, role: 'worker' }]);
    assert.deepEqual(summary.processes[0]?.eventLoopDelayMs, { mean: 4, max: 301, p99: 280 });
  });

  test('distribution over workers only, with totals over every process', () => {
    const processes = [
      sample(1, 11_000, 0.1, { role: 'primary', connections: 0 }),
      sample(2, 11_000, 0.7, { connections: 30 }),
      sample(3, 11_000, 0.5, { connections: 10 }),
    ];
    const lines = [2, 3].flatMap((pid) => [agentLine(pid, 9_900, 0), agentLine(pid, 12_100, pid === 2 ? 300 : 100)]);
    const summary = summariseProbes(raw({ processes, agent: lines }), window, [
      { pid: 1, role: 'primary' },
      { pid: 2, role: 'worker' },
      { pid: 3, role: 'worker' },
    ]);
    assert.deepEqual(summary.distribution.requests?.shares, [
      { pid: 2, share: 0.75 },
      { pid: 3, share: 0.25 },
    ]);
    assert.deepEqual(summary.distribution.connections?.shares, [
      { pid: 2, share: 0.75 },
      { pid: 3, share: 0.25 },
    ]);
    assert.ok(Math.abs((summary.totals.cpu ?? 0) - 1.3) < 1e-9);
    assert.equal(summary.totals.connections, 40);
    assert.equal(summary.totals.requests, 400);
  });
});

describe('summariseClient', () => {
  const client = (cpu: number, p99: number): ClientSample[] =>
    [10_500, 11_000, 11_500, 12_000].map((t) => ({ t, cpu, elP50Ms: 1, elP99Ms: p99, elMaxMs: p99 + 1 }));
  const cases: { title: string; cpu: number; p99: number; bottleneck: boolean; reason?: RegExp }[] = [
    { title: 'an idle client', cpu: 0.3, p99: 5, bottleneck: false },
    { title: 'just under the CPU limit', cpu: 0.89, p99: 5, bottleneck: false },
    { title: 'at the CPU limit', cpu: 0.9, p99: 5, bottleneck: true, reason: /used 90% of a core/ },
    { title: 'a lagging event loop', cpu: 0.5, p99: 50, bottleneck: true, reason: /event loop lagged 50 ms/ },
    { title: 'both', cpu: 0.97, p99: 80, bottleneck: true, reason: /97% of a core and its event loop lagged 80 ms .*describe the load generator/ },
  ];
  for (const { title, cpu, p99, bottleneck, reason } of cases) {
    test(title, () => {
      const health = summariseClient(client(cpu, p99), window, interval);
      assert.equal(health.bottleneck, bottleneck);
      if (reason) assert.match(health.reason, reason);
      else assert.equal(health.reason, '');
    });
  }

  test('several generator threads: the process may use more than a core; one thread at 90% of its own is the bottleneck', () => {
    const kept = summariseClient(client(1.5, 5), window, interval, [
      { generator: 1, cpu: 0.75 },
      { generator: 2, cpu: 0.74 },
    ]);
    assert.equal(kept.bottleneck, false);
    assert.equal(kept.generators?.length, 2);
    const limited = summariseClient(client(1.2, 5), window, interval, [
      { generator: 1, cpu: 0.3 },
      { generator: 2, cpu: 0.91 },
    ]);
    assert.equal(limited.bottleneck, true);
    assert.match(limited.reason, /^loadlab's generator thread 2 used 91% of a core: the figures describe the load generator/);
  });

  test('no samples: unavailable, not a pass', () => {
    const health = summariseClient([], window, interval);
    assert.equal(health.cpu, null);
    assert.equal(health.eventLoopDelayMs, null);
  });
});
