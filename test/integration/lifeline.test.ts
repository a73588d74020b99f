import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { RunReport } from '../../src/contract/run-report.js';
import { findFreePort } from '../../src/deploy/free-port.js';
import { findOnPath } from '../../src/deploy/find-executable.js';
import { alivePids, fixtureScenario, startCli, tempDir, waitForOutput } from '../helpers/cli.js';
import { descendantsOf, listeningPortsOf, stillListening, type TreeProcess } from '../helpers/process-tree.js';

const nginxSkip = findOnPath('nginx') ? false : 'nginx is not installed (apt-get install nginx)';

interface Case {
  topology: string;
  /** The app for a start that never ends: its readiness never passes (through the balancer, for proxy). */
  hangingApp: string;
  /** Processes of the deployment once it is up (the lifeline not counted). */
  processes: number;
  skip?: string | false;
}

const cases: Case[] = [
  { topology: 'single', hangingApp: 'never-ready', processes: 1 },
  { topology: 'cluster', hangingApp: 'never-ready', processes: 3 },
  // the controller, the PM2 daemon (a session of its own) and 2 workers
  { topology: 'pm2', hangingApp: 'never-ready', processes: 4 },
  // 2 instances (ready on their own) and nginx's master and worker
  { topology: 'proxy', hangingApp: 'ready-once', processes: 4, skip: nginxSkip },
  { topology: 'external', hangingApp: 'never-ready', processes: 1 },
];

const isLifeline = (entry: TreeProcess) => entry.cmdline.includes('runtime/lifeline.cjs');
// tsx's transform service, a child of loadlab run from source only
const isEsbuild = (entry: TreeProcess) => entry.cmdline.includes('esbuild');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const loadlabFolders = (folder: string) => readdirSync(folder).filter((name) => name.startsWith('loadlab-'));

async function until(condition: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await sleep(100);
  }
}

/**
 * Starts loadlab on one topology, SIGKILLs it at `moment`, and returns what is left of
 * everything it had started (the lifeline included) 5 s later at most.
 */
async function killDuring(spec: Case, moment: 'start-up' | 'measured', measuredApp = 'fixed-delay') {
  // the run's own temporary folder: every loadlab-* folder in it is this run's
  const temporary = tempDir('ll-tmp-');
  const out = tempDir();
  const app = moment === 'start-up' ? spec.hangingApp : measuredApp;
  // in the measured phase of the second trial, once the first has finished: its report is kept
  const duration = moment === 'measured' ? '1500ms' : '30s';
  const child = startCli(['run', fixtureScenario('lifeline.ts'), '--topology', spec.topology, '--format', 'json', '--out', out], {
    env: { TMPDIR: temporary, LIFELINE_APP: app, LIFELINE_PORT: String(await findFreePort()), LIFELINE_DURATION: duration },
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  const root = child.pid ?? -1;
  const deployment = () => descendantsOf(root).filter((entry) => !isLifeline(entry) && !isEsbuild(entry));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  if (moment === 'measured') {
    await waitForOutput(child, 'stderr', (text) => / × first: [\d,.]+ req\/s, p50 /.test(text), 30_000);
    await sleep(700);
  } else {
    const started = () => deployment().length >= spec.processes && listeningPortsOf(deployment().map((entry) => entry.pid)).length > 0;
    await until(started, 30_000, () => `${spec.processes} processes, listening; have ${JSON.stringify(deployment())}`);
  }
  const tree = descendantsOf(root);
  const pids = tree.map((entry) => entry.pid);
  const ports = listeningPortsOf(pids);
  const folders = loadlabFolders(temporary);
  assert.ok(tree.some(isLifeline), `the lifeline runs: ${JSON.stringify(tree)}`);
  assert.ok(ports.length > 0, `the deployment listens: ${JSON.stringify(tree)}`);
  if (moment === 'start-up') assert.doesNotMatch(stderr, / ready at /, 'killed during the start');
  child.kill('SIGKILL');
  const killedAt = Date.now();
  assert.equal(await exited, 'SIGKILL');
  let left = { processes: pids, ports, folders };
  let cleanAfterMs = Number.NaN;
  while (Date.now() - killedAt < 5000) {
    left = { processes: alivePids(pids), ports: stillListening(ports), folders: loadlabFolders(temporary) };
    if (left.processes.length + left.ports.length + left.folders.length === 0) {
      cleanAfterMs = Date.now() - killedAt;
      break;
    }
    await sleep(50);
  }
  return { before: { tree, ports, folders }, left, cleanAfterMs, out, stderr };
}

describe('SIGKILL of loadlab: within 5 s nothing of its deployment is alive or listening, no temporary folder is left', () => {
  for (const spec of cases) {
    for (const moment of ['start-up', 'measured'] as const) {
      test(`${spec.topology}, during the ${moment === 'start-up' ? 'start' : 'measured phase'}`, { skip: spec.skip ?? false }, async (t) => {
        const { before, left, cleanAfterMs, out } = await killDuring(spec, moment);
        t.diagnostic(
          `${before.tree.length} processes, ports ${before.ports.join(' ')}, ${before.folders.length} folders: gone ${cleanAfterMs} ms after the kill`,
        );
        assert.ok(before.tree.length >= spec.processes + 1, JSON.stringify(before.tree));
        assert.ok(before.folders.length > 0, 'the deployment had made its folders');
        assert.deepEqual(left, { processes: [], ports: [], folders: [] }, `was running: ${JSON.stringify(before.tree, null, 1)}`);
        // the report of every finished trial is on disk, marked incomplete
        const kept = readdirSync(out).filter((name) => name.endsWith('.json'));
        if (moment === 'start-up') assert.deepEqual(kept, [], 'no trial finished, no report');
        else {
          assert.equal(kept.length, 1, `one report in ${out}: ${kept.join(', ')}`);
          const report = JSON.parse(readFileSync(join(out, kept[0] ?? ''), 'utf8')) as RunReport;
          assert.equal(report.complete, false);
          assert.deepEqual(
            report.trials.map((trial) => trial.workload),
            ['first'],
          );
        }
      });
    }
  }
});

describe('the lifeline', () => {
  test('an app that ignores SIGTERM: SIGKILL 2 s later, within the 5 s', async (t) => {
    const single = cases[0] as Case;
    const { before, left, cleanAfterMs } = await killDuring(single, 'measured', 'ignores-sigterm');
    t.diagnostic(`gone ${cleanAfterMs} ms after the kill`);
    assert.deepEqual(left, { processes: [], ports: [], folders: [] }, `was running: ${JSON.stringify(before.tree, null, 1)}`);
    assert.ok(cleanAfterMs >= 1900, `the app held on until the SIGKILL: ${cleanAfterMs} ms`);
  });

  test('after a normal run it holds nothing: it ends with loadlab, silently', async () => {
    const child = startCli(['run', fixtureScenario('lifeline.ts'), '--topology', 'single', '--duration', '500ms', '--out', tempDir()]);
    await waitForOutput(child, 'stderr', (text) => / ready at http/.test(text), 30_000);
    const lifeline = descendantsOf(child.pid ?? -1).filter(isLifeline);
    assert.equal(lifeline.length, 1);
    const result = await child.result;
    assert.equal(result.code, 0, result.stderr);
    assert.doesNotMatch(result.stderr, /loadlab lifeline/);
    assert.deepEqual(alivePids(lifeline.map((entry) => entry.pid)), []);
  });
});
