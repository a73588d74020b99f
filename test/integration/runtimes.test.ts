import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readlinkSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { RunReport } from '../../src/contract/run-report.js';
import { findOnPath } from '../../src/deploy/find-executable.js';
import { alivePids, assertJudged, fixtureScenario, leftoverFolders, processesMentioning, repoRoot, startCli, tempDir } from '../helpers/cli.js';

const bunBinary = join(repoRoot, 'node_modules/.bin/bun');
const bunRuns = spawnSync(bunBinary, ['--version'], { encoding: 'utf8' }).status === 0;
const bunSkip = bunRuns ? false : `bun (the devDependency, ${bunBinary}) does not run on this machine: the Bun tests cannot run`;
const nginxSkip = findOnPath('nginx') ? false : 'nginx is not installed (apt-get install nginx)';

/** The private folders of PM2, nginx and the probe agent that a deployment did not remove. */
function privateFoldersLeft(): string[] {
  return ['pm2', 'nginx', 'probe'].flatMap((prefix) => leftoverFolders(`loadlab-${prefix}-`));
}

interface Seen {
  cmdline: string;
  exe: string;
}

/**
 * Runs loadlab and, while it runs, notes every process it started (this file's tag) with its
 * command line and executable: after the run they are gone, and the report has only their pids.
 */
async function runWatched(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ report: RunReport; seen: Map<number, Seen>; stderr: string }> {
  const seen = new Map<number, Seen>();
  // a 1 s trial holds two samples at the default 500 ms: ten, to see each process work
  const child = startCli(['run', ...args, '--probe-interval', '100ms', '--json', '--out', tempDir()], { env });
  const watch = setInterval(() => {
    // the latest reading wins: a process just forked still shows its parent's command line
    for (const { pid, cmdline } of processesMentioning('')) {
      if (pid === child.pid || cmdline.trim() === '') continue;
      try {
        seen.set(pid, { cmdline, exe: readlinkSync(`/proc/${pid}/exe`) });
      } catch {
        // gone meanwhile
      }
    }
  }, 100);
  const result = await child.result;
  clearInterval(watch);
  const report = JSON.parse(result.stdout) as RunReport;
  // a busy machine may miss the SLO (exit 1): the run is judged, which is what matters here
  assertJudged(result, report);
  return { report, seen, stderr: result.stderr };
}

/**
 * Each trial served every request with 2xx from processes of the app run by `executable` (whose
 * command line matches `app`: PM2 retitles its workers 'node <entry>'), each of them served, and
 * the probes' figures are those processes': they used CPU and held the load's connections. Then
 * nothing is left: no process, no private folder.
 */
function assertServedBy(report: RunReport, seen: Map<number, Seen>, executable: string, app: RegExp): void {
  for (const trial of report.trials) {
    assert.ok(trial.requests.total > 0, `${trial.topology}: no request`);
    assert.equal(trial.requests.errors, 0, `${trial.topology}: errors`);
    assert.equal(trial.requests.non2xx, 0, `${trial.topology}: non-2xx`);
    const serving = trial.probes.processes.filter((probe) => probe.role === 'instance' || probe.role === 'worker');
    assert.equal(serving.length, trial.instances, `${trial.topology}: ${JSON.stringify(trial.processes)}`);
    for (const probe of serving) {
      const process = seen.get(probe.pid);
      assert.ok(process, `${trial.topology}: ${probe.role} ${probe.pid} was never seen running`);
      assert.equal(realpathSync(process.exe), realpathSync(executable), `${trial.topology}: ${probe.role} ${probe.pid} runs ${process.exe}`);
      assert.match(process.cmdline, app, `${trial.topology}: ${probe.role} ${probe.pid} is another process: ${process.cmdline}`);
      // every worker and instance served, PM2's as the cluster's: counted by the agent where it can
      // be; /proc counts CPU in 10 ms ticks, which a process serving a hundred requests of a 1 s
      // trial on a busy machine may not reach (Bun's servers cannot be counted: CPU there)
      const served = probe.requests ? probe.requests.total > 0 : (probe.cpu?.mean ?? 0) > 0;
      assert.ok(
        served,
        `${trial.topology}: ${probe.role} ${probe.pid} served nothing: ${JSON.stringify({ cpu: probe.cpu, connections: probe.connections, requests: probe.requests })}`,
      );
    }
    const cpu = serving.reduce((sum, probe) => sum + (probe.cpu?.mean ?? 0), 0);
    assert.ok(cpu > 0, `${trial.topology}: the serving processes used no CPU`);
    const connections = serving.reduce((sum, probe) => sum + (probe.connections?.max ?? 0), 0);
    assert.ok(connections > 0, `${trial.topology}: the serving processes held no connection`);
    assert.deepEqual(alivePids(trial.processes.map((info) => info.pid)), [], `${trial.topology}: left running`);
  }
  assert.deepEqual(alivePids([...seen.keys()]), [], 'every process loadlab started is gone');
  assert.deepEqual(privateFoldersLeft(), []);
}

