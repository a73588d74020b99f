import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { defaultImage, loadlabCommand, startAtAnnotation, startAtVariable } from '../../../src/render/k8s/loadlab-pod.js';
import { runScript } from '../../../src/render/k8s/run-script.js';
import { configMapLimitBytes, scenarioConfigMap } from '../../../src/render/k8s/scenario-config-map.js';
import { mergeJob, shardJob, type ShardJobSpec } from '../../../src/render/k8s/shard-job.js';
import { validateManifest } from '../../helpers/kubernetes-schema.js';

interface Container {
  name: string;
  image: string;
  command: string[];
  args: string[];
  env?: { name: string; valueFrom: { fieldRef: { fieldPath: string } } }[];
  volumeMounts?: { name: string; mountPath: string }[];
}
interface JobShape {
  spec: {
    completions: number;
    parallelism?: number;
    template: {
      metadata: { annotations?: Record<string, string> };
      spec: { initContainers?: Container[]; containers: Container[]; volumes?: Record<string, unknown>[] };
    };
  };
}

const text = (value: string) => new TextEncoder().encode(value);

function specFor(shards: number, results: ShardJobSpec['results'], image?: string): ShardJobSpec {
  const pod = { name: 'loadlab-api', namespace: 'perf', image: image ?? defaultImage, ...(image === undefined ? { install: 'loadlab@0.1.0' } : {}) };
  const { items } = scenarioConfigMap(pod, 'scenarios/api.ts', [{ path: 'scenarios/api.ts', content: text('export default {}') }]);
  return { ...pod, shards, scenario: { path: 'scenarios/api.ts', items }, url: 'http://api.perf.svc:8080', results, runArgs: ['--duration', '30000ms'] };
}

