import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { othersCpu } from '../../../src/measure/capacity/others-cpu.js';
import { findKnee } from '../../../src/analysis/capacity/knee.js';
import { checkLittlesLaw } from '../../../src/analysis/capacity/littles-law.js';
import { sizeFor, sizingSentence } from '../../../src/analysis/capacity/sizing.js';
import { judgeStep, type StepFigures } from '../../../src/analysis/capacity/step.js';
import { capacityWarnings, summariseCapacity } from '../../../src/analysis/capacity/summary.js';
import { stepConnections } from '../../../src/measure/capacity/measure-step.js';
import type { CapacityResult } from '../../../src/contract/capacity-report.js';
import type { WorkloadSpec } from '../../../src/scenario/types.js';
import { held, makeCapacityReport, makeRuns, searchSettings, step } from '../../fixtures/capacity-fixture.js';
import { capacityCell, confirmedCell } from '../../../src/render/capacity/figures.js';
import { renderCapacityMarkdown } from '../../../src/render/capacity/markdown.js';
import { renderCapacityTerminal } from '../../../src/render/capacity/terminal.js';

const criteria = { p99Ms: 150, errorTolerance: 0, minAchievedRatio: 0.95 };

function figures(changes: Partial<StepFigures> = {}): StepFigures {
  return {
    targetRps: 1000,
    achievedRps: 1000,
    latencyMs: { p50: 5, p90: 20, p99: 100, max: 140, mean: 8 },
    responses: 2000,
    errors: 0,
    timeouts: 0,
    non2xx: 0,
    dropped: 0,
    delayed: 0,
    maxConnections: 300,
    connectionsUsed: 12,
    ...changes,
  };
}

describe('judgeStep', () => {
  const cases: { name: string; changes: Partial<StepFigures>; tolerance?: number; passed: boolean; reason: string }[] = [
    { name: 'within the target', changes: {}, passed: true, reason: '' },
    { name: 'p99 at the SLO passes', changes: { latencyMs: { p50: 5, p90: 20, p99: 150, max: 200, mean: 8 } }, passed: true, reason: '' },
    { name: 'p99 above the SLO', changes: { latencyMs: { p50: 5, p90: 20, p99: 151, max: 200, mean: 8 } }, passed: false, reason: 'p99 151 ms above 150 ms' },
    { name: 'one error', changes: { errors: 1 }, passed: false, reason: '1 error' },
    { name: 'timeouts are errors', changes: { errors: 3, timeouts: 2 }, passed: false, reason: '3 errors (2 timed out)' },
    { name: 'non-2xx', changes: { non2xx: 4 }, passed: false, reason: '4 non-2xx' },
    { name: 'within the error tolerance', changes: { non2xx: 4 }, tolerance: 0.01, passed: true, reason: '' },
    { name: 'dropped', changes: { dropped: 7 }, passed: false, reason: '7 dropped (all 300 connections busy)' },
    { name: 'sent 95% of the rate passes', changes: { achievedRps: 950 }, passed: true, reason: '' },
    { name: 'sent less than 95%', changes: { achievedRps: 949 }, passed: false, reason: 'sent 949 of 1,000 req/s (95%)' },
    { name: 'no response', changes: { responses: 0, errors: 10 }, passed: false, reason: 'no response; 10 errors' },
    {
      name: 'every reason, in order',
      changes: { latencyMs: { p50: 900, p90: 1500, p99: 2400, max: 3000, mean: 1000 }, errors: 2, non2xx: 1, dropped: 50, achievedRps: 700 },
      passed: false,
      reason: 'p99 2.40 s above 150 ms; 2 errors, 1 non-2xx; 50 dropped (all 300 connections busy); sent 700 of 1,000 req/s (70%)',
    },
  ];
  for (const { name, changes, tolerance, passed, reason } of cases) {
    test(name, () => {
      assert.deepEqual(judgeStep(figures(changes), { ...criteria, errorTolerance: tolerance ?? 0 }), { passed, reason });
    });
  }
});

describe("Little's law", () => {
  test('in flight = rate × mean latency: ok, ratio 1', () => {
    assert.deepEqual(checkLittlesLaw({ targetRps: 1000, meanLatencyMs: 8, meanInFlight: 8, responses: 10 }), { inFlight: 8, expected: 8, ratio: 1, ok: true });
  });
  const table: [inFlight: number, ok: boolean][] = [
    [9.6, true],
    [6.4, true],
    [9.7, false],
    [6.3, false],
  ];
  for (const [inFlight, ok] of table) {
    test(`${inFlight} in flight against 8 expected: ${ok ? 'ok' : 'flagged'} (20% either way)`, () => {
      assert.equal(checkLittlesLaw({ targetRps: 1000, meanLatencyMs: 8, meanInFlight: inFlight, responses: 10 })?.ok, ok);
    });
  }
  test('no response: nothing to check', () => {
    assert.equal(checkLittlesLaw({ targetRps: 1000, meanLatencyMs: 0, meanInFlight: 3, responses: 0 }), null);
  });
  test('a zero mean latency gives no ratio and is flagged', () => {
    assert.deepEqual(checkLittlesLaw({ targetRps: 1000, meanLatencyMs: 0, meanInFlight: 0, responses: 5 }), {
      inFlight: 0,
      expected: 0,
      ratio: null,
      ok: false,
    });
  });
});

