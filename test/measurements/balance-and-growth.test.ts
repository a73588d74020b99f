import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evenestSplit } from '../../src/analysis/verdicts/balance.js';
import type { RunReport } from '../../src/contract/run-report.js';
import type { TrialResult } from '../../src/contract/trial.js';
import type { Verdict } from '../../src/contract/verdict.js';
import { alivePids, fixtureScenario, runCli, tempDir } from '../helpers/cli.js';

async function runTrial(scenario: string, args: string[], env: Record<string, string> = {}): Promise<TrialResult> {
  const result = await runCli(['run', fixtureScenario(scenario), '--json', '--quiet', '--out', tempDir(), ...args], { env });
  assert.ok(result.code === 0 || result.code === 1, result.stderr);
  const report = JSON.parse(result.stdout) as RunReport;
  const [trial] = report.trials;
  assert.ok(trial, 'one trial');
  assert.deepEqual(alivePids(trial.processes.map((info) => info.pid)), [], 'nothing left running');
  return trial;
}

function verdictOf(trial: TrialResult, id: string): Verdict {
  const verdict = trial.verdicts.find((entry) => entry.id === id);
  assert.ok(verdict, `${id} among ${trial.verdicts.map((entry) => entry.id).join(', ')}`);
  return verdict;
}

describe('balance on a real cluster', () => {
  test('8 workers, schedulingPolicy none, 64 connections: the verdict agrees with the measured shares', async () => {
    const trial = await runTrial('cluster-eight-os.ts', ['--probe-interval', '250ms']);
    const verdict = verdictOf(trial, 'balance');
    const { requests, connections } = trial.probes.distribution;
    assert.ok(requests, 'the agent counted requests per worker');
    assert.equal(requests.shares.length, 8);
    // 64 connections split evenly is 8 each: the limits are 1.5× the fair share and Jain 0.8
    assert.deepEqual(evenestSplit(64, 8), { highestShare: 1 / 8, jainIndex: 1 });
    const spreads = [requests, connections].filter((entry) => entry !== null);
    const uneven = spreads.some((entry) => entry.imbalance > 1.5 || entry.jainIndex < 0.8);
    const described = spreads.map((entry) => `imbalance ${entry.imbalance.toFixed(2)}, Jain ${entry.jainIndex.toFixed(2)}`).join('; ');
    assert.equal(verdict.status, uneven ? 'warn' : 'pass', `${described}: ${verdict.message}`);
    if (uneven) {
      // the busiest worker of the most uneven split is named with its share, and the likely cause
      const worst = spreads.reduce((a, b) => (b.imbalance > a.imbalance ? b : a));
      const of = worst === requests ? 'requests' : 'connections';
      const busiest = Math.max(...worst.shares.map((entry) => entry.share));
      assert.ok(verdict.message.startsWith('uneven: worker '), verdict.message);
      assert.ok(verdict.message.includes(`had ${Math.round(busiest * 100)}% of the ${of}`), `${of}: ${described}: ${verdict.message}`);
      assert.match(verdict.message, /schedulingPolicy 'none'/);
    }
  });
});

describe('memory growth on real servers', () => {
  // a warm-up of 1 s: run from source, the /proc reader thread takes a moment to start
  const args = ['--probe-interval', '250ms', '--warmup', '1s', '--duration', '2s'];

  test('64 KiB kept per request: warns, with a rate near requests/s × 64 KiB', async () => {
    const trial = await runTrial('probe-target.ts', args, { FIXTURE_MODE: 'memory', FIXTURE_DELAY_MS: '5' });
    const verdict = verdictOf(trial, 'memory-growth');
    const samples = trial.probes.processes.map((probe) =>
      probe.series.map((point) => `${point.t.toFixed(2)} s ${(point.rssBytes / 1024 ** 2).toFixed(1)} MiB`),
    );
    assert.equal(verdict.status, 'warn', `${verdict.message}; ${JSON.stringify(samples)}`);
    const rate = /RSS grows ([\d.]+) (KiB|MiB)\/s/.exec(verdict.message);
    assert.ok(rate, verdict.message);
    const bytesPerSecond = Number(rate[1]) * (rate[2] === 'MiB' ? 1024 ** 2 : 1024);
    const expected = trial.requests.rps * 64 * 1024;
    // the request rate is the measured phase's mean; the RSS samples cover most of it
    assert.ok(bytesPerSecond >= 0.6 * expected && bytesPerSecond <= 1.5 * expected, `${verdict.message}; expected about ${Math.round(expected / 1024)} KiB/s`);
  });

  test('a server that keeps nothing: no warning', async () => {
    const trial = await runTrial('probe-target.ts', args, { FIXTURE_MODE: 'plain', FIXTURE_DELAY_MS: '5' });
    const verdict = verdictOf(trial, 'memory-growth');
    assert.equal(verdict.status, 'pass', verdict.message);
  });

  // what a user runs first: a hello-world app, 10 s at the default probe interval; a false alarm here teaches users to ignore verdicts
  test('a hello-world server for 10 s: no warning', async () => {
    const trial = await runTrial('probe-target.ts', ['--warmup', '1s', '--duration', '10s', '--connections', '10'], {
      FIXTURE_MODE: 'plain',
      FIXTURE_DELAY_MS: '0',
    });
    const verdict = verdictOf(trial, 'memory-growth');
    const rss = trial.probes.processes.flatMap((probe) => probe.series.map((point) => (point.rssBytes / 1024 ** 2).toFixed(1)));
    assert.ok(rss.length >= 15, `sampled ${rss.length} times`);
    assert.equal(verdict.status, 'pass', `${verdict.message}; RSS MiB ${rss.join(' ')}`);
  });
});
