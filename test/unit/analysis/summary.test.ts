import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compareTopologies } from '../../../src/analysis/run/comparisons.js';
import { summariseRun } from '../../../src/analysis/run/summary.js';
import type { TrialResult } from '../../../src/contract/trial.js';
import type { Verdict, VerdictStatus } from '../../../src/contract/verdict.js';
import { topologies } from '../../../src/deploy/topologies/index.js';
import { makeReport } from '../../fixtures/report-fixture.js';

/** The fixture's single and cluster on cpu, healthy clients, every verdict a pass unless changed. */
function cpuPair(clusterRps: number): TrialResult[] {
  const report = makeReport();
  const pick = (topology: string) => structuredClone(report.trials.find((trial) => trial.topology === topology && trial.workload === 'cpu')) as TrialResult;
  const single = pick('single');
  const cluster = pick('cluster');
  for (const trial of [single, cluster]) trial.verdicts = trial.verdicts.map((verdict) => ({ ...verdict, status: 'pass' }));
  single.requests = { ...single.requests, rps: 1000 };
  cluster.requests = { ...cluster.requests, rps: clusterRps };
  return [single, cluster];
}

function sentences(trials: TrialResult[], compareTo: string | null = null): string[] {
  return summariseRun(trials, compareTopologies(trials, compareTo), topologies);
}

describe('the comparison sentence', () => {
  const cases: { title: string; rps: number; sentence: string }[] = [
    { title: 'twice the throughput', rps: 2400, sentence: 'On cpu, cluster (2 workers) served 2.40× the requests of single with p99 27.3 ms against 52.4 ms.' },
    {
      title: 'a small gain is no difference',
      rps: 1020,
      sentence: 'On cpu, cluster (2 workers) made no difference against single (1.02× the requests, p99 27.3 ms against 52.4 ms).',
    },
    {
      title: 'exactly +10% is no difference',
      rps: 1100,
      sentence: 'On cpu, cluster (2 workers) made no difference against single (1.10× the requests, p99 27.3 ms against 52.4 ms).',
    },
    {
      title: 'just over +10% is a difference',
      rps: 1101,
      sentence: 'On cpu, cluster (2 workers) served 1.10× the requests of single with p99 27.3 ms against 52.4 ms.',
    },
    {
      title: 'exactly −10% is no difference',
      rps: 900,
      sentence: 'On cpu, cluster (2 workers) made no difference against single (0.90× the requests, p99 27.3 ms against 52.4 ms).',
    },
    {
      title: 'just under −10% is a difference',
      rps: 899,
      sentence: 'On cpu, cluster (2 workers) served 0.90× the requests of single with p99 27.3 ms against 52.4 ms.',
    },
  ];
  for (const { title, rps, sentence } of cases) {
    test(title, () => assert.deepEqual(sentences(cpuPair(rps)), [sentence]));
  }

  test('against compareTo', () => {
    assert.equal(sentences(cpuPair(2000), 'cluster')[0], 'On cpu, single served 0.50× the requests of cluster with p99 52.4 ms against 27.3 ms.');
  });

  test('one topology on a workload: its own figures', () => {
    const [single] = cpuPair(1);
    assert.ok(single);
    assert.deepEqual(sentences([single]), ['On cpu, single served 1,000 requests/s with p99 52.4 ms.']);
  });

  test('a baseline without a response cannot be compared', () => {
    const [single, cluster] = cpuPair(2000) as [TrialResult, TrialResult];
    single.requests = { ...single.requests, total: 0, rps: 0 };
    assert.equal(sentences([single, cluster])[0], 'On cpu, cluster (2 workers) could not be compared with single, which received no response.');
  });

  test('a comparison that is not like for like says so', () => {
    const [single, cluster] = cpuPair(2000) as [TrialResult, TrialResult];
    cluster.requests = { ...cluster.requests, bytes: cluster.requests.total * 1500 };
    assert.equal(
      sentences([single, cluster])[0],
      'On cpu, cluster (2 workers) served 2.00× the requests of single with p99 27.3 ms against 52.4 ms, but they did not serve the same responses (see the warnings).',
    );
  });

  test('the fixture: the issue example, with the bottlenecked client said', () => {
    const report = makeReport();
    assert.deepEqual(summariseRun(report.trials, report.comparisons, topologies).slice(0, 2), [
      'On cpu, cluster (2 workers) served 2.10× the requests of single with p99 27.3 ms against 52.4 ms.',
      'On io, cluster (2 workers) served 1.59× the requests of single with p99 2.05 ms against 1.27 ms, but loadlab itself was the bottleneck on cluster, so the figures describe the load generator.',
    ]);
  });
});

describe('the verdict sentences', () => {
  function withStatuses(statuses: Record<string, VerdictStatus>): TrialResult[] {
    const trials = cpuPair(2000);
    const [, cluster] = trials as [TrialResult, TrialResult];
    cluster.verdicts = cluster.verdicts.map((verdict: Verdict) => ({ ...verdict, status: statuses[verdict.id] ?? verdict.status }));
    return trials;
  }

  // "Every check passed." is the outcome's to say (src/analysis/outcome.ts), which also knows the thresholds and the baseline
  test('all passed: no verdict sentence', () => assert.deepEqual(sentences(cpuPair(2000)).slice(1), []));

  test('warnings and no data, nothing failed', () => {
    assert.deepEqual(sentences(withStatuses({ 'scale-cpu': 'warn', 'event-loop': 'no-data' })).slice(1), [
      'Warnings: scale-cpu (cluster on cpu).',
      'Not enough data: event-loop (cluster on cpu).',
    ]);
  });

  test('a failed verdict is named once, by the outcome: no sentence here; a check on every trial says so', () => {
    const trials = withStatuses({ errors: 'fail', 'scale-cpu': 'warn' });
    const [single] = trials as [TrialResult];
    single.verdicts = single.verdicts.map((verdict) => (verdict.id === 'scale-cpu' ? { ...verdict, status: 'warn' } : verdict));
    assert.deepEqual(sentences(trials).slice(1), ['Warnings: scale-cpu (every trial).']);
  });

  test('no trial, no summary', () => assert.deepEqual(summariseRun([], [], topologies), []));
});
