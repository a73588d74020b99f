import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { RunReport } from '../../src/contract/run-report.js';
import { isTrialEvent, type TrialEvent, type TrialResult } from '../../src/contract/trial.js';
import {
  alivePids,
  fixtureScenario,
  leftoverFolders,
  processesMentioning,
  runCli,
  startCli,
  tempDir,
  waitForOutput,
  writtenReport,
  demoEntry,
} from '../helpers/cli.js';
import { descendantsOf } from '../helpers/process-tree.js';

async function runJson(args: string[]): Promise<RunReport> {
  const result = await runCli(['run', ...args, '--json', '--out', tempDir()]);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout) as RunReport;
}

/** The scenario's events on the trial's timeline, without the processes' exits. */
function plannedEvents(trial: TrialResult): TrialEvent[] {
  return (trial.events ?? []).filter(isTrialEvent);
}

function workerPids(trial: TrialResult): number[] {
  return trial.processes.filter((info) => info.role === 'worker').map((info) => info.pid);
}

/** The event's figures are the series' own: its errors are those of the seconds it names. */
function assertImpactMatchesSeries(trial: TrialResult): void {
  const impact = plannedEvents(trial)[0]?.impact;
  assert.ok(impact, JSON.stringify(trial.events));
  const seconds = trial.series.filter((point) => point.t >= impact.fromS && point.t <= impact.toS);
  assert.ok(seconds.length > 0);
  assert.equal(
    impact.errors,
    seconds.reduce((sum, point) => sum + point.errors, 0),
  );
  const answered = seconds.flatMap((point) => (point.rps > 0 && point.p99Ms !== null ? [point.p99Ms] : []));
  assert.equal(impact.p99DuringMs, answered.length > 0 ? Math.max(...answered) : null);
}

describe('events: kill-worker', () => {
  test('cluster × 2: a worker SIGKILLed at 1 s is replaced under load; the load goes on; nothing left', async () => {
    const report = await runJson([fixtureScenario('events-cluster.ts')]);
    const [trial] = report.trials;
    assert.ok(trial);
    const [event] = plannedEvents(trial);
    assert.ok(event, 'the trial records its event');
    assert.equal(event.action, 'kill-worker');
    assert.equal(event.status, 'done', event.detail);
    assert.equal(event.atMs, 1000);
    assert.ok(event.startedMs !== null && event.startedMs >= 1000 && event.startedMs < 1500, `started at ${event.startedMs} ms`);
    assert.ok(event.endedMs !== null && event.endedMs > event.startedMs, `ended at ${event.endedMs} ms`);
    const [, killed, replacement] = /killed worker (\d+) \(SIGKILL\); the primary forked (\d+)/.exec(event.detail) ?? [];
    assert.ok(killed && replacement, event.detail);
    // three workers seen: the two it started with and the replacement
    assert.equal(workerPids(trial).length, 3, JSON.stringify(trial.processes));
    assert.ok(workerPids(trial).includes(Number(replacement)));
    assert.ok(workerPids(trial).includes(Number(killed)));
    assert.ok((trial.series.at(-1)?.rps ?? 0) > 0, 'still serving at the end');
    assertImpactMatchesSeries(trial);
    assert.ok(
      report.summary?.some((line) => line.startsWith('cluster on io: kill-worker at 1 s took ')),
      JSON.stringify(report.summary),
    );
    assert.deepEqual(alivePids(trial.processes.map((info) => info.pid)), []);
    assert.deepEqual(processesMentioning(demoEntry), []);
  });
});

describe('events: open model', () => {
  test('--rate 200: the kill lands 1 s into the measured phase; the pacer keeps the rate through it; nothing left', async () => {
    const report = await runJson([fixtureScenario('events-cluster.ts'), '--rate', '200']);
    const [trial] = report.trials;
    assert.ok(trial);
    assert.equal(trial.load.model, 'open');
    const [event] = plannedEvents(trial);
    assert.ok(event);
    assert.equal(event.status, 'done', event.detail);
    assert.ok(event.startedMs !== null && event.startedMs >= 1000 && event.startedMs < 1500, `started at ${event.startedMs} ms`);
    assert.match(event.detail, /^killed worker \d+ \(SIGKILL\); the primary forked \d+ in its place$/);
    // requests start on their schedule whatever the server does: a lost one is an error, never a gap
    assert.ok(trial.requests.rps >= 190, `achieved ${trial.requests.rps} req/s of 200`);
    assert.equal(trial.requests.dropped, 0);
    assertImpactMatchesSeries(trial);
    assert.deepEqual(alivePids(trial.processes.map((info) => info.pid)), []);
    assert.deepEqual(processesMentioning(demoEntry), []);
  });
});