describe('findKnee', () => {
  test('the last step before p99 doubles (and rises 10% of the SLO), by rate whatever the order measured', () => {
    const steps = [step(400, 4), step(1600, 900), step(800, 5), step(1200, 60), step(1000, 7)];
    assert.deepEqual(findKnee(steps, 150), { rps: 1000, p99Ms: 7, nextRps: 1200, nextP99Ms: 60 });
  });
  test('doubling alone is jitter on a fast server: the climb must also pass 10% of the SLO', () => {
    const steps = [step(400, 0.3), step(800, 0.7), step(1200, 14), step(1600, 40)];
    assert.deepEqual(findKnee(steps, 150), { rps: 1200, p99Ms: 14, nextRps: 1600, nextP99Ms: 40 });
  });
  test('flat p99: no knee', () => {
    assert.equal(findKnee([step(100, 20), step(150, 22), step(225, 25)], 150), null);
  });
  test('a step with no response is a climb', () => {
    assert.deepEqual(findKnee([step(100, 20), step(150, 22, { responses: 0 })], 150), { rps: 100, p99Ms: 20, nextRps: 150, nextP99Ms: null });
  });
  test('no step, or none answered: no knee', () => {
    assert.equal(findKnee([], 150), null);
    assert.equal(findKnee([step(100, 20, { responses: 0 })], 150), null);
  });
});

describe('sizing', () => {
  const report = makeCapacityReport();
  const [cpu, slow] = report.sizing;

  test('per workload: instances = ceil(target ÷ capacity per instance), efficiency against the single process', () => {
    assert.ok(cpu && slow);
    assert.deepEqual(
      cpu.options.map((option) => [option.topology, option.perInstanceRps, option.instancesNeeded, option.scalingEfficiency]),
      [
        ['single', 1149, 5, 1],
        ['cluster', 1026, 5, 1026 / 1149],
      ],
    );
    assert.deepEqual(slow.options, []);
  });

  test('a target between two multiples rounds up', () => {
    const [sizing] = sizeFor(
      2300,
      report.results.filter((result) => result.workload === 'cpu'),
      { cpus: 8 },
    );
    assert.deepEqual(
      sizing?.options.map((option) => option.instancesNeeded),
      [3, 3],
    );
  });

  test('the assumptions are stated, and the crowded machine is named', () => {
    assert.ok(cpu);
    assert.ok(cpu.assumptions.some((line) => line.includes('perfect scaling')));
    assert.ok(cpu.assumptions.some((line) => line.includes('N+1')));
    assert.ok(cpu.assumptions.some((line) => line.includes("cluster (2 processes) shared this machine's 2 cores")));
    const [roomy] = sizeFor(
      5000,
      report.results.filter((result) => result.workload === 'cpu'),
      { cpus: 8 },
    );
    assert.ok(!roomy?.assumptions.some((line) => line.includes('shared this machine')));
  });

  test('without a one-instance topology there is no efficiency, and a capacity that is a lower bound says so', () => {
    const cluster = report.results.find((result) => result.topology === 'cluster') as CapacityResult;
    const [sizing] = sizeFor(4000, [{ ...cluster, failedRps: null }], { cpus: 8 });
    assert.deepEqual(
      sizing?.options.map((option) => [option.scalingEfficiency, option.lowerBound, option.instancesNeeded]),
      [[null, true, 4]],
    );
    assert.ok(sizing?.assumptions.some((line) => line.includes('lower bound')));
    assert.equal(sizingSentence(sizing ?? cpu!), 'For 4,000 req/s on cpu: cluster at most 4 instances (1,026 req/s each).');
  });

  test('in plain words', () => {
    assert.equal(
      sizingSentence(cpu!),
      'For 5,000 req/s on cpu: single 5 instances (1,149 req/s each, if scaling were perfect); cluster 5 instances (1,026 each, 89% efficiency).',
    );
    assert.equal(sizingSentence(slow!), 'For 5,000 req/s on slow: no topology passed a step, so there is nothing to size from.');
  });

  test('no --target-rps: no sizing', () => {
    assert.deepEqual(makeCapacityReport({ search: { targetRps: null } }).sizing, []);
  });
});

