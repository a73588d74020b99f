import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ExitCode, InputError, type ExitCodeValue } from '../contract/errors.js';
import { packageVersion } from '../machine/package-info.js';
import { isLoopback, planRun } from '../measure/plan.js';
import { trialGapMs } from '../measure/run-scenario.js';
import { defaultImage } from '../render/k8s/loadlab-pod.js';
import { runScript, type RunScriptTiming } from '../render/k8s/run-script.js';
import { scenarioConfigMap } from '../render/k8s/scenario-config-map.js';
import { mergeJob, shardJob, type ShardJobSpec } from '../render/k8s/shard-job.js';
import { replaceFile } from '../render/write-files.js';
import type { OutputStream } from './command-context.js';
import { carriedFiles } from './k8s-carried-files.js';
import { readScenarioFile } from './scenario-file.js';
import type { CommandOptions } from './options/command-table.js';

/** The options of `loadlab k8s`, as the command table declares them. */
export type K8sCommandOptions = CommandOptions<'k8s'>;

/** A DNS-1123 label, as Kubernetes names Jobs and namespaces. */
const dnsLabel = /^[a-z0-9]([-a-z0-9]{0,50}[a-z0-9])?$/;

/**
 * `loadlab k8s <scenario> --shards N --url URL`: writes the ConfigMap that carries the scenario,
 * the Indexed Job that runs N shards of it against URL, the merge Job when the shards go to a
 * volume, and `<name>-run.sh`, which creates the Job with the shards' start stamped into it,
 * follows it, collects the shard files and merges them (docs/distributed.md). Checks the
 * scenario and the settings here, so that a mistake shows now, not in N pods; never overwrites.
 */
export async function k8sCommand(scenarioFile: string, options: K8sCommandOptions, context: { stderr: OutputStream }): Promise<ExitCodeValue> {
  const scenario = await readScenarioFile(scenarioFile);
  if (!options.allowRemote && !isLoopback(new URL(options.url).hostname))
    throw new InputError(`--url ${options.url} is not on this machine; the Job loads it from the cluster: pass --allow-remote to mean it`);
  const plan = planRun(scenario, {
    workloads: options.workload,
    durationMs: options.duration,
    warmupMs: options.warmup,
    connections: options.connections,
    rate: options.rate,
    externalUrl: options.url,
    allowRemote: true,
  });
  const name = options.name ?? defaultName(scenario.name);
  if (!dnsLabel.test(name))
    throw new InputError(`--name ${name}: a Kubernetes name is lower-case letters, digits and '-', at most 52, starting and ending with a letter or digit`);
  if (options.namespace !== undefined && !dnsLabel.test(options.namespace))
    throw new InputError(`--namespace ${options.namespace}: not a Kubernetes namespace name`);
  if (options.startAt !== undefined && options.startAt <= Date.now())
    throw new InputError(
      `--start-at ${new Date(options.startAt).toISOString()} has passed: give a later time, or leave it out to start when the Job is created`,
    );
  const results = readResults(options.results);
  const files = {
    scenario: `${name}-scenario.json`,
    job: `${name}-job.json`,
    ...(results.kind === 'volume' ? { mergeJob: `${name}-merge-job.json` } : {}),
    script: `${name}-run.sh`,
  };
  const taken = Object.values(files).find((file) => existsSync(join(options.out, file)));
  if (taken !== undefined)
    throw new InputError(`--out ${options.out}: ${taken} is there already; loadlab k8s overwrites nothing: remove it, or choose another --out`);

  const dataFiles = new Set(scenario.workloads.flatMap((workload) => (workload.flow?.data ? [workload.flow.data.table.file] : [])));
  const carried = await carriedFiles(scenarioFile, [...dataFiles]);
  const pod = {
    name,
    ...(options.namespace ? { namespace: options.namespace } : {}),
    image: options.image ?? defaultImage,
    ...(options.image === undefined ? { install: `loadlab@${packageVersion}` } : {}),
  };
  const configMap = scenarioConfigMap(
    pod,
    scenarioFile,
    await Promise.all(carried.files.map(async (file) => ({ path: file.path, content: await readFile(file.source) }))),
  );
  const spec: ShardJobSpec = {
    ...pod,
    shards: options.shards,
    scenario: { path: carried.scenarioPath, items: configMap.items },
    url: options.url,
    results,
    runArgs: runArgsOf(options),
    ...(options.prometheus === undefined ? {} : { metricsPort: options.prometheus }),
  };
  const timing: RunScriptTiming = {
    start: options.startAt === undefined ? { leadSeconds: Math.ceil(options.startIn / 1000) } : { atEpochSeconds: Math.ceil(options.startAt / 1000) },
    runSeconds:
      plan.flatMap((step) => step.workloads).reduce((sum, workload) => sum + workload.load.warmupMs + workload.load.durationMs + trialGapMs, 0) / 1000,
  };
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  const written = [await replaceFile(options.out, files.scenario, json(configMap.manifest)), await replaceFile(options.out, files.job, json(shardJob(spec)))];
  const merge = mergeJob(spec);
  if (merge && files.mergeJob) written.push(await replaceFile(options.out, files.mergeJob, json(merge)));
  written.push(await replaceFile(options.out, files.script, runScript(spec, files, timing), 0o755));
  for (const path of written) context.stderr.write(`written: ${path}\n`);
  const when =
    'leadSeconds' in timing.start ? `${timing.start.leadSeconds} s after the script creates the Job` : `at ${new Date(options.startAt ?? 0).toISOString()}`;
  context.stderr.write(`the shards begin ${when}: sh ${join(options.out, files.script)}\n`);
  return ExitCode.ok;
}

function defaultName(scenarioName: string): string {
  return `loadlab-${scenarioName}`
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+$/, '')
    .slice(0, 52);
}

function readResults(text: string): ShardJobSpec['results'] {
  if (text === 'stdout') return { kind: 'stdout' };
  const claim = /^volume:(.+)$/.exec(text)?.[1];
  if (claim !== undefined && dnsLabel.test(claim)) return { kind: 'volume', claim };
  throw new InputError(`--results ${text}: expected 'stdout' (each pod's log) or 'volume:CLAIM' (a PersistentVolumeClaim every pod mounts)`);
}

/** The load settings given here, passed on to every shard. */
function runArgsOf(options: K8sCommandOptions): string[] {
  return [
    ...(options.workload ?? []).flatMap((workload) => ['--workload', workload]),
    ...(options.duration === undefined ? [] : ['--duration', `${options.duration}ms`]),
    ...(options.warmup === undefined ? [] : ['--warmup', `${options.warmup}ms`]),
    ...(options.connections === undefined ? [] : ['--connections', String(options.connections)]),
    ...(options.rate === undefined ? [] : ['--rate', String(options.rate)]),
    ...(options.generators === undefined ? [] : ['--generators', String(options.generators)]),
  ];
}
