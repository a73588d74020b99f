import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { describe, test } from 'node:test';
import { linearRegression } from 'simple-statistics';
import type { ProcessProbe } from '../../src/contract/probes.js';
import type { RunReport } from '../../src/contract/run-report.js';
import type { TrialResult } from '../../src/contract/trial.js';
import { prepareAgent } from '../../src/measure/probes/agent-setup.js';
import { ProbeSampler } from '../../src/measure/probes/sampler.js';
import { ProcessOwner } from '../../src/deploy/processes.js';
import { single } from '../../src/deploy/topologies/single.js';
import { alivePids, fixtureScenario, repoRoot, runCli, tempDir } from '../helpers/cli.js';

async function runProbeTarget(mode: string, extraArgs: string[] = [], env: Record<string, string> = {}): Promise<TrialResult> {
  const result = await runCli(['run', fixtureScenario('probe-target.ts'), '--json', '--quiet', '--out', tempDir(), ...extraArgs], {
    env: { FIXTURE_MODE: mode, ...env },
  });
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout) as RunReport;
  const [trial] = report.trials;
  assert.ok(trial);
  return trial;
}

function onlyProcess(trial: TrialResult): ProcessProbe {
  assert.equal(trial.probes.processes.length, 1, JSON.stringify(trial.probes.processes));
  return trial.probes.processes[0] as ProcessProbe;
}

describe('probes on servers of known behaviour, under real load', () => {
  test('an event loop blocked for 300 ms once a second: event-loop delay max ≥ 250 ms', async () => {
    const trial = await runProbeTarget('block');
    const probe = onlyProcess(trial);
    assert.ok(probe.eventLoopDelayMs, 'the agent reported event-loop delay');
    assert.ok(probe.eventLoopDelayMs.max >= 250, `max ${probe.eventLoopDelayMs.max} ms`);
    // Not p99 ≥ 250: the agent's histograms take one sample per 10 ms timer tick, so the stall
    // is 1 sample in ~50 per 500 ms line, and HdrHistogram's rounding of the 99th rank then
    // lands on the second-highest sample. Max is the figure that must show a stall.
    assert.ok(probe.eventLoopDelayMs.p99 <= probe.eventLoopDelayMs.max, `p99 ${probe.eventLoopDelayMs.p99} ms`);
    assert.ok(probe.eventLoopDelayMs.mean < 50, `mean ${probe.eventLoopDelayMs.mean} ms: the loop runs freely between stalls`);
  });

  test('a server at 20 req/s: event-loop delay near 0, the agent’s 10 ms sampling period not counted as delay', async () => {
    const trial = await runProbeTarget('plain', ['--rate', '20']);
    const probe = onlyProcess(trial);
    assert.ok(probe.eventLoopDelayMs, 'the agent reported event-loop delay');
    assert.ok(probe.eventLoopDelayMs.mean < 5, `mean of the p50s ${probe.eventLoopDelayMs.mean} ms`);
  });

  test('a file descriptor kept per request: peak fds ≥ 95% of the requests served', async () => {
    const trial = await runProbeTarget('fd', [], { FIXTURE_DELAY_MS: '5' });
    const probe = onlyProcess(trial);
    assert.ok(probe.fds && probe.requests);
    // every request the server handled since it started (readiness polls excluded: /health keeps none)
    assert.ok(probe.fds.max >= 0.95 * trial.requests.total, `peak fds ${probe.fds.max}, requests ${trial.requests.total}`);
    assert.ok(
      Math.abs(probe.requests.total - trial.requests.total) <= Math.max(5, 0.02 * trial.requests.total),
      `agent counted ${probe.requests.total}, autocannon ${trial.requests.total}`,
    );
  });

  test('64 KiB kept per request: RSS grows at least 80% as fast as requests × 64 KiB', async () => {
    const trial = await runProbeTarget('memory', [], { FIXTURE_DELAY_MS: '5' });
    const probe = onlyProcess(trial);
    const rss = probe.series.map((point) => point.rssBytes);
    // Rates, not totals: the samples span only part of the measured phase (the first comes one
    // interval in, and the last may fall before its end), while the request count covers all of it.
    assert.ok(probe.series.length >= 2, `samples: ${probe.series.length}`);
    const { m: bytesPerSecond } = linearRegression(probe.series.map((point) => [point.t, point.rssBytes]));
    const expected = trial.requests.rps * 64 * 1024;
    assert.ok(
      bytesPerSecond >= 0.8 * expected,
      `grew ${Math.round(bytesPerSecond)} B/s at ${trial.requests.rps.toFixed(0)} req/s (expected ≥ 80% of ${Math.round(expected)} B/s)`,
    );
    assert.ok(probe.rssBytes && probe.rssBytes.max >= Math.max(...rss.slice(0, 1)), 'peak RSS reported');
  });

  test('a CPU figure is a fraction of one core, and the client is watched too', async () => {
    const trial = await runProbeTarget('plain');
    const probe = onlyProcess(trial);
    assert.ok(probe.cpu && probe.cpu.mean > 0.05 && probe.cpu.max <= 1.2, `server CPU ${JSON.stringify(probe.cpu)}`);
    assert.ok(trial.client.cpu && trial.client.cpu.mean > 0.05, `client CPU ${JSON.stringify(trial.client.cpu)}`);
    assert.equal(typeof trial.client.bottleneck, 'boolean');
    assert.ok(trial.probes.hostCpu && trial.probes.hostCpu.mean > 0 && trial.probes.hostCpu.max <= 1);
  });

  test('--no-probes: no agent and every figure unavailable, not zero', async () => {
    const trial = await runProbeTarget('plain', ['--no-probes']);
    assert.deepEqual(trial.probes.processes, []);
    assert.equal(trial.probes.totals.cpu, null);
    assert.match(trial.probes.unavailable.join(' '), /turned off/);
  });
});