describe('capacity in plain words', () => {
  test('a sentence per workload, as the issue writes it', () => {
    const report = makeCapacityReport({ search: { targetRps: null } });
    assert.deepEqual(report.summary, [
      'On cpu, single holds 1,149 req/s within p99 150 ms; cluster ×2 2,052 (each held for 6 s).',
      'On slow, single missed the target even at 1.0 req/s (p99 400 ms).',
    ]);
  });

  test('a capacity that is a lower bound reads "at least"', () => {
    const runs = makeRuns()
      .slice(0, 1)
      .map((run) => ({ ...run, failedRps: null, stop: 'max-rps' as const }));
    const report = makeCapacityReport({ runs, search: { targetRps: null, maxRps: 1149 } });
    assert.deepEqual(report.summary, ['On cpu, single holds at least 1,149 req/s within p99 150 ms (held for 6 s).']);
    assert.ok(report.warnings.includes('single on cpu: every rate up to 1,149 req/s (--max-rps) passed; the capacity is at least that.'));
  });

  test('a rate the search found that no hold confirmed: "could not be confirmed", in the summary, the table and the terminal and markdown reports', () => {
    const runs = makeRuns()
      .slice(0, 1)
      .map((run) => ({
        ...run,
        capacityRps: null,
        confirmation: {
          durationMs: 6000,
          confirmedRps: null,
          steps: [held(1149, 240), held(1034, 210), held(931, 190)],
        },
      }));
    const report = makeCapacityReport({ runs, search: { targetRps: null } });
    assert.deepEqual(report.summary, [
      'On cpu, single could not be confirmed: the search found 1,149 req/s, but 1,149, 1,034, 931 req/s did not hold for 6 s.',
    ]);
    const result = report.results[0];
    assert.ok(result);
    assert.equal(capacityCell(result), 'none (1,149 did not hold)');
    assert.equal(confirmedCell(result), 'no');
    for (const [name, output] of [
      ['terminal', renderCapacityTerminal(report, { color: false, width: 160 })],
      ['markdown', renderCapacityMarkdown(report)],
    ] as const) {
      assert.match(output, /not confirmed: 1,149, 1,034 and 931 req\/s did not hold for 6 s/, name);
    }
  });

  test('a knee well below the capacity is worth a sentence', () => {
    const results = makeCapacityReport().results.map((result) =>
      result.topology === 'single' && result.workload === 'cpu' ? { ...result, knee: { rps: 700, p99Ms: 4.1, nextRps: 1050, nextP99Ms: 60 } } : result,
    );
    const summary = summariseCapacity(results, [], 150);
    assert.ok(
      summary.includes(
        "On cpu, single's p99 starts to climb above 700 req/s (4.10 ms, then 60.0 ms at 1,050), well below its capacity: less headroom than the capacity suggests.",
      ),
      summary.join('\n'),
    );
  });
});

describe('capacity warnings', () => {
  test("a passing step whose Little's law is off; a failing one is not (an overloaded queue is not steady)", () => {
    const warnings = makeCapacityReport().warnings;
    assert.equal(warnings.filter((line) => line.includes("Little's law")).length, 1);
    assert.match(
      warnings.find((line) => line.includes("Little's law")) ?? '',
      /^single on cpu at 1,050 req\/s: Little's law is off: 2\.60 requests in flight on average, but rate × mean latency gives 3\.43 \(0\.76×\)/,
    );
  });

  test('the step that stopped the search was the load generator at its limit: a lower bound, said so everywhere', () => {
    const runs = makeRuns().map((run) => ({
      ...run,
      steps: run.steps.map((entry) =>
        entry.targetRps === run.failedRps && run.topology === 'cluster' ? { ...entry, clientCpu: 0.97, clientBottleneck: true } : entry,
      ),
    }));
    const report = makeCapacityReport({ runs });
    const cluster = report.results.find((result) => result.topology === 'cluster');
    assert.equal(cluster?.clientLimited, true);
    assert.equal(report.results.find((result) => result.topology === 'single')?.clientLimited, false);
    assert.ok(
      report.warnings.includes(
        "cluster ×2 on cpu: loadlab itself was the bottleneck at 2,110 req/s, where the search stopped (its process used 97% of a core): that is the load generator's limit, not the server's; the capacity is at least 2,052.",
      ),
      report.warnings.join('\n'),
    );
    assert.equal(
      report.summary[0],
      "On cpu, single holds 1,149 req/s within p99 150 ms; cluster ×2 at least 2,052 (loadlab's own limit here) (each held for 6 s).",
    );
    assert.equal(report.sizing[0]?.options.find((option) => option.topology === 'cluster')?.lowerBound, true);
  });

  test('a client bottleneck at a rate above the one that stopped the search does not make it a lower bound', () => {
    // cluster's 2,813 req/s step had the client at its limit, but 2,110 (where it stopped) did not
    assert.equal(makeCapacityReport().results.find((result) => result.topology === 'cluster')?.clientLimited, false);
  });

  test('out of steps: the bracket is given', () => {
    const [single] = makeCapacityReport().results;
    const warnings = capacityWarnings([{ ...single!, stop: 'max-steps' }], searchSettings);
    assert.ok(
      warnings.some(
        (warning) =>
          warning.id === 'max-steps' &&
          warning.text === 'single on cpu: the search used its 12 steps before narrowing to 5%: the capacity lies between 1,149 and 1,182 req/s.',
      ),
    );
  });
});

