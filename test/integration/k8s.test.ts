import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import type { RunReport } from '../../src/contract/run-report.js';
import { cliPath, fixtureScenario, processesMentioning, repoRoot, runCli, tempDir } from '../helpers/cli.js';
import { startFixture, stopFixture, type Fixture } from '../helpers/fixture-server.js';
import { validateManifest } from '../helpers/kubernetes-schema.js';

const scenario = fixtureScenario('k8s-shards.mjs');
const job = 'loadlab-k8s-shards';

interface JobManifest {
  metadata: { name: string; namespace?: string };
  spec: {
    completions: number;
    template: {
      metadata: { annotations?: Record<string, string> };
      spec: {
        initContainers?: { image: string; command: string[] }[];
        containers: { image: string; command: string[]; args: string[] }[];
        volumes?: { configMap?: { name: string; items: { key: string; path: string }[] }; persistentVolumeClaim?: { claimName: string } }[];
      };
    };
  };
}

const readJson = <T>(file: string) => JSON.parse(readFileSync(file, 'utf8')) as T;

async function k8s(args: string[], folder = tempDir()): Promise<{ folder: string; code: number | null; stderr: string }> {
  const result = await runCli(['k8s', scenario, '--out', folder, ...args]);
  return { folder, code: result.code, stderr: result.stderr };
}