describe('runtimes', () => {
  test('a TypeScript entry runs under tsx in single, cluster, PM2 and nginx; the figures are its processes, nothing left', { skip: nginxSkip }, async () => {
    const { report, seen } = await runWatched([fixtureScenario('runtimes-typescript.ts')]);
    assert.deepEqual(
      report.trials.map((trial) => trial.topology),
      ['single', 'cluster', 'pm2', 'proxy'],
    );
    // the Node running loadlab; tsx's loader from loadlab's own dependencies
    assert.ok(findOnPath('node'));
    assertServedBy(
      report,
      seen,
      findOnPath('node') ?? process.execPath,
      /tsx\/dist\/loader\.mjs .*typescript-app\/server\.ts|^node .*typescript-app\/server\.ts/,
    );
    for (const trial of report.trials) {
      const counted = trial.probes.processes.reduce((sum, probe) => sum + (probe.requests?.total ?? 0), 0);
      assert.ok(counted > 0.9 * trial.requests.total, `${trial.topology}: the agent counted ${counted} of ${trial.requests.total} requests`);
    }
  });

  test('a compiled app at dist/server.js runs in its project folder: its public/ page answers 2xx in single, cluster and PM2', async () => {
    const { report, seen } = await runWatched([fixtureScenario('runtimes-compiled.ts')]);
    assert.deepEqual(
      report.trials.map((trial) => trial.topology),
      ['single', 'cluster', 'pm2'],
    );
    assertServedBy(report, seen, findOnPath('node') ?? process.execPath, /compiled-app\/dist\/server\.js/);
  });

  test(
    'a Bun.serve app runs under Bun in single, cluster, PM2 and nginx; Bun cannot count requests and the report says so',
    { skip: bunSkip || nginxSkip },
    async () => {
      const { report, seen } = await runWatched([fixtureScenario('runtimes-bun.ts')]);
      assert.deepEqual(
        report.trials.map((trial) => trial.topology),
        ['single', 'cluster', 'pm2', 'proxy'],
      );
      // PM2's Bun workers keep the command line of its ProcessContainerBun, which loads the entry
      assertServedBy(report, seen, bunBinary, /bun-app\/server\.js|pm2\/lib\/ProcessContainerBun\.js/);
      for (const trial of report.trials) {
        assert.ok(
          trial.probes.unavailable.some((reason) => /under Bun/.test(reason)),
          `${trial.topology}: ${JSON.stringify(trial.probes.unavailable)}`,
        );
        const serving = trial.probes.processes.filter((probe) => probe.role === 'instance' || probe.role === 'worker');
        assert.ok(
          serving.every((probe) => probe.requests === null && probe.eventLoopDelayMs !== null),
          `${trial.topology}: event-loop delay from the agent, requests unknown rather than 0`,
        );
      }
    },
  );

  test("Node and Bun side by side: a topology's runtime overrides the app's", { skip: bunSkip }, async () => {
    const { report, seen } = await runWatched([fixtureScenario('runtimes-side-by-side.ts')], { LOADLAB_FAKE_LOAD: '{"latencyMs": 5}' });
    const [onNode, onBun] = report.trials;
    assert.ok(onNode && onBun);
    const exeOf = (trial: typeof onNode) => realpathSync(seen.get(trial.processes[0]?.pid ?? 0)?.exe ?? '/');
    assert.equal(exeOf(onNode), realpathSync(findOnPath('node') ?? process.execPath));
    assert.equal(exeOf(onBun), realpathSync(bunBinary));
    assert.deepEqual(alivePids([...seen.keys()]), []);
  });
});

