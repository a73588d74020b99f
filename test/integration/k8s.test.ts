import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Job } from 'kubernetes-models/batch/v1';
import type { RunReport } from '../../src/contract/run-report.js';
import { fixtureScenario, runCli, tempDir } from '../helpers/cli.js';
import { startFixture, stopFixture, type Fixture } from '../helpers/fixture-server.js';

const scenario = fixtureScenario('external.ts');

interface JobManifest {
  metadata: { name: string; namespace?: string };
  spec: {
    completionMode?: string;
    completions: number;
    parallelism?: number;
    template: {
      spec: {
        containers: { command: string[]; args: string[]; volumeMounts?: { name: string; mountPath: string }[] }[];
        volumes?: { persistentVolumeClaim?: { claimName: string } }[];
      };
    };
  };
}

const readJob = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as JobManifest;

/** Validated against the Kubernetes batch/v1 Job schema (kubernetes-models: the API's OpenAPI schemas, with ajv): throws on any field the API would refuse. */
function validate(manifest: JobManifest): void {
  new Job(manifest as unknown as ConstructorParameters<typeof Job>[0]).validate();
}

async function k8s(args: string[]): Promise<{ folder: string; code: number | null; stderr: string }> {
  const folder = tempDir();
  const result = await runCli(['k8s', scenario, '--image', 'registry.example/loadlab:1', '--out', folder, ...args]);
  return { folder, code: result.code, stderr: result.stderr };
}

describe('loadlab k8s', () => {
  test('an Indexed Job of N pods, valid for the Kubernetes API, each running its shard from JOB_COMPLETION_INDEX', async () => {
    const startAt = '2030-01-01T12:00:00.000Z';
    const { folder, code, stderr } = await k8s([
      '--shards',
      '3',
      '--url',
      'http://127.0.0.1:8080',
      '--start-at',
      startAt,
      '--duration',
      '30s',
      '--generators',
      '2',
    ]);
    assert.equal(code, 0, stderr);
    assert.deepEqual(readdirSync(folder).sort(), ['loadlab-external-job.json', 'loadlab-external-run.sh']);
    const job = readJob(join(folder, 'loadlab-external-job.json'));
    validate(job);
    assert.equal(job.spec.completionMode, 'Indexed');
    assert.equal(job.spec.completions, 3);
    assert.equal(job.spec.parallelism, 3);
    const [container] = job.spec.template.spec.containers;
    assert.deepEqual(container?.command, ['loadlab']);
    assert.deepEqual(container?.args, [
      'run',
      scenario,
      '--shard',
      'job/3',
      '--start-at',
      startAt,
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
    assert.ok(statSync(join(folder, 'loadlab-external-run.sh')).mode & 0o100, 'the merge step is executable');
  });

  test('results on a volume: both Jobs valid, every pod and the merge mount the claim, the merge reads the shards folder', async () => {
    const { folder, code, stderr } = await k8s([
      '--shards',
      '2',
      '--url',
      'http://api.internal:8080',
      '--allow-remote',
      '--results',
      'volume:loadlab-results',
      '--namespace',
      'perf',
    ]);
    assert.equal(code, 0, stderr);
    const job = readJob(join(folder, 'loadlab-external-job.json'));
    const merge = readJob(join(folder, 'loadlab-external-merge-job.json'));
    validate(job);
    validate(merge);
    for (const manifest of [job, merge]) {
      assert.equal(manifest.metadata.namespace, 'perf');
      assert.deepEqual(
        manifest.spec.template.spec.volumes?.map((volume) => volume.persistentVolumeClaim?.claimName),
        ['loadlab-results'],
      );
    }
    const args = job.spec.template.spec.containers[0]?.args ?? [];
    assert.deepEqual(args.slice(args.indexOf('--out'), args.indexOf('--out') + 2), ['--out', '/results/loadlab-external']);
    assert.deepEqual(merge.spec.template.spec.containers[0]?.args, ['merge', '/results/loadlab-external', '--out', '/results/loadlab-external/report']);
  });

  test('refused before anything is written: a remote URL without --allow-remote, a bad name, bad results', async () => {
    for (const [args, message] of [
      [['--shards', '2', '--url', 'http://api.example.com'], /is not on this machine; .*--allow-remote/],
      [['--shards', '2', '--url', 'http://127.0.0.1:1', '--name', 'Not_A_Name'], /--name Not_A_Name: a Kubernetes name/],
      [['--shards', '2', '--url', 'http://127.0.0.1:1', '--results', 's3://bucket'], /--results s3:\/\/bucket: expected 'stdout'/],
      [['--shards', '0', '--url', 'http://127.0.0.1:1'], /--shards/],
    ] as const) {
      const { folder, code, stderr } = await k8s([...args]);
      assert.equal(code, 2, stderr);
      assert.match(stderr, message);
      assert.deepEqual(readdirSync(folder), []);
    }
  });
});

describe("the Job's pods, played here: each pod's arguments with its JOB_COMPLETION_INDEX, then the merge", () => {
  let server: Fixture | undefined;
  before(async () => {
    server = await startFixture('fixed-delay.js', { FIXTURE_DELAY_MS: '2' });
  });
  after(() => stopFixture(server));

  test('3 pods on the fake load write a shard each to their log; loadlab merge reads the logs into one run', async () => {
    assert.ok(server);
    const { folder, code, stderr } = await k8s(['--shards', '3', '--url', server.url, '--start-at', new Date().toISOString()]);
    assert.equal(code, 0, stderr);
    const args = readJob(join(folder, 'loadlab-external-job.json')).spec.template.spec.containers[0]?.args ?? [];
    const logs = tempDir();
    for (const index of [0, 1, 2]) {
      const pod = await runCli(args, { env: { JOB_COMPLETION_INDEX: String(index), LOADLAB_FAKE_LOAD: JSON.stringify({ latencyMs: 4 }) } });
      assert.equal(pod.code, 0, pod.stderr);
      // what kubectl logs gives: the pod's stderr and stdout together
      const log = join(logs, `shard-${index + 1}.log`);
      writeFileSync(log, `starting\n${pod.stdout}${pod.stderr}`);
    }
    const out = tempDir();
    const merged = await runCli(['merge', ...readdirSync(logs).map((name) => join(logs, name)), '--out', out, '--format', 'json']);
    assert.ok(merged.code === 0 || merged.code === 1, merged.stderr);
    const report = JSON.parse(readFileSync(join(out, readdirSync(out)[0] ?? ''), 'utf8')) as RunReport;
    assert.equal(report.trials[0]?.load.shards, 3);
    assert.deepEqual(
      (report.trials[0]?.client.generators ?? []).map((thread) => thread.shard),
      [1, 2, 3],
    );
  });
});