describe('the capacity report', () => {
  const report = makeCapacityReport();
  test('schema, CPU at capacity from the step that set it, and the knee', () => {
    assert.equal(report.schema, 'loadlab/capacity@1');
    const cluster = report.results.find((result) => result.topology === 'cluster');
    assert.deepEqual(
      cluster?.cpuAtCapacity?.map((entry) => entry.cpu),
      [0.05, 0.9, 0.9],
    );
    assert.deepEqual(cluster?.knee, { rps: 1875, p99Ms: 12, nextRps: 1993, nextP99Ms: 40 });
    const slow = report.results.find((result) => result.workload === 'slow');
    assert.equal(slow?.cpuAtCapacity, null);
  });
  test('every step is kept', () => {
    assert.deepEqual(
      report.results.map((result) => result.steps.length),
      [7, 8, 7],
    );
  });
  test('an interrupted search says so', () => {
    assert.ok(makeCapacityReport({ interrupted: true }).warnings.some((line) => line.startsWith('The search was interrupted')));
  });
});

describe('stepConnections', () => {
  const workload = (load: Partial<WorkloadSpec['load']> = {}): WorkloadSpec => ({
    name: 'w',
    requests: [],
    load: { connections: 50, pipelining: 1, durationMs: 1000, warmupMs: 0, timeoutMs: 10_000, ...load },
  });
  test('enough that a server within the SLO never makes a request wait: 2 × rate × slo.p99', () => {
    assert.equal(stepConnections(workload(), 1000, 150), 300);
  });
  test("at least the workload's connections, at most 4,000", () => {
    assert.equal(stepConnections(workload(), 10, 150), 50);
    assert.equal(stepConnections(workload(), 100_000, 150), 4000);
  });
  test("the scenario's maxConnections, when it sets one", () => {
    assert.equal(stepConnections(workload({ maxConnections: 20 }), 1000, 150), 20);
  });
});

describe('othersCpu', () => {
  const window = { loadStartMs: 0, startMs: 1000, endMs: 3000 };
  // samples every 500 ms; the one at 1,000 covers the warm-up, the one at 3,500 the time after
  const raw = {
    intervalMs: 500,
    host: [1000, 1500, 2000, 2500, 3000, 3500].map((t, index) => ({ t, cpu: [0.2, 0.5, 0.5, 0.9, 0.5, 0.9][index] ?? 0 })),
    processes: [1000, 1500, 2000, 2500, 3000, 3500].flatMap((t) => [
      { t, pid: 1, role: 'instance' as const, cpu: 0.6, rssBytes: 0, fds: 0, connections: 0 },
      { t, pid: 2, role: 'instance' as const, cpu: 0.1, rssBytes: 0, fds: 0, connections: 0 },
    ]),
    client: [1002, 1501, 2003, 2502, 3001, 3502].map((t) => ({ t, cpu: 0.3, elP50Ms: 0, elP99Ms: 0, elMaxMs: 0 })),
  };
  test('per probe interval of the measured phase: the host less the deployment and loadlab, in cores; mean and peak', () => {
    const figure = othersCpu(raw, window, [1, 2], 2);
    // intervals ending at 1,500, 2,000, 2,500 and 3,000: 1.0 − 1.0 = 0, 0, 1.8 − 1.0 = 0.8, 0
    assert.ok(figure && Math.abs(figure.max - 0.8) < 1e-9 && Math.abs(figure.mean - 0.2) < 1e-9, JSON.stringify(figure));
  });
  test('never below 0; null without the samples to tell', () => {
    assert.deepEqual(othersCpu({ ...raw, host: raw.host.map((sample) => ({ ...sample, cpu: 0.1 })) }, window, [1, 2], 2), { mean: 0, max: 0 });
    assert.equal(othersCpu({ ...raw, host: [] }, window, [1, 2], 2), null);
    assert.equal(othersCpu({ ...raw, client: [] }, window, [1, 2], 2), null);
    assert.equal(othersCpu(raw, window, [1, 2, 3], 2), null, 'a process of the deployment without a sample');
  });
});
