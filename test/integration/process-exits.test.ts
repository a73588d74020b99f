import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { isProcessExit, isTrialEvent, type TrialResult } from '../../src/contract/trial.js';
import { findOnPath } from '../../src/deploy/find-executable.js';
import { untilLoadConnected } from '../helpers/process-tree.js';
import {
  alivePids,
  demoEntry,
  fixtureScenario,
  leftoverFolders,
  processesMentioning,
  readyPort,
  repoRoot,
  runCli,
  startCli,
  tempDir,
  waitForOutput,
  writtenReport,
} from '../helpers/cli.js';

const fixedDelay = `${repoRoot}/test/fixtures/servers/fixed-delay.js`;
const nginxSkip = findOnPath('nginx') ? false : 'nginx is not installed (apt-get install nginx): the proxy topology test cannot run';

function exitsOf(trial: TrialResult | undefined) {
  return (trial?.events ?? []).filter(isProcessExit);
}

/**
 * Runs a 2 s trial and, once the load's 10 connections are open, kills one of the deployment's
 * processes with SIGKILL (the first of `role` on the "ready at" line): what a crash or the OOM
 * killer does. Returns the run's outcome, the pids it started with and the one killed.
 */
async function killDuringTrial(args: string[], role: string, env: NodeJS.ProcessEnv = {}) {
  const out = tempDir();
  const child = startCli(['run', ...args, '--duration', '2s', '--warmup', '0', '--format', 'terminal,md,json', '--out', out], { env });
  const ready = await waitForOutput(child, 'stderr', (text) => / ready at .*\)/.test(text), 20_000);
  const pids = [...ready.matchAll(/(?:balancer|instance|worker|primary|daemon) (\d+)/g)].map((match) => Number(match[1]));
  const victim = Number(new RegExp(`${role} (\\d+)`).exec(ready)?.[1]);
  assert.ok(victim > 0, ready);
  await untilLoadConnected(readyPort(ready), 10);
  process.kill(victim, 'SIGKILL');
  const result = await child.result;
  const report = writtenReport(result.stderr);
  const markdownFile = /report written to (.+\.md)/.exec(result.stderr)?.[1];
  assert.ok(markdownFile, result.stderr);
  return { result, report, pids, victim, markdown: readFileSync(markdownFile, 'utf8') };
}