describe('the manifests of loadlab k8s, against the Kubernetes schema', () => {
  for (const shards of [1, 3, 16])
    for (const results of [{ kind: 'stdout' }, { kind: 'volume', claim: 'loadlab-results' }] as const)
      for (const image of [undefined, 'registry.example/loadlab:1'])
        test(`${shards} shards, results to ${results.kind}, ${image ?? 'the default image'}: every object valid`, () => {
          const spec = specFor(shards, results, image);
          const configMap = scenarioConfigMap(spec, 'scenarios/api.ts', [{ path: 'scenarios/api.ts', content: text('export default {}') }]).manifest;
          const job = shardJob(spec);
          const merge = mergeJob(spec);
          for (const manifest of [configMap, job, ...(merge ? [merge] : [])]) validateManifest(manifest);
          assert.equal(merge !== undefined, results.kind === 'volume');

          const { template, completions, parallelism } = (job as unknown as JobShape).spec;
          assert.equal(completions, shards);
          assert.equal(parallelism, shards);
          const [shard] = template.spec.containers;
          assert.deepEqual(shard?.command, [loadlabCommand]);
          assert.deepEqual(shard?.args.slice(0, 6), [
            'run',
            '/loadlab/scenario/scenarios/api.ts',
            '--shard',
            `job/${shards}`,
            '--start-at',
            `$(${startAtVariable})`,
          ]);
          // the start is not in the manifest: the annotation is stamped when the Job is created
          assert.deepEqual(template.metadata.annotations, { [startAtAnnotation]: '' });
          assert.deepEqual(shard?.env, [{ name: startAtVariable, valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${startAtAnnotation}']` } } }]);
          assert.ok(shard?.volumeMounts?.some((mount) => mount.mountPath === '/loadlab/scenario'));
          assert.deepEqual(
            template.spec.initContainers?.map((init) => init.command.at(-1)),
            image === undefined ? ['loadlab@0.1.0'] : undefined,
          );
        });
});

describe('the schema check bites', () => {
  const job = () => structuredClone(shardJob(specFor(3, { kind: 'stdout' }))) as unknown as JobShape & Record<string, unknown>;

  test('a misspelt field, at any depth, fails with its path', () => {
    const top = { ...job(), metdata: { name: 'x' } };
    assert.throws(() => validateManifest(top), /not in the Kubernetes schema: Job\.metdata/);
    const inSpec = job();
    Object.assign(inSpec.spec, { paralellism: 3 });
    assert.throws(() => validateManifest(inSpec), /Job\.spec\.paralellism/);
    const inContainer = job();
    Object.assign(inContainer.spec.template.spec.containers[0] ?? {}, { volumeMount: [] });
    assert.throws(() => validateManifest(inContainer), /Job\.spec\.template\.spec\.containers\[0\]\.volumeMount/);
  });

  test('a wrong type or value fails with the schema message', () => {
    const wrongType = job();
    Object.assign(wrongType.spec, { completions: '3' });
    assert.throws(() => validateManifest(wrongType), /completions must be integer/);
    const wrongValue = job();
    Object.assign(wrongValue.spec, { completionMode: 'indexed' });
    assert.throws(() => validateManifest(wrongValue), /completionMode must be equal to one of the allowed values/);
  });
});

describe('the scenario ConfigMap', () => {
  const pod = { name: 'loadlab-api', image: defaultImage };

  test('text in data, other bytes in binaryData, each file at its path below the mount', () => {
    const { manifest, items } = scenarioConfigMap(pod, 'api.ts', [
      { path: 'scenarios/api.ts', content: text('export default {}') },
      { path: 'data/users.csv', content: text('name\nada\n') },
      { path: 'data/blob.bin', content: new Uint8Array([0xff, 0xfe, 0x00]) },
    ]);
    validateManifest(manifest);
    assert.deepEqual(items, [
      { key: 'scenarios_api.ts', path: 'scenarios/api.ts' },
      { key: 'data_users.csv', path: 'data/users.csv' },
      { key: 'data_blob.bin', path: 'data/blob.bin' },
    ]);
    assert.deepEqual(manifest.data, { 'scenarios_api.ts': 'export default {}', 'data_users.csv': 'name\nada\n' });
    assert.deepEqual(manifest.binaryData, { 'data_blob.bin': '//4A' });
    assert.equal((manifest.metadata as { name: string }).name, 'loadlab-api-scenario');
  });

  test('more than a ConfigMap holds: refused with one line naming the scenario file', () => {
    const key = 'api.ts'.length;
    const fits = [{ path: 'api.ts', content: new Uint8Array(configMapLimitBytes - key) }];
    assert.doesNotThrow(() => scenarioConfigMap(pod, 'scenarios/api.ts', fits));
    const over = [{ path: 'api.ts', content: new Uint8Array(configMapLimitBytes - key + 1) }];
    assert.throws(
      () => scenarioConfigMap(pod, 'scenarios/api.ts', over),
      (error: Error & { exitCode?: number }) =>
        /^scenarios\/api\.ts: the scenario and the files it names come to 1\.00 MiB, more than a Kubernetes ConfigMap holds \(1 MiB\)/.test(error.message) &&
        error.exitCode === 2,
    );
  });
});

describe('the run script', () => {
  const files = { scenario: 'loadlab-api-scenario.json', job: 'loadlab-api-job.json', mergeJob: 'loadlab-api-merge-job.json' };

  test('stamps the start when it creates the Job: the lead from now, or a fixed time; valid sh either way', () => {
    const lead = runScript(specFor(3, { kind: 'stdout' }), files, { start: { leadSeconds: 180 }, runSeconds: 33 });
    assert.match(lead, /^lead=\$\{LOADLAB_START_IN:-180\}$/m);
    assert.match(lead, /^start=\$\(\(now \+ lead\)\)$/m);
    assert.match(lead, /kubectl patch --local -f loadlab-api-job\.json --type merge -p "\$stamp" -o json \| kubectl create -n perf -f -/);
    assert.ok(lead.includes(`${startAtAnnotation} "$start_at"`), 'the stamp names the annotation the pods read');
    assert.match(lead, /^deadline=\$\(\(start \+ 633\)\)$/m);
    assert.match(lead, /loadlab merge loadlab-api-shards\/shard-\*\.log --out loadlab-api-report "\$@"/);
    const fixed = runScript(specFor(3, { kind: 'volume', claim: 'results' }), files, { start: { atEpochSeconds: 1_893_456_000 }, runSeconds: 33 });
    assert.match(fixed, /^start=1893456000$/m);
    assert.match(fixed, /has passed: write the Job again/);
    assert.match(fixed, /kubectl apply -n perf -f loadlab-api-merge-job\.json/);
    for (const script of [lead, fixed]) assert.equal(spawnSync('sh', ['-n'], { input: script }).status, 0, script);
  });
});

describe('the shard Job with live metrics (--prometheus)', () => {
  for (const shards of [1, 3, 16])
    for (const results of [{ kind: 'stdout' }, { kind: 'volume', claim: 'loadlab-results' }] as const)
      test(`${shards} shards, results to ${results.kind}: the scrape annotations, the port declared, the shards serving on it; valid`, () => {
        const job = shardJob({ ...specFor(shards, results), metricsPort: 9464 });
        validateManifest(job);
        const { template } = (job as unknown as JobShape).spec;
        assert.deepEqual(template.metadata.annotations, {
          [startAtAnnotation]: '',
          'prometheus.io/scrape': 'true',
          'prometheus.io/port': '9464',
          'prometheus.io/path': '/metrics',
        });
        const [shard] = template.spec.containers as (Container & { ports?: unknown[] })[];
        assert.deepEqual(shard?.ports, [{ name: 'metrics', containerPort: 9464, protocol: 'TCP' }]);
        const at = shard?.args.indexOf('--prometheus') ?? -1;
        assert.equal(shard?.args[at + 1], '0.0.0.0:9464', 'on the pod address, which another pod scrapes');
        assert.ok(shard?.args.includes('--allow-remote'), 'which a non-loopback address needs');
      });

  test('without it: no scrape annotations, no port', () => {
    const { template } = (shardJob(specFor(3, { kind: 'stdout' })) as unknown as JobShape).spec;
    assert.deepEqual(template.metadata.annotations, { [startAtAnnotation]: '' });
    assert.equal((template.spec.containers[0] as Container & { ports?: unknown[] }).ports, undefined);
    assert.ok(!template.spec.containers[0]?.args.includes('--prometheus'));
  });
});