describe("loadlab's own event loop", () => {
  test('blocked for 200 ms: the client samples show a delay of at least 150 ms', async () => {
    const sampler = new ProbeSampler({ intervalMs: 200, processes: () => [] });
    sampler.start();
    await new Promise((resolve) => setTimeout(resolve, 450));
    const blockedAt = Date.now();
    while (Date.now() - blockedAt < 200) Math.sqrt(Math.random());
    await new Promise((resolve) => setTimeout(resolve, 450));
    const samples = (await sampler.stop(Date.now())).client;
    const max = Math.max(...samples.map((sample) => sample.elMaxMs));
    assert.ok(max >= 150, `max delay ${max} ms`);
  });
});

describe('connections', () => {
  test('1,000 idle keep-alive connections held by a client: within ±2% of 1,000; then half closed and 200 opened: 500, then 700', async () => {
    const owner = new ProcessOwner();
    const agent = prepareAgent(owner.privateFolder('probe'), 200);
    const sockets: Socket[] = [];
    try {
      const app = {
        entry: `${repoRoot}/test/fixtures/servers/probe-target.js`,
        args: [],
        env: {},
        readiness: '/health',
        startTimeoutMs: 5000,
        runtime: 'node' as const,
        cwd: repoRoot,
      };
      const deployment = await single.start({ name: 'single', kind: 'single', instances: 1, runtime: 'node' }, app, {
        owner,
        signal: new AbortController().signal,
        probeEnv: agent.env,
      });
      const port = Number(new URL(deployment.url).port);
      const open = (count: number) =>
        Promise.all(
          Array.from(
            { length: count },
            () =>
              new Promise<void>((resolve, reject) => {
                const socket = connect({ host: '127.0.0.1', port }, () => socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n'));
                sockets.push(socket);
                socket.once('data', () => resolve());
                socket.once('error', reject);
              }),
          ),
        );
      await open(1000);
      let sampled = 0;
      const sampler = new ProbeSampler({
        intervalMs: 200,
        processes: () => deployment.processes(),
        agentFolder: agent.folder,
        onSample: (samples) => (sampled += samples.length),
      });
      sampler.start();
      // the /proc reader thread may take a while to start on a busy machine
      while (sampled < 3) await new Promise((resolve) => setTimeout(resolve, 50));
      // the TCP table is not read on every sample (established-sockets.ts): closed and new
      // connections must show all the same, on the samples after they closed or opened
      const closedAt = Date.now();
      for (const socket of sockets.splice(0, 500)) socket.destroy();
      await new Promise((resolve) => setTimeout(resolve, 500));
      await open(200);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const samples = (await sampler.stop(Date.now())).processes;
      const counts = samples.filter((sample) => sample.t < closedAt).map((sample) => sample.connections);
      assert.ok(counts.length >= 3, `samples ${counts.length}`);
      for (const count of counts) assert.ok(Math.abs(count - 1000) <= 20, `connections ${count}`);
      const after = samples.filter((sample) => sample.t > closedAt).map((sample) => sample.connections);
      assert.ok(
        after.some((count) => Math.abs(count - 500) <= 20),
        `500 after closing half: ${after.join(', ')}`,
      );
      assert.ok(Math.abs((after.at(-1) ?? 0) - 700) <= 20, `700 after opening 200 more: ${after.join(', ')}`);
      const pids = deployment.processes().map((info) => info.pid);
      await deployment.stop();
      assert.deepEqual(alivePids(pids), []);
    } finally {
      for (const socket of sockets) socket.destroy();
      await owner.stopAll();
      agent.remove();
    }
  });
});

describe('cluster: requests per worker', () => {
  test('2 workers: their request counts sum to the total within 2%, with rr and with none', async () => {
    // agent lines every 100 ms: the counts at the phase's edges are read from lines 100 ms apart, not 500
    const result = await runCli(['run', fixtureScenario('cluster-policies.ts'), '--json', '--quiet', '--probe-interval', '100ms', '--out', tempDir()]);
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout) as RunReport;
    assert.deepEqual(
      report.trials.map((trial) => trial.topology),
      ['rr', 'os'],
    );
    for (const trial of report.trials) {
      const workers = trial.probes.processes.filter((probe) => probe.role === 'worker');
      assert.equal(workers.length, 2, `${trial.topology}: ${JSON.stringify(trial.probes.processes.map((p) => p.role))}`);
      const counted = workers.reduce((sum, probe) => sum + (probe.requests?.total ?? Number.NaN), 0);
      assert.ok(
        Math.abs(counted - trial.requests.total) <= 0.02 * trial.requests.total,
        `${trial.topology}: workers counted ${counted}, autocannon ${trial.requests.total}`,
      );
      const shares = trial.probes.distribution.requests;
      assert.ok(shares, `${trial.topology} reports its distribution`);
      assert.equal(shares.shares.length, 2);
      assert.ok(Math.abs(shares.shares.reduce((sum, item) => sum + item.share, 0) - 1) < 1e-9);
      assert.ok(shares.jainIndex >= 0.5 && shares.jainIndex <= 1, `Jain ${shares.jainIndex}`);
      assert.ok(shares.imbalance >= 1 && shares.imbalance <= 2, `imbalance ${shares.imbalance}`);
      assert.ok(trial.probes.distribution.connections, `${trial.topology} reports its connection split`);
    }
  });
});