describe('PM2 waits for every worker to listen', () => {
  // PM2 calls a worker online when it is forked (pm2/lib/God.js); this one listens 3 s later, as
  // a worker still compiling its entry would: a trial that began then gave it no connection
  test('a worker that listens 3 s after it is forked serves its share of a 1.5 s trial', async () => {
    const { report, seen } = await runWatched([fixtureScenario('pm2-slow-worker.ts')]);
    // PM2's title for a worker ('node <entry>') is cut at the length of the command line it replaces
    assertServedBy(report, seen, findOnPath('node') ?? process.execPath, /slow-worker-listen/);
    const [trial] = report.trials;
    assert.ok(trial);
    const served = trial.probes.processes.filter((probe) => probe.role === 'worker').map((probe) => probe.requests?.total ?? 0);
    assert.equal(served.length, 2);
    assert.ok(
      served.every((count) => count > 0.1 * trial.requests.total),
      `each worker served a share of ${trial.requests.total}: ${served.join(', ')}`,
    );
  });

  test('a worker that never listens ends the start within startTimeout, naming how many of the workers listened', async () => {
    const started = Date.now();
    const result = await startCli(['run', fixtureScenario('pm2-slow-worker.ts'), '--out', tempDir()], {
      env: { LOADLAB_TEST_SLOW_MS: '600000', LOADLAB_TEST_START_TIMEOUT: '8s' },
    }).result;
    assert.equal(result.code, 3, result.stderr);
    assert.match(result.stderr, /under PM2 did not listen in every worker within 8000 ms: only 1 of 2 PM2 workers listened on port \d+\n/);
    assert.doesNotMatch(result.stderr, /at .*\.js:\d+/, 'no stack trace of loadlab');
    assert.ok(Date.now() - started < 25_000, `took ${Date.now() - started} ms`);
    assert.deepEqual(processesMentioning('slow-worker-listen'), []);
    assert.deepEqual(privateFoldersLeft(), []);
  });

  test('Ctrl-C while loadlab waits for a worker that never listens: exit 130 at once, nothing left', async () => {
    const child = startCli(['run', fixtureScenario('pm2-slow-worker.ts'), '--out', tempDir()], {
      env: { LOADLAB_TEST_SLOW_MS: '600000', LOADLAB_TEST_START_TIMEOUT: '60s' },
    });
    // the daemon's note that the first worker listens: loadlab now waits for the second
    const notes = () => leftoverFolders('loadlab-pm2-').flatMap((home) => readdirOrNone(join(tmpdir(), home, 'listening')));
    const deadline = Date.now() + 30_000;
    while (notes().length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(notes().length, 1, 'the first worker listened');
    const interrupted = Date.now();
    child.kill('SIGINT');
    const result = await child.result;
    assert.equal(result.code, 130, result.stderr);
    assert.ok(Date.now() - interrupted < 15_000, `took ${Date.now() - interrupted} ms`);
    assert.deepEqual(processesMentioning('slow-worker-listen'), []);
    assert.deepEqual(processesMentioning('ProcessContainer'), []);
    assert.deepEqual(privateFoldersLeft(), []);
  });
});

function readdirOrNone(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}

describe('exit codes quoted right', () => {
  const cases = [
    { kind: 'cluster', server: 'exit-zero-at-start.js', quoted: 'exit code 0' },
    { kind: 'pm2', server: 'exit-at-start.js', quoted: 'exit code 3' },
  ];
  for (const { kind, server, quoted } of cases) {
    test(`${kind}: an app that exits at start is quoted with its own ${quoted}, long before its startTimeout`, async () => {
      const started = Date.now();
      const result = await startCli(['run', fixtureScenario('exit-under-topology.ts'), '--out', tempDir()], {
        env: { LOADLAB_TEST_KIND: kind, LOADLAB_TEST_SERVER: server },
      }).result;
      const elapsedMs = Date.now() - started;
      assert.equal(result.code, 3, result.stderr);
      assert.match(result.stderr, new RegExp(`exited during start with ${quoted}\\n`));
      assert.doesNotMatch(result.stderr, /at .*\.js:\d+/, 'no stack trace of loadlab');
      // the start timeout is 40 s: PM2's restart count, or the cluster primary, tells at once
      assert.ok(elapsedMs < 30_000, `took ${elapsedMs} ms`);
      assert.deepEqual(processesMentioning(server), []);
      assert.deepEqual(privateFoldersLeft(), []);
    });
  }

  test("PM2: NODE_OPTIONS that the daemon cannot load ends within startTimeout, quoting the daemon's error", async () => {
    const folder = tempDir();
    const scenario = join(folder, 'preload.mjs');
    writeFileSync(
      scenario,
      `export default ${JSON.stringify({
        app: { entry: join(repoRoot, 'examples/demo-app/server.js'), env: { NODE_OPTIONS: '--require loadlab-no-such-preload' }, startTimeout: '3s' },
        topologies: [{ kind: 'pm2', instances: 1 }],
        workloads: { hello: { requests: [{ path: '/' }] } },
      })};\n`,
    );
    const started = Date.now();
    const result = await startCli(['run', scenario, '--out', folder]).result;
    assert.equal(result.code, 3, result.stderr);
    assert.match(result.stderr, /did not start within 3000 ms/);
    assert.match(result.stderr, /Cannot find module 'loadlab-no-such-preload'/);
    assert.ok(Date.now() - started < 25_000, `took ${Date.now() - started} ms`);
    assert.deepEqual(processesMentioning('ProcessContainer'), []);
    assert.deepEqual(processesMentioning('pm2'), []);
    assert.deepEqual(privateFoldersLeft(), []);
  });

  test('PM2: a controller that cannot start says why, in one line', async () => {
    // loadlab runs where ./quiet.cjs resolves; PM2 runs in the app's project folder, where it does not
    const folder = tempDir();
    writeFileSync(join(folder, 'quiet.cjs'), '');
    const result = await startCli(['run', fixtureScenario('pm2-demo.ts'), '--out', folder], { cwd: folder, env: { NODE_OPTIONS: '--require ./quiet.cjs' } })
      .result;
    assert.equal(result.code, 3, result.stderr);
    assert.match(result.stderr, /under PM2 could not be started: the PM2 controller exited with exit code 1: Error: Cannot find module '\.\/quiet\.cjs'/);
    assert.deepEqual(privateFoldersLeft(), []);
  });

  test('a bad runtime is one line naming the file and the field, exit 2', async () => {
    const folder = tempDir();
    const scenario = join(folder, 'bad-runtime.mjs');
    writeFileSync(
      scenario,
      `export default ${JSON.stringify({ app: { entry: join(repoRoot, 'examples/demo-app/server.js'), runtime: 'deno' }, topologies: [{ kind: 'single' }], workloads: { hello: { requests: [{ path: '/' }] } } })};\n`,
    );
    const result = await startCli(['run', scenario, '--out', folder]).result;
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, new RegExp(`${scenario.replace(/[.]/g, '\\.')}.*app\\.runtime.*unknown value 'deno' \\(node, tsx, bun\\)`));
    assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
  });
});
