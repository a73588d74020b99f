import assert from 'node:assert/strict';
import { test } from 'node:test';
import { threadsClaimSentences } from '../../../src/analysis/run/threads-claim.js';
import type { TrialResult } from '../../../src/contract/trial.js';
import { makeReport } from '../../fixtures/report-fixture.js';
import { emptyProbe } from '../../helpers/process-probe.js';

const MiB = 1024 ** 2;
const [singleCpu, , clusterCpu] = makeReport().trials as [TrialResult, TrialResult, TrialResult];

/** The fixture's single or cluster trial on cpu, moved to `workload`, serving `rps` at `p99Ms` with `rssMiB` in all. */
function trial(from: TrialResult, workload: string, rps: number, p99Ms: number, rssMiB: number, threads?: { main: number; others: number }): TrialResult {
  const copy = structuredClone(from);
  copy.workload = workload;
  copy.requests = { ...copy.requests, rps, total: rps * 5 };
  assert.ok(copy.latencyMs, 'the fixture trial answered');
  copy.latencyMs = { ...copy.latencyMs, p99: p99Ms };
  copy.probes.totals.rssBytes = rssMiB * MiB;
  if (threads) {
    const figure = (value: number) => ({ mean: value, max: value });
    copy.probes.processes = [
      emptyProbe(4242, 'instance', { threads: { count: 12, main: figure(threads.main), others: figure(threads.others), busiest: figure(threads.others / 2) } }),
    ];
  }
  return copy;
}

const inline = trial(singleCpu, 'cpu', 500, 120, 60);
const pooled = trial(singleCpu, 'cpu-pool', 900, 70, 95, { main: 0.12, others: 1.8 });
const cluster = trial(clusterCpu, 'cpu', 950, 65, 180);
const clusterPooled = trial(clusterCpu, 'cpu-pool', 880, 75, 260);

test('a sentence per pairing: the pool in one process against the inline process and the cluster, with memory and the outcome', () => {
  assert.deepEqual(threadsClaimSentences([inline, cluster, pooled, clusterPooled]), [
    'On cpu, one process with a worker pool (pool threads 180%, main thread 12%) served 1.80× the inline single process at p99 70.0 ms, ' +
      'against 1.90× for cluster ×2 at p99 65.0 ms, 1.76× for cluster ×2 with a pool in each at p99 75.0 ms; ' +
      'memory 95.0 MiB against 180.0 MiB for cluster ×2: the pool did as much as cluster ×2.',
  ]);
});

test('which way it came out, beyond ±10%', () => {
  const [sentence] = threadsClaimSentences([inline, trial(clusterCpu, 'cpu', 1200, 50, 180), pooled]);
  assert.match(sentence ?? '', /: cluster ×2 served 1\.33× what the pool did\.$/);
  const [other] = threadsClaimSentences([inline, trial(clusterCpu, 'cpu', 600, 90, 180), pooled]);
  assert.match(other ?? '', /: the pool served 1\.50× what cluster ×2 did\.$/);
});

test('a trial whose load generator was at its limit is named, as in the run summary', () => {
  const limited = { ...cluster, client: { ...cluster.client, bottleneck: true, reason: 'its event loop lagged' } };
  const [sentence] = threadsClaimSentences([inline, limited, pooled]);
  assert.match(
    sentence ?? '',
    /: the pool did as much as cluster ×2, but loadlab itself was the bottleneck on cluster ×2 on cpu, so those figures describe the load generator\.$/,
  );
});

test('without processes to compare, only the pool against the inline process; without threads read, no split', () => {
  assert.deepEqual(threadsClaimSentences([inline, trial(singleCpu, 'cpu-pool', 900, 70, 95)]), [
    'On cpu, one process with a worker pool served 1.80× the inline single process at p99 70.0 ms.',
  ]);
});

test('no pairing without both workloads in one process; an inline process with no response cannot be compared', () => {
  assert.deepEqual(threadsClaimSentences([inline, cluster]), []);
  assert.deepEqual(threadsClaimSentences([cluster, pooled, clusterPooled]), []);
  assert.deepEqual(threadsClaimSentences([trial(singleCpu, 'hello-pool', 900, 70, 95), inline]), []);
  const silent = { ...inline, requests: { ...inline.requests, total: 0, rps: 0 } };
  assert.deepEqual(threadsClaimSentences([silent, pooled]), [
    'On cpu, threads and processes could not be compared: the inline single process received no response.',
  ]);
});