describe('a process that dies during a trial', () => {
  test('single: the instance killed with SIGKILL is on the timeline, fails process-exited, explains the errors, and the next workload says it ran without it; exit 1; nothing left', async () => {
    const { result, report, pids, victim, markdown } = await killDuringTrial([fixtureScenario('single-two-workloads.ts')], 'instance');
    assert.equal(result.code, 1, result.stderr);
    const [trial, next] = report.trials;
    const [exit, ...more] = exitsOf(trial);
    assert.ok(trial && exit, JSON.stringify(trial?.events));
    assert.deepEqual(more, []);
    assert.deepEqual(
      { pid: exit.pid, role: exit.role, signal: exit.signal, code: exit.code, phase: exit.phase, during: exit.during, replacedBy: exit.replacedBy },
      { pid: victim, role: 'instance', signal: 'SIGKILL', code: null, phase: 'measured', during: null, replacedBy: null },
    );
    // killed after the connections were open, before the 2 s phase ended
    assert.ok(exit.atMs > 0 && exit.atMs < trial.phases.measured.durationMs, `at ${exit.atMs} ms`);
    // nothing listens after it: every later request is an error
    assert.ok(trial.requests.errors > 0, JSON.stringify(trial.requests));
    const verdict = trial.verdicts.find((entry) => entry.id === 'process-exited');
    assert.equal(verdict?.status, 'fail', JSON.stringify(trial.verdicts));
    assert.match(
      verdict.message,
      new RegExp(
        `^instance ${victim} was killed by SIGKILL [\\d.]+ m?s into the measured phase; .*errors? from then on are requests to a process that was gone$`,
      ),
    );
    const errors = trial.verdicts.find((entry) => entry.id === 'errors');
    assert.match(errors?.message ?? '', new RegExp(`— instance ${victim} was killed by SIGKILL`));
    const line = `instance ${victim} was killed by SIGKILL`;
    // named once, at the top, with the other failed checks
    assert.ok(result.stdout.includes(`- single on first: process-exited: ${line}`), result.stdout);
    assert.match(result.stdout, new RegExp(`\\nevents\\n  single  ${line} [\\d.]+ m?s into the measured phase\\n`));
    assert.match(markdown, new RegExp(`\\*\\*Events\\*\\*\\n\\n- \\*\\*single\\*\\*: ${line}`));
    assert.match(markdown, /❌ process-exited/);
    assert.match(result.stderr, /gate: Failed: \d+ verdicts\. \(each check is listed in the report on stdout\)/);
    // the next workload ran on the same deployment, without it: its trial says so
    assert.deepEqual(
      exitsOf(next).map((entry) => [entry.pid, entry.phase]),
      [[victim, 'before']],
    );
    assert.match(
      next?.verdicts.find((entry) => entry.id === 'process-exited')?.message ?? '',
      new RegExp(`^instance ${victim} was killed by SIGKILL before this trial began, and nothing took its place; `),
    );
    assert.deepEqual(alivePids(pids), []);
    assert.deepEqual(processesMentioning(fixedDelay), []);
  });

  test('proxy: nginx killed under its workers is on the timeline as the balancer, and fails the run; nothing left', { skip: nginxSkip }, async () => {
    const { result, report, pids, victim, markdown } = await killDuringTrial([fixtureScenario('proxy-demo.ts'), '--topology', 'proxy'], 'balancer');
    assert.equal(result.code, 1, result.stderr);
    const [trial] = report.trials;
    const exit = exitsOf(trial).find((entry) => entry.pid === victim);
    assert.ok(trial && exit, JSON.stringify(trial?.events));
    assert.deepEqual([exit.role, exit.signal, exit.phase, exit.during], ['balancer', 'SIGKILL', 'measured', null]);
    const verdict = trial.verdicts.find((entry) => entry.id === 'process-exited');
    assert.equal(verdict?.status, 'fail', JSON.stringify(trial.verdicts));
    assert.match(verdict.message, new RegExp(`^balancer ${victim} was killed by SIGKILL `));
    assert.ok(result.stdout.includes(`balancer ${victim} was killed by SIGKILL`), result.stdout);
    assert.ok(markdown.includes(`balancer ${victim} was killed by SIGKILL`));
    // nginx's workers outlive their master: they are stopped with its process group
    assert.deepEqual(alivePids(pids), []);
    assert.deepEqual(processesMentioning(demoEntry), []);
    assert.deepEqual(leftoverFolders('loadlab-nginx-'), []);
  });

  test("cluster: a worker killed by the scenario's kill-worker event reads as planned; the run passes", async () => {
    const result = await runCli(['run', fixtureScenario('events-cluster.ts'), '--duration', '2s', '--json', '--out', tempDir()]);
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout) as { trials: TrialResult[] };
    const [trial] = report.trials;
    const [event] = (trial?.events ?? []).filter(isTrialEvent);
    assert.ok(trial && event?.status === 'done', JSON.stringify(trial?.events));
    const [, killed, replacement] = /killed worker (\d+) \(SIGKILL\); the primary forked (\d+)/.exec(event.detail) ?? [];
    const exit = exitsOf(trial).find((entry) => entry.pid === Number(killed));
    assert.ok(exit, JSON.stringify(trial.events));
    assert.deepEqual(
      { role: exit.role, signal: exit.signal, during: exit.during, replacedBy: exit.replacedBy },
      { role: 'worker', signal: 'SIGKILL', during: 'kill-worker', replacedBy: { pid: Number(replacement), by: 'the cluster primary' } },
    );
    const verdict = trial.verdicts.find((entry) => entry.id === 'process-exited');
    assert.equal(verdict?.status, 'pass', JSON.stringify(trial.verdicts));
    assert.match(verdict.message, /as the scenario's events meant \(kill-worker\)/);
    assert.deepEqual(alivePids(trial.processes.map((info) => info.pid)), []);
    assert.deepEqual(processesMentioning(demoEntry), []);
  });
});
