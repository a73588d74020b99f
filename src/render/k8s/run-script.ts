import { startAtAnnotation } from './loadlab-pod.js';
import type { ShardJobSpec } from './shard-job.js';

/** The files the script applies, by name, in its folder. */
export interface RunScriptFiles {
  scenario: string;
  job: string;
  mergeJob?: string;
}

export interface RunScriptTiming {
  /** When the shards begin: a lead from the moment the script creates the Job (s), or a fixed time (epoch s). */
  start: { leadSeconds: number } | { atEpochSeconds: number };
  /** Every trial's slot, end to end (s): with the start, how long the Job takes. */
  runSeconds: number;
}

/** Time for pods to be scheduled, pull the image and install, and for the last shard to write. */
const slackSeconds = 600;
/** How often the script asks the API server whether the Job has finished. */
const pollSeconds = 5;

/**
 * The run as a shell script: apply the scenario's ConfigMap, create the Job with the shards'
 * start stamped into its pod template (now + the lead, so that a manifest written long ago
 * still runs), follow it until it completes or fails, then collect and merge the shards.
 * Every value in it was checked to be a plain word.
 */
export function runScript(spec: ShardJobSpec, files: RunScriptFiles, timing: RunScriptTiming): string {
  const ns = spec.namespace ? ` -n ${spec.namespace}` : '';
  const job = `job/${spec.name}`;
  const shardLog = `kubectl logs${ns} -l "job-name=${spec.name},batch.kubernetes.io/job-completion-index=$i" --tail=-1`;
  const start =
    'leadSeconds' in timing.start
      ? [`lead=\${LOADLAB_START_IN:-${timing.start.leadSeconds}}`, 'start=$((now + lead))']
      : [
          `start=${timing.start.atEpochSeconds}`,
          'if [ "$start" -le "$now" ]; then echo "loadlab: the fixed start $(iso "$start") has passed: write the Job again" >&2; exit 2; fi',
        ];
  const collect =
    spec.results.kind === 'stdout'
      ? [
          `mkdir -p ${spec.name}-shards`,
          'i=0',
          `while [ "$i" -lt ${spec.shards} ]; do`,
          `  ${shardLog} > "${spec.name}-shards/shard-$((i + 1)).log"`,
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
    `# loadlab: ${spec.shards} shards of ${spec.scenario.path} against ${spec.url}.`,
    '# The shards begin when this script creates the Job, plus a lead for the pods to start',
    `# (LOADLAB_START_IN, in seconds); arguments go to loadlab merge. docs/distributed.md`,
    'set -eu',
    'cd "$(dirname "$0")"',
    // GNU and busybox date read -d @s, BSD date -r s
    'iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ 2>/dev/null || date -u -r "$1" +%Y-%m-%dT%H:%M:%SZ; }',
    'now=$(date -u +%s)',
    ...start,
    'start_at=$(iso "$start")',
    `kubectl apply${ns} -f ${files.scenario}`,
    `stamp=$(printf '{"spec":{"template":{"metadata":{"annotations":{"%s":"%s"}}}}}' ${startAtAnnotation} "$start_at")`,
    `kubectl patch --local -f ${files.job} --type merge -p "$stamp" -o json | kubectl create${ns} -f -`,
    `echo "loadlab: ${job} created; the shards begin at $start_at" >&2`,
    `deadline=$((start + ${Math.ceil(timing.runSeconds) + slackSeconds}))`,
    'while :; do',
    // a failed look (the API server busy) is asked again, until the deadline
    `  state=" $(kubectl get${ns} ${job} -o jsonpath='{.status.conditions[?(@.status=="True")].type}' || true) "`,
    '  case "$state" in',
    '    *" Complete "*) break ;;',
    `    *" Failed "*) echo "loadlab: ${job} failed. Its pods: kubectl get pods${ns} -l job-name=${spec.name}; shard i+1's log: kubectl logs${ns} -l job-name=${spec.name},batch.kubernetes.io/job-completion-index=i" >&2; exit 3 ;;`,
    '  esac',
    `  if [ "$(date -u +%s)" -gt "$deadline" ]; then echo "loadlab: ${job} has not finished by $(iso "$deadline"): kubectl get pods${ns} -l job-name=${spec.name}" >&2; exit 3; fi`,
    `  sleep ${pollSeconds}`,
    'done',
    ...collect,
    '',
  ].join('\n');
}
