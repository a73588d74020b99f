import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RunReport } from '../../src/contract/run-report.js';
import type { TrialResult } from '../../src/contract/trial.js';
import { alivePids, fixtureScenario, processesMentioning, runCli, tempDir } from '../helpers/cli.js';
import { answered } from '../helpers/latency.js';

/** Runs the Slowloris fixture scenario against the server with these timeouts; checks that nothing is left running. */
async function attacked(timeouts: string, env: Record<string, string> = {}): Promise<TrialResult> {
  const result = await runCli(['run', fixtureScenario('slowloris.ts'), '--json', '--quiet', '--out', tempDir()], {
    env: { FIXTURE_TIMEOUTS: timeouts, ...env },
  });
  assert.ok(result.code === 0 || result.code === 1, result.stderr);
  const report = JSON.parse(result.stdout) as RunReport;
  assert.equal(report.trials.length, 1, 'one trial: the one under attack, with the calm run inside it');
  const [trial] = report.trials as [TrialResult];
  assert.deepEqual(alivePids(trial.processes.map((info) => info.pid)), [], 'the server has ended');
  assert.deepEqual(processesMentioning('slow-headers.js'), [], 'no fixture server left');
  return trial;
}

function slowlorisVerdict(trial: TrialResult) {
  const verdict = trial.verdicts.find((entry) => entry.id === 'slowloris');
  assert.ok(verdict, trial.verdicts.map((entry) => entry.id).join(', '));
  return verdict;
}

describe('Slowloris beside a normal workload', () => {
  test("Node's default timeouts: the verdict and the users' p99 during the attack are reported; the slow connections are held", async () => {
    const trial = await attacked('default');
    const { attack } = trial;
    assert.ok(attack);
    assert.equal(attack.connections, 100);
    // the default headersTimeout is 60 s: nothing is closed in a few seconds, every slow connection is held
    assert.equal(attack.closedByServer, 0);
    assert.equal(attack.held.atStart, 100);
    assert.equal(attack.held.atEnd, 100);
    assert.ok(attack.calm.total > 0 && trial.requests.total > 0);
    const verdict = slowlorisVerdict(trial);
    assert.match(verdict.message, /^(resists|degrades|falls over): beside 100 slow connections/);
    assert.ok(verdict.message.includes(`p99 ${formatP99(answered(trial.latencyMs).p99)}`), `${verdict.message} (p99 ${answered(trial.latencyMs).p99})`);
    assert.match(verdict.message, /closed none in the attack's/);
  });

  test('a 1 s headersTimeout: the slow connections are closed within it (408), and the server resists', async () => {
    const trial = await attacked('short');
    const { attack } = trial;
    assert.ok(attack?.closedAfterMs, JSON.stringify(attack));
    assert.ok(attack.closedByServer >= 100, `closed ${attack.closedByServer}`);
    // Node checks the timeout every 100 ms here; a loaded machine may run the check late, not early
    assert.ok(attack.closedAfterMs.min >= 900, `closed after ${JSON.stringify(attack.closedAfterMs)}`);
    assert.ok(attack.closedAfterMs.max <= 1000 + 100 + 500, `closed after ${JSON.stringify(attack.closedAfterMs)}`);
    assert.ok((attack.closedWith['408'] ?? 0) > 0, JSON.stringify(attack.closedWith));
    const verdict = slowlorisVerdict(trial);
    assert.equal(verdict.status, 'pass', verdict.message);
    assert.match(verdict.message, /^resists: /);
  });

  test('nginx in front: the balancer holds the slow connections, the app sees only the users', async (context) => {
    const trial = await attacked('unlimited', { FIXTURE_BEHIND: 'nginx' }).catch((error: unknown) => {
      if (String(error).includes('nginx not found')) return null;
      throw error;
    });
    if (!trial) return context.skip('nginx is not installed');
    const most = (role: string) => Math.max(...trial.probes.processes.filter((probe) => probe.role === role).map((probe) => probe.connections?.max ?? 0));
    // 100 slow connections and 10 users' at the balancer; the app holds nginx's upstream keep-alive connections only
    assert.ok(most('balancer') >= 100, `balancer ${most('balancer')}`);
    assert.ok(most('instance') < 100, `instance ${most('instance')}`);
    const verdict = slowlorisVerdict(trial);
    assert.match(verdict.message, /the balancer held them: the app's processes had at most \d+ connections/);
  });

  test('no timeout and a cap of 50 connections: the attack takes every place, and the server falls over', async () => {
    const trial = await attacked('unlimited', { FIXTURE_MAX_CONNECTIONS: '50' });
    const verdict = slowlorisVerdict(trial);
    assert.equal(verdict.status, 'fail', verdict.message);
    assert.match(verdict.message, /^falls over: /);
  });
});

function formatP99(ms: number): string {
  return ms < 1 ? ms.toFixed(2) : ms < 999.5 ? ms.toPrecision(3) : `${(ms / 1000).toPrecision(3)}`;
}
