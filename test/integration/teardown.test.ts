import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ProbeSampler } from '../../src/measure/probes/sampler.js';
import { ProcessOwner } from '../../src/deploy/processes.js';
import { cluster } from '../../src/deploy/topologies/cluster.js';
import { untilLoadConnected } from '../helpers/process-tree.js';
import { alivePids, fixtureScenario, processesMentioning, readyPort, repoRoot, startCli, tempDir, waitForOutput, writtenReport } from '../helpers/cli.js';

const neverReady = `${repoRoot}/test/fixtures/servers/never-ready.js`;
const fixedDelay = `${repoRoot}/test/fixtures/servers/fixed-delay.js`;

describe('teardown on signals', () => {
  test('SIGINT while the app is starting: exit 130, the starting app is stopped, no report', async () => {
    const out = tempDir();
    const child = startCli(['run', fixtureScenario('never-ready.ts'), '--out', out]);
    await waitForOutput(child, 'stderr', (text) => text.includes('starting single'), 10_000);
    // the app is being polled for readiness now
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(processesMentioning(neverReady).length, 1, 'the app was started');
    child.kill('SIGINT');
    const result = await child.result;
    assert.equal(result.code, 130, result.stderr);
    assert.deepEqual(processesMentioning(neverReady), []);
    assert.doesNotMatch(result.stderr, /report written/, 'no trial finished: nothing to report');
  });

  test('SIGTERM mid-measurement: exit 143, the partial report is written, nothing left', async () => {
    const out = tempDir();
    const child = startCli(['run', fixtureScenario('fixed-delay.ts'), '--duration', '20s', '--warmup', '0', '--out', out], { env: { FIXTURE_DELAY_MS: '1' } });
    const ready = await waitForOutput(child, 'stderr', (text) => /single ready at .*instance \d+/.test(text), 10_000);
    const pid = Number(ready.match(/instance (\d+)/)?.[1]);
    // the scenario's 10 connections
    await untilLoadConnected(readyPort(ready), 10);
    child.kill('SIGTERM');
    const result = await child.result;
    assert.equal(result.code, 143, result.stderr);
    const report = writtenReport(result.stderr);
    assert.equal(report.interrupted, true);
    assert.ok((report.trials[0]?.requests.total ?? 0) > 0);
    assert.deepEqual(alivePids([pid]), []);
    assert.deepEqual(processesMentioning(fixedDelay), []);
  });
});

describe('cluster workers', () => {
  test('a worker that dies is re-forked, and the probes follow the new pid', async () => {
    const owner = new ProcessOwner();
    try {
      const app = { entry: fixedDelay, args: [], env: {}, readiness: '/', startTimeoutMs: 5000, runtime: 'node' as const, cwd: repoRoot };
      const deployment = await cluster.start({ name: 'cluster', kind: 'cluster', instances: 2, runtime: 'node', schedulingPolicy: 'rr' }, app, {
        owner,
        signal: new AbortController().signal,
        probeEnv: {},
      });
      const before = deployment
        .processes()
        .filter((info) => info.role === 'worker')
        .map((info) => info.pid);
      assert.equal(before.length, 2);
      const sampler = new ProbeSampler({ intervalMs: 100, processes: () => deployment.processes() });
      sampler.start();
      const [victim] = before as [number];
      process.kill(victim, 'SIGKILL');
      const deadline = Date.now() + 5000;
      let after = before;
      while (Date.now() < deadline) {
        after = deployment
          .processes()
          .filter((info) => info.role === 'worker')
          .map((info) => info.pid);
        if (after.length === 2 && !after.includes(victim)) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
      const raw = await sampler.stop(Date.now());
      assert.equal(after.length, 2, `workers ${after}`);
      assert.ok(!after.includes(victim), 'the dead worker is gone from the list');
      const newcomer = after.find((pid) => !before.includes(pid));
      assert.ok(newcomer, 'a new worker was forked');
      assert.ok(
        raw.processes.some((sample) => sample.pid === newcomer),
        'the sampler found the new worker',
      );
      const answer = await fetch(deployment.url);
      assert.equal(answer.status, 200, 'the cluster still serves');
      await answer.text();
      await deployment.stop();
      assert.deepEqual(alivePids([...before, ...after]), []);
    } finally {
      await owner.stopAll();
    }
  });
});
