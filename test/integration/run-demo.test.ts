import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { request } from 'undici';
import type { RunReport } from '../../src/contract/run-report.js';
import { ProcessOwner } from '../../src/deploy/processes.js';
import { cluster } from '../../src/deploy/topologies/cluster.js';
import { single } from '../../src/deploy/topologies/single.js';
import {
  alivePids,
  assertJudged,
  fixtureScenario,
  processesMentioning,
  reportFiles,
  runCli,
  startCli,
  tempDir,
  waitForOutput,
  writtenReport,
  demoEntry,
  readyPort,
  repoRoot,
} from '../helpers/cli.js';
import { untilLoadConnected } from '../helpers/process-tree.js';

describe('the demo app in single and cluster topologies', () => {
  test('both serve under load, the cluster knows its workers, and nothing is left afterwards', async () => {
    const out = tempDir();
    const result = await runCli(['run', fixtureScenario('demo-both.ts'), '--json', '--out', out]);
    const report = JSON.parse(result.stdout) as RunReport;
    assertJudged(result, report);
    assert.deepEqual(
      report.trials.map((trial) => trial.topology),
      ['single', 'cluster'],
    );
    for (const trial of report.trials) {
      assert.ok(trial.requests.rps > 0, `${trial.topology} rps ${trial.requests.rps}`);
      assert.equal(trial.requests.errors, 0);
    }
    const [single, cluster] = report.trials;
    assert.deepEqual(
      single?.processes.map((info) => info.role),
      ['instance'],
    );
    const workers = cluster?.processes.filter((info) => info.role === 'worker') ?? [];
    const primaries = cluster?.processes.filter((info) => info.role === 'primary') ?? [];
    assert.equal(workers.length, 2, JSON.stringify(cluster?.processes));
    assert.equal(primaries.length, 1);
    assert.equal(new Set(workers.map((info) => info.pid)).size, 2);
    const comparison = report.comparisons.find((item) => item.topology === 'cluster');
    assert.ok(comparison && comparison.throughputRatio !== null);
    assert.ok(Math.abs(comparison.throughputRatio - (cluster?.requests.rps ?? 0) / (single?.requests.rps ?? 1)) < 1e-9);
    // Analysis ran on real figures: every rule judged every trial, and the summary is in plain words.
    const ids = [
      'slo-p50',
      'slo-p99',
      'scale-cpu',
      'scale-latency',
      'scale-memory',
      'memory-growth',
      'scale-connections',
      'event-loop',
      'errors',
      'client-bottleneck',
    ];
    for (const trial of report.trials) {
      assert.deepEqual(
        trial.verdicts.map((verdict) => verdict.id),
        // balance only where there is more than one process to spread the work over
        trial.instances > 1 ? [...ids, 'balance'] : ids,
      );
      for (const verdict of trial.verdicts) assert.ok(['pass', 'warn', 'fail', 'no-data'].includes(verdict.status), JSON.stringify(verdict));
      assert.equal(trial.verdicts.find((verdict) => verdict.id === 'errors')?.status, 'pass');
      // The probes and the agent ran, so the CPU, memory and event-loop rules had data.
      for (const id of ['scale-cpu', 'scale-memory', 'event-loop']) assert.notEqual(trial.verdicts.find((verdict) => verdict.id === id)?.status, 'no-data', id);
    }
    assert.deepEqual(comparison.parity, { ok: true, differences: [] });
    // the outcome first, then the comparison in plain words
    assert.equal(report.summary?.[0], report.outcome?.headline);
    assert.match(report.summary?.[1] ?? '', /^On \w+, cluster \(2 workers\) (served [\d.]+× the requests of single|made no difference against single)/);
    assert.equal(report.environment.memoryLimitSource === 'cgroup' || report.environment.memoryLimitSource === 'physical', true);

    const allPids = report.trials.flatMap((trial) => trial.processes.map((info) => info.pid));
    assert.deepEqual(alivePids(allPids), [], 'every process loadlab started has ended');
    assert.deepEqual(processesMentioning(demoEntry), []);
  });

  test('memory-growth: 64 KiB kept a request warns within 2.5 s, naming the instance once', async () => {
    const result = await runCli(['run', fixtureScenario('demo-leak.ts'), '--json', '--out', tempDir()]);
    const report = JSON.parse(result.stdout) as RunReport;
    assertJudged(result, report);
    const [trial] = report.trials;
    assert.ok(trial && trial.requests.total > 0, result.stderr);
    const growth = trial.verdicts.find((verdict) => verdict.id === 'memory-growth');
    assert.equal(growth?.status, 'warn', JSON.stringify(growth));
    const [instance] = trial.processes;
    assert.match(growth.message, /^instance \(pid \d+\): RSS grows [\d.]+ MiB\/s \(at least [\d.]+ MiB\/s; .*a leak or a cache without bound/);
    assert.equal(growth.message.split(`pid ${instance?.pid}`).length - 1, 1, 'named once');
    assert.deepEqual(processesMentioning(demoEntry), []);
  });

  test('the shipped scenario, as issue 2 runs it: tables, charts and a summary on stdout, reports in the out folder', async (t) => {
    const out = tempDir();
    const startedAt = performance.now();
    const result = await runCli(['run', 'scenarios/cluster-vs-single.ts', '--duration', '2s', '--warmup', '0', '--out', out]);
    const elapsedMs = performance.now() - startedAt;
    t.diagnostic(`scenarios/cluster-vs-single.ts with --duration 2s --warmup 0 took ${(elapsedMs / 1000).toFixed(1)} s`);

    const stdout = result.stdout;
    for (const workload of ['cpu', 'io']) {
      assert.match(stdout, new RegExp(`^${workload} · 50 connections, 2 s measured`, 'm'), `a table heading for ${workload}`);
      assert.match(stdout, new RegExp(`^On ${workload}, cluster \\(\\d+ workers?\\) (served|made no difference)`, 'm'), `a summary line for ${workload}`);
    }
    for (const border of ['┌', '┬', '┐', '├', '┼', '┤', '└', '┴', '┘', '│']) assert.ok(stdout.includes(border), `cli-table3 border ${border}`);
    // Two asciichart charts (rps and p99) per workload, each heading followed by its ┤ axis.
    assert.equal(stdout.match(/^(rps|p99) over the measured phase.*\n +[^┤\n]+ ┤/gm)?.length, 4, stdout);

    const [jsonFile, ...others] = reportFiles(out);
    assert.ok(jsonFile, `a JSON report in ${out}`);
    assert.deepEqual(others, []);
    assert.equal(reportFiles(out, '.md').length, 1);
    assert.equal(reportFiles(out, '.html').length, 1);
    const report = JSON.parse(readFileSync(jsonFile, 'utf8')) as RunReport;
    assert.equal(report.schema, 'loadlab/run@1');
    // 50 connections on /cpu miss the 150 ms p99 target on 2 cores: the run may fail its SLO, and says so
    assertJudged(result, report);
    assert.deepEqual(report.trials.map((trial) => `${trial.topology} × ${trial.workload}`).sort(), [
      'cluster × cpu',
      'cluster × io',
      'single × cpu',
      'single × io',
    ]);
    for (const trial of report.trials) assert.ok(trial.requests.rps > 0, `${trial.topology} × ${trial.workload} rps ${trial.requests.rps}`);
    assert.deepEqual(
      report.summary?.filter((line) => !stdout.includes(line)),
      [],
      "the report's summary is the one printed",
    );

    const allPids = report.trials.flatMap((trial) => trial.processes.map((info) => info.pid));
    assert.deepEqual(alivePids(allPids), []);
    assert.deepEqual(processesMentioning(demoEntry), []);
    // The acceptance's 20 s is measured (12–16 s on the project's 2-core machine), not gated:
    // speed targets are benchmarks in this project. 30 s leaves room on a shared CI machine
    // while still catching a run that has become several times slower.
    assert.ok(elapsedMs < 30_000, `the run took ${Math.round(elapsedMs)} ms`);
  });

  test('threads or processes: the scenario at 1 s a trial answers the claim in its summary, and the threads show where the CPU went', async (t) => {
    const out = tempDir();
    const startedAt = performance.now();
    const result = await runCli(['run', 'scenarios/threads-vs-processes.ts', '--duration', '1s', '--warmup', '0', '--out', out]);
    t.diagnostic(`scenarios/threads-vs-processes.ts with --duration 1s --warmup 0 took ${((performance.now() - startedAt) / 1000).toFixed(1)} s`);
    const [jsonFile] = reportFiles(out);
    assert.ok(jsonFile, `a JSON report in ${out}`);
    const report = JSON.parse(readFileSync(jsonFile, 'utf8')) as RunReport;
    assertJudged(result, report);
    assert.deepEqual(report.trials.map((trial) => `${trial.topology} × ${trial.workload}`).sort(), [
      'cluster × cpu',
      'cluster × cpu-pool',
      'single × cpu',
      'single × cpu-pool',
    ]);
    for (const trial of report.trials) {
      assert.ok(trial.requests.rps > 0, `${trial.topology} × ${trial.workload} rps ${trial.requests.rps}`);
      assert.equal(trial.requests.errors + trial.requests.non2xx, 0, `${trial.topology} × ${trial.workload}`);
    }
    const claim = report.summary?.find((line) => line.startsWith('On cpu, one process with a worker pool'));
    assert.match(
      claim ?? '',
      /^On cpu, one process with a worker pool \(pool threads \d+%, main thread \d+%\) served [\d.]+× the inline single process at p99 .+, against [\d.]+× for cluster ×\d+ at p99 .+, [\d.]+× for cluster ×\d+ with a pool in each at p99 .+; memory .+ against .+ for cluster ×\d+: .+\.$/,
      report.summary?.join('\n'),
    );
    assert.ok(result.stdout.includes(claim ?? '?'), 'the claim is printed with the summary');
    // However busy the machine, the inline route's CPU is on the main thread and the pool's on the others
    const instance = (workload: string) => report.trials.find((trial) => trial.kind === 'single' && trial.workload === workload)?.probes.processes[0]?.threads;
    const [inline, pooled] = [instance('cpu'), instance('cpu-pool')];
    assert.ok(inline && pooled, 'threads were read');
    assert.ok(inline.main.mean > inline.others.mean, `inline: main ${inline.main.mean}, others ${inline.others.mean}`);
    assert.ok(pooled.others.mean > pooled.main.mean, `pool: main ${pooled.main.mean}, others ${pooled.others.mean}`);
    assert.ok(pooled.count > inline.count, `the pool's threads: ${pooled.count} threads against ${inline.count}`);
    assert.deepEqual(alivePids(report.trials.flatMap((trial) => trial.processes.map((info) => info.pid))), []);
    assert.deepEqual(processesMentioning(demoEntry), []);
  });

  test('SIGINT mid-run: exit 130, a report marked interrupted, nothing left running', async () => {
    const out = tempDir();
    const child = startCli(['run', fixtureScenario('demo-both.ts'), '--duration', '20s', '--warmup', '0', '--out', out, '--topology', 'cluster']);
    const progress = await waitForOutput(child, 'stderr', (text) => /cluster ready at .*worker \d+, worker \d+/.test(text), 15_000);
    const pids = [...progress.matchAll(/(?:primary|worker) (\d+)/g)].map((match) => Number(match[1]));
    assert.equal(pids.length, 3, progress);
    // the scenario's 10 connections
    await untilLoadConnected(readyPort(progress), 10);
    child.kill('SIGINT');
    const result = await child.result;
    assert.equal(result.code, 130, result.stderr);
    const report = writtenReport(result.stderr);
    assert.equal(report.interrupted, true);
    assert.equal(report.trials.length, 1);
    assert.ok((report.trials[0]?.phases.measured.durationMs ?? 0) < 10_000, 'the trial ended early');
    assert.ok((report.trials[0]?.requests.total ?? 0) > 0, 'what was measured is kept');
    assert.deepEqual(alivePids(pids), []);
    assert.deepEqual(processesMentioning(demoEntry), []);
  });
});

describe('the demo app', () => {
  test('/cpu-pool does the same work as /cpu, on its pool: the same digest', async () => {
    const owner = new ProcessOwner();
    try {
      const app = { entry: demoEntry, args: [], env: {}, readiness: '/health', startTimeoutMs: 10_000, runtime: 'node' as const, cwd: repoRoot };
      const deployment = await single.start({ name: 'single', kind: 'single', instances: 1, runtime: 'node' }, app, {
        owner,
        signal: new AbortController().signal,
        probeEnv: {},
      });
      const bodies = await Promise.all(
        ['/cpu', '/cpu-pool', '/cpu-pool'].map(async (path) => {
          const response = await request(`${deployment.url}${path}`);
          assert.equal(response.statusCode, 200, path);
          return response.body.text();
        }),
      );
      assert.equal(new Set(bodies).size, 1, bodies.join(' | '));
    } finally {
      await owner.stopAll();
    }
    assert.deepEqual(processesMentioning(demoEntry), []);
  });

  test('/cpu does the same work in every worker: the same digest from each (no per-process calibration)', async () => {
    const owner = new ProcessOwner();
    try {
      const app = { entry: demoEntry, args: [], env: {}, readiness: '/health', startTimeoutMs: 10_000, runtime: 'node' as const, cwd: repoRoot };
      const deployment = await cluster.start({ name: 'cluster', kind: 'cluster', instances: 2, runtime: 'node', schedulingPolicy: 'rr' }, app, {
        owner,
        signal: new AbortController().signal,
        probeEnv: {},
      });
      // a new connection each (reset): round robin hands them to the two workers in turn
      const bodies = new Set<string>();
      for (let index = 0; index < 10; index += 1) {
        const response = await request(`${deployment.url}/cpu`, { reset: true });
        assert.equal(response.statusCode, 200);
        bodies.add(await response.body.text());
      }
      assert.deepEqual(
        [...bodies].map((body) => body.replace(/[0-9a-f]{16}/, 'DIGEST')),
        ['cpu done DIGEST\n'],
      );
      assert.equal(bodies.size, 1, [...bodies].join(' | '));
    } finally {
      await owner.stopAll();
    }
    assert.deepEqual(processesMentioning(demoEntry), []);
  });
});
