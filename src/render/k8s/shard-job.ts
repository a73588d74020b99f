/**
 * The Kubernetes objects of a distributed run: an Indexed Job whose pod k runs shard k + 1 of N
 * (`--shard job/N` reads JOB_COMPLETION_INDEX), and the step that merges the shards. Pure: plain
 * objects and text from a plain spec; the objects follow batch/v1 as `kubectl apply -f` takes it.
 */
export interface ShardJobSpec {
  /** The Job's name (a DNS-1123 label); the merge Job is `<name>-merge`. */
  name: string;
  namespace?: string;
  image: string;
  shards: number;
  /** The scenario file's path inside the image. */
  scenarioPath: string;
  url: string;
  /** ISO time: when every shard's first trial begins. */
  startAt: string;
  /** Where shard files go: each pod's standard output (collected with kubectl logs), or a volume claim every pod mounts. */
  results: { kind: 'stdout' } | { kind: 'volume'; claim: string };
  /** Further arguments for `loadlab run` (--duration, --generators, …), already checked. */
  runArgs: string[];
  /** How long to wait for the Job to complete, in seconds. */
  waitSeconds: number;
}

/** Where a pod mounts the results volume; shard files go to a folder of the run's name in it. */
export const resultsMount = '/results';

const labels = (spec: ShardJobSpec) => ({ 'app.kubernetes.io/name': 'loadlab', 'app.kubernetes.io/instance': spec.name });

function metadata(spec: ShardJobSpec, name: string) {
  return { name, ...(spec.namespace ? { namespace: spec.namespace } : {}), labels: labels(spec) };
}

function volume(spec: ShardJobSpec) {
  return spec.results.kind === 'volume'
    ? { volumes: [{ name: 'results', persistentVolumeClaim: { claimName: spec.results.claim } }], volumeMounts: [{ name: 'results', mountPath: resultsMount }] }
    : undefined;
}

/** The Indexed Job: N pods at once, one shard each, never retried (a late retry would miss the shared start). */
export function shardJob(spec: ShardJobSpec): Record<string, unknown> {
  const results = volume(spec);
  const output = spec.results.kind === 'volume' ? ['--out', `${resultsMount}/${spec.name}`] : ['--json'];
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: metadata(spec, spec.name),
    spec: {
      completionMode: 'Indexed',
      completions: spec.shards,
      parallelism: spec.shards,
      backoffLimit: 0,
      template: {
        metadata: { labels: labels(spec) },
        spec: {
          restartPolicy: 'Never',
          // one shard a node where the cluster allows: the point is more machines' worth of load
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                { weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: labels(spec) } } },
              ],
            },
          },
          containers: [
            {
              name: 'loadlab',
              image: spec.image,
              command: ['loadlab'],
              args: [
                'run',
                spec.scenarioPath,
                '--shard',
                `job/${spec.shards}`,
                '--start-at',
                spec.startAt,
                '--url',
                spec.url,
                '--allow-remote',
                '--quiet',
                ...output,
                ...spec.runArgs,
              ],
              ...(results ? { volumeMounts: results.volumeMounts } : {}),
            },
          ],
          ...(results ? { volumes: results.volumes } : {}),
        },
      },
    },
  };
}

/** With a results volume: the Job that merges the shard files on it into the run's reports, beside them. */
export function mergeJob(spec: ShardJobSpec): Record<string, unknown> | undefined {
  const results = volume(spec);
  if (!results) return undefined;
  const folder = `${resultsMount}/${spec.name}`;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: metadata(spec, `${spec.name}-merge`),
    spec: {
      completions: 1,
      backoffLimit: 0,
      template: {
        metadata: { labels: labels(spec) },
        spec: {
          restartPolicy: 'Never',
          containers: [
            {
              name: 'merge',
              image: spec.image,
              command: ['loadlab'],
              args: ['merge', folder, '--out', `${folder}/report`],
              volumeMounts: results.volumeMounts,
            },
          ],
          volumes: results.volumes,
        },
      },
    },
  };
}

/** The merge step as a shell script: apply the Job, wait for it, collect the shards, merge them. Every value in it was checked to be a plain word. */
export function runScript(spec: ShardJobSpec, files: { job: string; mergeJob?: string }): string {
  const ns = spec.namespace ? ` -n ${spec.namespace}` : '';
  const collect =
    spec.results.kind === 'stdout'
      ? [
          `mkdir -p ${spec.name}-shards`,
          'i=0',
          `while [ "$i" -lt ${spec.shards} ]; do`,
          `  kubectl logs${ns} -l "job-name=${spec.name},batch.kubernetes.io/job-completion-index=$i" --tail=-1 > "${spec.name}-shards/shard-$((i + 1)).log"`,
          '  i=$((i + 1))',
          'done',
          `loadlab merge ${spec.name}-shards/shard-*.log --out ${spec.name}-report "$@"`,
        ]
      : [
          `kubectl apply${ns} -f ${files.mergeJob ?? ''}`,
          `kubectl wait${ns} --for=condition=complete --timeout=300s job/${spec.name}-merge`,
          `kubectl logs${ns} job/${spec.name}-merge`,
        ];
  return [
    '#!/bin/sh',
    `# loadlab: ${spec.shards} shards of ${spec.scenarioPath} against ${spec.url}, starting at ${spec.startAt}`,
    '# Apply before the start time: a shard that starts late is refused by loadlab merge.',
    'set -eu',
    'cd "$(dirname "$0")"',
    `kubectl apply${ns} -f ${files.job}`,
    `kubectl wait${ns} --for=condition=complete --timeout=${Math.ceil(spec.waitSeconds)}s job/${spec.name}`,
    ...collect,
    '',
  ].join('\n');
}
