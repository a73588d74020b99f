import { loadlabPod, objectMetadata, podLabels, scenarioMount, startAtVariable, type LoadlabPodSpec, type ScenarioItems } from './loadlab-pod.js';

/**
 * The Kubernetes objects of a distributed run: an Indexed Job whose pod k runs shard k + 1 of N
 * (`--shard job/N` reads JOB_COMPLETION_INDEX), and the Job that merges the shards from a
 * volume. Pure: plain objects from a plain spec; they follow batch/v1 as `kubectl apply -f`
 * takes it.
 */
export interface ShardJobSpec extends LoadlabPodSpec {
  shards: number;
  /** The scenario's ConfigMap keys and where they lie, and the scenario file's path among them ('/'-separated). */
  scenario: ScenarioItems & { path: string };
  url: string;
  /** Where shard files go: each pod's standard output (collected with kubectl logs), or a volume claim every pod mounts. */
  results: { kind: 'stdout' } | { kind: 'volume'; claim: string };
  /** Further arguments for `loadlab run` (--duration, --generators, …), already checked. */
  runArgs: string[];
  /** Each shard serves live metrics for Prometheus on this port, on every address of its pod. */
  metricsPort?: number;
}

/** Where a pod mounts the results volume; shard files go to a folder of the run's name in it. */
export const resultsMount = '/results';

function resultsVolume(spec: ShardJobSpec) {
  return spec.results.kind === 'volume'
    ? { volume: { name: 'results', persistentVolumeClaim: { claimName: spec.results.claim } }, mount: { name: 'results', mountPath: resultsMount } }
    : undefined;
}

/**
 * The Indexed Job: N pods at once, one shard each, never retried (a late retry would miss the
 * shared start). The start itself is not in it: every pod reads it from the pod template's
 * start-at annotation, which the run script stamps as it creates the Job.
 */
export function shardJob(spec: ShardJobSpec): Record<string, unknown> {
  const results = resultsVolume(spec);
  const output = results ? ['--out', `${resultsMount}/${spec.name}`] : ['--json'];
  const args = [
    'run',
    `${scenarioMount}/${spec.scenario.path}`,
    '--shard',
    `job/${spec.shards}`,
    '--start-at',
    // Kubernetes puts the container's variable in here; the variable comes from the annotation
    `$(${startAtVariable})`,
    '--url',
    spec.url,
    '--allow-remote',
    '--quiet',
    ...output,
    // the pod's own address: Prometheus scrapes it from another pod (--allow-remote is given above)
    ...(spec.metricsPort === undefined ? [] : ['--prometheus', `0.0.0.0:${spec.metricsPort}`]),
    ...spec.runArgs,
  ];
  const pod = loadlabPod(spec, {
    container: 'shard',
    args,
    scenario: spec.scenario,
    ...(spec.metricsPort === undefined ? {} : { metricsPort: spec.metricsPort }),
    ...(results ? { volumes: [results.volume], mounts: [results.mount] } : {}),
  });
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: objectMetadata(spec, spec.name),
    spec: {
      completionMode: 'Indexed',
      completions: spec.shards,
      parallelism: spec.shards,
      backoffLimit: 0,
      template: {
        ...pod.template,
        spec: {
          ...pod.spec,
          // one shard a node where the cluster allows: the point is more machines' worth of load
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                { weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: podLabels(spec) } } },
              ],
            },
          },
        },
      },
    },
  };
}

/** With a results volume: the Job that merges the shard files on it into the run's reports, beside them. */
export function mergeJob(spec: ShardJobSpec): Record<string, unknown> | undefined {
  const results = resultsVolume(spec);
  if (!results) return undefined;
  const folder = `${resultsMount}/${spec.name}`;
  const pod = loadlabPod(spec, {
    container: 'merge',
    args: ['merge', folder, '--out', `${folder}/report`],
    volumes: [results.volume],
    mounts: [results.mount],
  });
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: objectMetadata(spec, `${spec.name}-merge`),
    spec: { completions: 1, backoffLimit: 0, template: { metadata: { labels: podLabels(spec) }, spec: pod.spec } },
  };
}