describe('events: reload', () => {
  let report: RunReport;
  const trialOf = (topology: string) => {
    const found = report.trials.find((trial) => trial.topology === topology);
    assert.ok(found, `no ${topology} trial`);
    return found;
  };
  before(async () => {
    report = await runJson([fixtureScenario('events-reload.ts')]);
  });

  test('cluster: done, every worker replaced one at a time, the detail says so', () => {
    const trial = trialOf('cluster');
    const [event] = plannedEvents(trial);
    assert.ok(event);
    assert.equal(event.status, 'done', event.detail);
    const [, before, after] = /replaced every worker one at a time \(([\d, ]+) → ([\d, ]+)\)/.exec(event.detail) ?? [];
    assert.ok(before && after, event.detail);
    const old = before.split(', ').map(Number);
    const fresh = after.split(', ').map(Number);
    assert.equal(old.length, 2);
    assert.equal(fresh.length, 2);
    assert.deepEqual(
      fresh.filter((pid) => old.includes(pid)),
      [],
    );
    assert.deepEqual([...workerPids(trial)].sort(), [...old, ...fresh].sort());
    assertImpactMatchesSeries(trial);
  });

  test('pm2: done, every worker replaced; the errors during it are recorded and match the series', () => {
    const trial = trialOf('pm2');
    const [event] = plannedEvents(trial);
    assert.ok(event);
    assert.equal(event.status, 'done', event.detail);
    assert.match(event.detail, /^PM2 reloaded \(one worker at a time\): every worker replaced/);
    assert.ok(workerPids(trial).length >= 4, JSON.stringify(trial.processes));
    assertImpactMatchesSeries(trial);
    assert.ok(
      report.summary?.some((line) => /^pm2 on io: reload at 1 s took .*; \d+ errors?; /.test(line)),
      JSON.stringify(report.summary),
    );
  });

  test('single cannot reload: the unscoped event is skipped with the reason, the trial runs', () => {
    const trial = trialOf('single');
    assert.deepEqual(trial.events, [
      { action: 'reload', atMs: 1000, startedMs: null, endedMs: null, status: 'skipped', detail: "'reload' is not supported by topology 'single' (single)" },
    ]);
    assert.ok(trial.requests.total > 0);
  });

  test('nothing is left of any deployment', () => {
    assert.deepEqual(alivePids(report.trials.flatMap((trial) => trial.processes.map((info) => info.pid))), []);
    assert.deepEqual(processesMentioning(demoEntry), []);
  });
});

describe('events: a bad scenario', () => {
  test('an event scoped to a topology that cannot do it: exit 2, one line naming events[0].action', async () => {
    const result = await runCli(['run', fixtureScenario('events-unsupported.ts'), '--out', tempDir()]);
    assert.equal(result.code, 2, result.stderr);
    const lines = result.stderr.split('\n').filter((line) => line.includes('events['));
    assert.equal(lines.length, 1, result.stderr);
    assert.ok(
      lines[0]?.endsWith("events-unsupported.ts: events[0].action: 'reload' is not supported by topology 'single' (single); supported by cluster, pm2"),
      lines[0],
    );
  });
});

/**
 * Waits until `parent` (the cluster's primary, PM2's daemon) has a Node process among its
 * descendants that it did not have before: a new worker. Only Node: PM2's daemon also runs
 * `df` and `ps` for its own figures.
 */
async function untilNewWorker(parent: number, timeoutMs: number): Promise<void> {
  const workers = () => descendantsOf(parent).filter((found) => /(^|\/)node /.test(found.cmdline));
  const before = new Set(workers().map((found) => found.pid));
  const deadline = Date.now() + timeoutMs;
  while (!workers().some((found) => !before.has(found.pid))) {
    assert.ok(Date.now() < deadline, `no new worker of ${parent} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('events: interruption', () => {
  // warm-up 500 ms, the reload at 1 s into the measured phase; each takes a second or more to replace two workers
  for (const { topology, leftovers } of [
    { topology: 'cluster', leftovers: [] },
    // a pm2 call after the controller let go of its daemon would launch a new, unowned one
    { topology: 'pm2', leftovers: ['loadlab-pm2-'] },
  ]) {
    test(`SIGINT while a ${topology} reload runs: exit 130, the event recorded as unfinished, nothing left`, async () => {
      const child = startCli(['run', fixtureScenario('events-reload.ts'), '--topology', topology, '--out', tempDir()]);
      const ready = await waitForOutput(child, 'stderr', (text) => text.includes(`${topology} ready at`), 20_000);
      // not a fixed pause: the load begins after the response sample, which took 300 ms more on a
      // busy CI run, and the SIGINT came before the reload. A reload's first act is a new worker.
      const parent = Number(/ready at .*\((?:primary|daemon) (\d+)/.exec(ready)?.[1]);
      assert.ok(parent > 0, ready);
      await untilNewWorker(parent, 15_000);
      child.kill('SIGINT');
      const result = await child.result;
      assert.equal(result.code, 130, result.stderr);
      const report = writtenReport(result.stderr);
      assert.equal(report.interrupted, true);
      const event = (report.trials[0]?.events ?? []).filter(isTrialEvent)[0];
      assert.ok(event?.startedMs !== null && event?.startedMs !== undefined, JSON.stringify(event));
      assert.equal(event.endedMs, null, JSON.stringify(event));
      assert.match(event.detail, /interrupted/);
      await new Promise((resolve) => setTimeout(resolve, 500));
      for (const prefix of leftovers) {
        assert.deepEqual(processesMentioning(prefix), []);
        assert.deepEqual(leftoverFolders(prefix), []);
      }
      assert.deepEqual(alivePids(report.trials.flatMap((trial) => trial.processes.map((info) => info.pid))), []);
      assert.deepEqual(processesMentioning(demoEntry), []);
    });
  }
});

describe('events: capacity', () => {
  test('a capacity search does not run the events and says so; nothing left', async () => {
    const result = await runCli([
      'capacity',
      fixtureScenario('events-cluster.ts'),
      '--start-rps',
      '50',
      '--max-steps',
      '1',
      '--step-duration',
      '500ms',
      '--step-warmup',
      '0',
      '--no-probes',
      '--format',
      'json',
      '--out',
      tempDir(),
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /^capacity: the scenario's 1 event\(s\) are not run; `loadlab run` runs them$/m);
    assert.doesNotMatch(result.stderr, /kill-worker/);
    assert.deepEqual(processesMentioning(demoEntry), []);
  });
});