describe('loadlab k8s', () => {
  test('writes into --out a ConfigMap carrying the scenario and an Indexed Job, both valid for the Kubernetes API; refuses to overwrite them', async () => {
    for (const shards of [1, 16]) {
      const { folder, code, stderr } = await k8s(['--shards', String(shards), '--url', 'http://127.0.0.1:8080', '--duration', '30s', '--generators', '2']);
      assert.equal(code, 0, stderr);
      assert.deepEqual(readdirSync(folder).sort(), [`${job}-job.json`, `${job}-run.sh`, `${job}-scenario.json`]);
      const manifest = readJson<JobManifest>(join(folder, `${job}-job.json`));
      const configMap = readJson<{ data: Record<string, string> }>(join(folder, `${job}-scenario.json`));
      validateManifest(manifest);
      validateManifest(configMap);
      assert.equal(manifest.spec.completions, shards);
      assert.deepEqual(
        manifest.spec.template.metadata.annotations,
        { 'loadlab.dev/start-at': '' },
        'no start time is written: it is stamped when the Job is created',
      );
      assert.deepEqual(Object.values(configMap.data), [readFileSync(scenario, 'utf8')]);
      const [container] = manifest.spec.template.spec.containers;
      assert.equal(container?.image, 'node:22-slim');
      assert.deepEqual(
        manifest.spec.template.spec.initContainers?.[0]?.command.at(-1),
        `loadlab@${readJson<{ version: string }>(join(repoRoot, 'package.json')).version}`,
      );
      assert.deepEqual(container?.args, [
        'run',
        '/loadlab/scenario/k8s-shards.mjs',
        '--shard',
        `job/${shards}`,
        '--start-at',
        '$(LOADLAB_START_AT)',
        '--url',
        'http://127.0.0.1:8080',
        '--allow-remote',
        '--quiet',
        '--json',
        '--duration',
        '30000ms',
        '--generators',
        '2',
      ]);
      assert.ok(statSync(join(folder, `${job}-run.sh`)).mode & 0o100, 'the run script is executable');
      if (shards > 1) continue;
      const before = readFileSync(join(folder, `${job}-job.json`), 'utf8');
      const again = await k8s(['--shards', '2', '--url', 'http://127.0.0.1:8080'], folder);
      assert.equal(again.code, 2, again.stderr);
      assert.match(again.stderr, new RegExp(`--out ${folder}: ${job}-scenario\\.json is there already; loadlab k8s overwrites nothing`));
      assert.equal(readFileSync(join(folder, `${job}-job.json`), 'utf8'), before, 'nothing was overwritten');
    }
  });

  test('results on a volume, in your own image: every manifest valid, every pod and the merge mount the claim, no install step', async () => {
    for (const shards of [3, 16]) {
      const { folder, code, stderr } = await k8s([
        ...['--shards', String(shards), '--url', 'http://api.internal:8080', '--allow-remote'],
        ...['--results', 'volume:loadlab-results', '--namespace', 'perf', '--image', 'registry.example/loadlab:1'],
      ]);
      assert.equal(code, 0, stderr);
      const manifests = [`${job}-job.json`, `${job}-merge-job.json`].map((name) => readJson<JobManifest>(join(folder, name)));
      validateManifest(readJson(join(folder, `${job}-scenario.json`)));
      for (const manifest of manifests) {
        validateManifest(manifest);
        assert.equal(manifest.metadata.namespace, 'perf');
        assert.equal(manifest.spec.template.spec.initContainers, undefined);
        assert.deepEqual(manifest.spec.template.spec.containers[0]?.command, ['/loadlab/node_modules/.bin/loadlab']);
        assert.ok(manifest.spec.template.spec.volumes?.some((volume) => volume.persistentVolumeClaim?.claimName === 'loadlab-results'));
      }
      const [shardJob, merge] = manifests;
      const args = shardJob?.spec.template.spec.containers[0]?.args ?? [];
      assert.deepEqual(args.slice(args.indexOf('--out'), args.indexOf('--out') + 2), ['--out', `/results/${job}`]);
      assert.deepEqual(merge?.spec.template.spec.containers[0]?.args, ['merge', `/results/${job}`, '--out', `/results/${job}/report`]);
    }
  });

  test("a flow's test data travels with the scenario: its CSV in the ConfigMap, mounted where the scenario names it", async () => {
    const folder = tempDir();
    const flowScenario = fixtureScenario('k8s-flow/scenario.mjs');
    const result = await runCli(['k8s', flowScenario, '--out', folder, '--shards', '3', '--url', 'http://127.0.0.1:8080']);
    assert.equal(result.code, 0, result.stderr);
    const configMap = readJson<{ data: Record<string, string> }>(join(folder, 'loadlab-k8s-flow-scenario.json'));
    const manifest = readJson<JobManifest>(join(folder, 'loadlab-k8s-flow-job.json'));
    validateManifest(configMap);
    validateManifest(manifest);
    const csv = readFileSync(join(repoRoot, 'test/fixtures/scenarios/k8s-flow/data/users.csv'), 'utf8');
    const csvKey = Object.keys(configMap.data).find((key) => configMap.data[key] === csv);
    assert.ok(csvKey, `the CSV is not in the ConfigMap: ${Object.keys(configMap.data).join(', ')}`);
    const items = manifest.spec.template.spec.volumes?.find((volume) => volume.configMap)?.configMap?.items ?? [];
    assert.deepEqual(
      items.map((item) => item.path).sort(),
      ['data/users.csv', 'scenario.mjs'],
      'mounted as the files lie here, so that data/users.csv resolves beside the scenario',
    );
    assert.equal(items.find((item) => item.path === 'data/users.csv')?.key, csvKey);
  });

  test('refused before anything is written: a remote URL without --allow-remote, a bad name, bad results, a scenario importing a file beside it or too large for a ConfigMap', async () => {
    for (const [args, message] of [
      [['--shards', '2', '--url', 'http://api.example.com'], /is not on this machine; .*--allow-remote/],
      [['--shards', '2', '--url', 'http://127.0.0.1:1', '--name', 'Not_A_Name'], /--name Not_A_Name: a Kubernetes name/],
      [['--shards', '2', '--url', 'http://127.0.0.1:1', '--results', 's3://bucket'], /--results s3:\/\/bucket: expected 'stdout'/],
      [['--shards', '2', '--url', 'http://127.0.0.1:1', '--start-at', '2020-01-01T00:00:00Z'], /--start-at 2020-01-01T00:00:00\.000Z has passed/],
      [['--shards', '0', '--url', 'http://127.0.0.1:1'], /--shards/],
    ] as const) {
      const { folder, code, stderr } = await k8s([...args]);
      assert.equal(code, 2, stderr);
      assert.match(stderr, message);
      assert.deepEqual(readdirSync(folder), []);
    }
    const large = join(tempDir(), 'large.mjs');
    writeFileSync(
      large,
      `// ${'x'.repeat(1024 * 1024)}\nexport default ${JSON.stringify({ name: 'large', topologies: [{ kind: 'external', url: 'http://127.0.0.1:1' }], workloads: { any: { requests: [{ path: '/' }] } } })};\n`,
    );
    for (const [file, message] of [
      [fixtureScenario('external.ts'), /external\.ts: imports \.\.\/\.\.\/\.\.\/src\/index\.js, which the Job's ConfigMap does not carry/],
      [large, /large\.mjs: the scenario and the files it names come to 1\.00 MiB, more than a Kubernetes ConfigMap holds \(1 MiB\)/],
    ] as const) {
      const folder = tempDir();
      const refused = await runCli(['k8s', file, '--shards', '2', '--url', 'http://127.0.0.1:1', '--out', folder]);
      assert.equal(refused.code, 2, refused.stderr);
      assert.match(refused.stderr, message);
      assert.equal(refused.stderr.trim().split('\n').length, 1, 'one line');
      assert.deepEqual(readdirSync(folder), []);
    }
  });
});

describe('the run script against a cluster played here (the Job’s pods as local processes)', () => {
  let server: Fixture | undefined;
  before(async () => {
    server = await startFixture('fixed-delay.js', { FIXTURE_DELAY_MS: '2' });
  });
  after(() => stopFixture(server));

  test('applied later than written: the start is stamped as the Job is created and reaches every pod; their logs merge into one run', async () => {
    assert.ok(server);
    const { folder, code, stderr } = await k8s(['--shards', '3', '--url', server.url, '--start-in', '1s']);
    assert.equal(code, 0, stderr);
    await sleep(1500); // a start fixed when the files were written has passed now

    const cluster = tempDir();
    const bin = tempDir();
    const kubectl = spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).stdout.trim();
    writeFileSync(join(bin, 'kubectl'), `#!/bin/sh\nexec "${process.execPath}" "${repoRoot}/test/fixtures/k8s/fake-kubectl.mjs" "$@"\n`);
    writeFileSync(join(bin, 'loadlab'), `#!/bin/sh\nexec "${process.execPath}" "${cliPath}" "$@"\n`);
    for (const name of ['kubectl', 'loadlab']) chmodSync(join(bin, name), 0o755);
    const appliedAt = Date.now();
    const script = spawn('sh', [join(folder, `${job}-run.sh`), '--format', 'json'], {
      env: {
        ...process.env,
        ...{ PATH: `${bin}:${process.env.PATH ?? ''}`, FAKE_CLUSTER: cluster, REAL_KUBECTL: kubectl, LOADLAB_PACKAGE: repoRoot },
        // computed answers: at a load of 15 on 2 cores the pods took 7–8 s to start and 7 s more to set off,
        // late for any short lead; a real cluster has the default lead of 3 minutes for that
        LOADLAB_FAKE_LOAD: JSON.stringify({ latencyMs: 4 }),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    script.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    script.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exit = await new Promise<number | null>((done) => script.on('close', done));
    assert.ok(exit === 0 || exit === 1, output);

    const created = readJson<JobManifest>(join(cluster, 'objects', `Job-${job}.json`));
    const stamped = created.spec.template.metadata.annotations?.['loadlab.dev/start-at'] ?? '';
    const startAt = Date.parse(stamped);
    assert.ok(startAt >= Math.floor(appliedAt / 1000) * 1000 + 1000, `the start (${stamped}) is the lead after the Job was created`);
    assert.match(output, new RegExp(`job/${job} created; the shards begin at ${stamped}`));
    const shardStarts = readdirSync(join(folder, `${job}-shards`)).map((log) => {
      const line = readFileSync(join(folder, `${job}-shards`, log), 'utf8')
        .split('\n')
        .find((text) => text.startsWith('{'));
      return (JSON.parse(line ?? '{}') as { startAt?: string }).startAt;
    });
    assert.deepEqual(shardStarts, Array(3).fill(new Date(startAt).toISOString()), 'every pod read the one stamped start');

    const reports = join(folder, `${job}-report`);
    const report = readJson<RunReport>(join(reports, readdirSync(reports).find((name) => name.endsWith('.json')) ?? ''));
    const [trial] = report.trials;
    assert.equal(trial?.load.shards, 3);
    assert.deepEqual(
      (trial?.client.generators ?? []).map((thread) => thread.shard),
      [1, 2, 3],
    );
    assert.deepEqual(processesMentioning(cluster), [], 'no pod left running');
  });
});
