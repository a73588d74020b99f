import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, describe, test } from 'node:test';
import { findFreePort } from '../../src/deploy/free-port.js';
import type { CapacityReport } from '../../src/contract/capacity-report.js';
import { fixtureScenario, processesMentioning, runCli, startCli, tempDir, writtenReport } from '../helpers/cli.js';
import { validateManifest } from '../helpers/kubernetes-schema.js';

const prometheusBinary = '/usr/bin/prometheus';
const prometheusSkip = existsSync(prometheusBinary) ? false : `${prometheusBinary} is not installed (apt-get install prometheus; .ci/run installs it)`;
const demo = fixtureScenario('demo-both.ts');

/** A real Prometheus on 127.0.0.1 that scrapes `target` every second, with its own config and data folder. */
async function startPrometheus(target: string): Promise<{ child: ChildProcess; api: string }> {
  const folder = tempDir('loadlab-prometheus-');
  const config = join(folder, 'prometheus.yml');
  writeFileSync(
    config,
    [
      'global:',
      '  scrape_interval: 1s',
      '  scrape_timeout: 1s',
      'scrape_configs:',
      '  - job_name: loadlab',
      '    static_configs:',
      `      - targets: ['${target}']`,
      '',
    ].join('\n'),
  );
  const port = await findFreePort();
  const child = spawn(
    prometheusBinary,
    [`--config.file=${config}`, `--storage.tsdb.path=${join(folder, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    log += chunk;
  });
  const api = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  while (
    !(await fetch(`${api}/-/ready`).then(
      (response) => response.ok,
      () => false,
    ))
  ) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`prometheus did not become ready:\n${log}`);
    await sleep(100);
  }
  return { child, api };
}

/** An instant query's values, by the labels asked for in `by` (a single value under ''). */
async function query(api: string, expression: string): Promise<number[]> {
  const response = await fetch(`${api}/api/v1/query?query=${encodeURIComponent(expression)}`);
  const body = (await response.json()) as { status: string; data: { result: { value: [number, string] }[] } };
  assert.equal(body.status, 'success', JSON.stringify(body));
  return body.data.result.map((entry) => Number(entry.value[1]));
}

/** Polls a query until it gives `expected` (Prometheus ingests the last scrape a moment after it), or gives what it last gave. */
async function queryUntil(api: string, expression: string, expected: number): Promise<number[]> {
  let values: number[] = [];
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await sleep(250)) {
    values = await query(api, expression);
    if (values.length === 1 && values[0] === expected) break;
  }
  return values;
}

/** Serving live metrics at `port`, lingering for the last scrape; the JSON report into the folder that follows. */
function servedAt(port: number): string[] {
  return ['--prometheus', `127.0.0.1:${port}`, '--prometheus-linger', '10s', '--format', 'json', '--out'];
}

const stopped: ChildProcess[] = [];
after(() => {
  for (const child of stopped) if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
});

describe('--prometheus', () => {
  test(
    "a real Prometheus scrapes a run (2 generator threads): its query API gives the run's request count, latency count and the probed processes",
    { skip: prometheusSkip },
    async () => {
      const metricsPort = await findFreePort();
      const prometheus = await startPrometheus(`127.0.0.1:${metricsPort}`);
      stopped.push(prometheus.child);
      try {
        const out = tempDir();
        const result = await runCli(['run', demo, '--topology', 'single', '--generators', '2', '--duration', '2s', ...servedAt(metricsPort), out]);
        assert.ok(result.code === 0 || result.code === 1, result.stderr);
        assert.match(result.stderr, new RegExp(`^metrics for Prometheus at http://127\\.0\\.0\\.1:${metricsPort}/metrics$`, 'm'));
        const [trial] = writtenReport(result.stderr).trials;
        assert.ok(trial && trial.requests.total > 100, 'the run answered requests');
        // the series went stale when loadlab stopped serving: their last values, over the last minutes
        const answered = await queryUntil(
          prometheus.api,
          'sum(max_over_time(loadlab_requests_total{topology="single",workload="hello",request="GET /",status=~"[0-9]+"}[5m]))',
          trial.requests.total,
        );
        assert.deepEqual(answered, [trial.requests.total], "Prometheus's count of answered requests is the report's");
        assert.deepEqual(await query(prometheus.api, 'sum(max_over_time(loadlab_request_duration_seconds_count[5m]))'), [trial.requests.total]);
        assert.deepEqual(await query(prometheus.api, 'sum(max_over_time(loadlab_requests_total{status!~"[0-9]+"}[5m])) or vector(0)'), [trial.requests.errors]);
        const instance = trial.processes.find((info) => info.role === 'instance');
        const rss = await query(
          prometheus.api,
          `max_over_time(loadlab_process_resident_memory_bytes{topology="single",role="instance",pid="${instance?.pid}"}[5m])`,
        );
        assert.equal(rss.length, 1, 'the instance was probed while Prometheus scraped');
        assert.ok((rss[0] ?? 0) > 10 * 2 ** 20, `an RSS of a Node process: ${rss[0]}`);
        assert.deepEqual(processesMentioning(demo), [], 'loadlab left nothing behind');
      } finally {
        if (prometheus.child.pid !== undefined) process.kill(prometheus.child.pid, 'SIGTERM');
        await new Promise((resolve) => (prometheus.child.exitCode === null ? prometheus.child.once('exit', resolve) : resolve(undefined)));
      }
    },
  );

  test("loadlab capacity --prometheus: each step served live as a trial of its topology and workload; the counts are the steps' answers", async () => {
    const metricsPort = await findFreePort();
    const child = startCli(
      [
        'capacity',
        fixtureScenario('cpu-bound.ts'),
        '--topology',
        'single',
        '--start-rps',
        '100',
        '--max-steps',
        '2',
        '--step-duration',
        '1s',
        '--step-warmup',
        '0',
        '--confirm',
        '0',
        '--no-probes',
        ...servedAt(metricsPort),
        tempDir(),
      ],
      { env: { FIXTURE_CPU_MS: '1' } },
    );
    let ended = false;
    const result = child.result.finally(() => (ended = true));
    // scraped as Prometheus would, until loadlab ends: it lingers for a scrape after the search, the last one read
    let exposition = '';
    const offered = new Set<string>();
    while (!ended) {
      exposition = await fetch(`http://127.0.0.1:${metricsPort}/metrics`).then(
        (response) => response.text(),
        () => exposition,
      );
      for (const match of exposition.matchAll(/^loadlab_offered_requests_per_second\{topology="single",workload="cpu"\} (\S+)$/gm)) offered.add(match[1] ?? '');
      await sleep(150);
    }
    const { code, stderr } = await result;
    assert.equal(code, 0, stderr);
    const file = /report written to (.+\.json)/.exec(stderr)?.[1];
    assert.ok(file, stderr);
    const report = JSON.parse(readFileSync(file, 'utf8')) as CapacityReport;
    const steps = report.results.flatMap((entry) => entry.steps);
    assert.equal(steps.length, 2);
    const counted = [...exposition.matchAll(/^loadlab_requests_total\{topology="single",workload="cpu",request="GET \/",status="[^"]+"\} (\d+)$/gm)];
    assert.ok(counted.length > 0, exposition);
    assert.equal(
      counted.reduce((sum, match) => sum + Number(match[1]), 0),
      steps.reduce((sum, step) => sum + step.responses + step.errors, 0),
      "the live counts are the steps' answers",
    );
    assert.ok(
      [...offered].some((rate) => steps.some((step) => Number(rate) === step.targetRps)),
      `a scrape during a step saw its rate offered: ${[...offered].join(', ')}`,
    );
    assert.doesNotMatch(exposition, /^loadlab_offered_requests_per_second\{/m, "the search over: no step's gauge");
  });

  test('a port in use: exit 2 before anything starts, naming the port', async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    try {
      const result = await runCli(['run', demo, '--prometheus', `127.0.0.1:${port}`, '--format', 'json', '--out', tempDir()]);
      assert.equal(result.code, 2);
      assert.equal(result.stderr, `--prometheus 127.0.0.1:${port}: port ${port} is in use; choose another port\n`);
    } finally {
      taken.close();
    }
  });

  test('an address other machines reach, without --allow-remote: exit 2, one line', async () => {
    const result = await runCli(['run', demo, '--prometheus', '0.0.0.0:9464', '--format', 'json', '--out', tempDir()]);
    assert.equal(result.code, 2);
    assert.equal(
      result.stderr,
      "--prometheus 0.0.0.0:9464: 0.0.0.0 is not a loopback address, so other machines could read the run's metrics; pass --allow-remote to mean it\n",
    );
  });

  test('not host:port: exit 2 with what was expected', async () => {
    const result = await runCli(['run', demo, '--prometheus', 'localhost:http']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--prometheus <host:port>' argument 'localhost:http' is invalid\. expected host:port such as 127\.0\.0\.1:9464/);
  });

  test('loadlab k8s --prometheus 9464: the Job carries the scrape annotations and the shards serve on the pod address; valid for the Kubernetes API', async () => {
    const out = tempDir();
    const result = await runCli([
      'k8s',
      fixtureScenario('k8s-shards.mjs'),
      '--shards',
      '3',
      '--url',
      'http://127.0.0.1:8080',
      '--prometheus',
      '9464',
      '--out',
      out,
    ]);
    assert.equal(result.code, 0, result.stderr);
    const job = JSON.parse(readFileSync(join(out, 'loadlab-k8s-shards-job.json'), 'utf8')) as {
      spec: { template: { metadata: { annotations: Record<string, string> }; spec: { containers: { args: string[]; ports?: unknown[] }[] } } };
    };
    validateManifest(job);
    const { annotations } = job.spec.template.metadata;
    assert.deepEqual([annotations['prometheus.io/scrape'], annotations['prometheus.io/port'], annotations['prometheus.io/path']], ['true', '9464', '/metrics']);
    const args = job.spec.template.spec.containers[0]?.args ?? [];
    assert.equal(args[args.indexOf('--prometheus') + 1], '0.0.0.0:9464');
    const refused = await runCli(['k8s', fixtureScenario('k8s-shards.mjs'), '--shards', '3', '--url', 'http://127.0.0.1:8080', '--prometheus', '0']);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /--prometheus <port>' argument '0' is invalid\. expected a port from 1 to 65535, found '0'/);
  });
});
