import { ExitCode, InputError, type ExitCodeValue } from '../contract/errors.js';
import { isLoopback, planRun } from '../measure/plan.js';
import { trialGapMs } from '../measure/run-scenario.js';
import { mergeJob, runScript, shardJob, type ShardJobSpec } from '../render/k8s/shard-job.js';
import { replaceFile } from '../render/write-files.js';
import type { OutputStream } from './command-context.js';
import type { RunCommandOptions } from './run.js';
import { readScenarioFile } from './scenario-file.js';

export interface K8sCommandOptions extends Pick<RunCommandOptions, 'workload' | 'duration' | 'warmup' | 'connections' | 'rate' | 'generators'> {
  shards: number;
  image: string;
  url: string;
  /** Epoch ms; default: startIn from now. */
  startAt?: number;
  startIn: number;
  name?: string;
  namespace?: string;
  /** 'stdout' or 'volume:CLAIM'. */
  results: string;
  scenarioPath?: string;
  out: string;
  allowRemote?: boolean;
}

/** A DNS-1123 label, as Kubernetes names Jobs and namespaces. */
const dnsLabel = /^[a-z0-9]([-a-z0-9]{0,50}[a-z0-9])?$/;

/**
 * `loadlab k8s <scenario> --shards N --image IMAGE --url URL`: writes the Indexed Job that runs
 * N shards of the scenario against URL from one start time, the merge Job when the shards go to
 * a volume, and `<name>-run.sh`, which applies the Job, waits for it, collects the shard files
 * and merges them (docs/distributed.md). Checks the scenario and the settings here, so that a
 * mistake shows now, not in N pods.
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
  const name =
    options.name ??
    `loadlab-${scenario.name}`
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/-+$/, '')
      .slice(0, 52);
  if (!dnsLabel.test(name))
    throw new InputError(`--name ${name}: a Kubernetes name is lower-case letters, digits and '-', at most 52, starting and ending with a letter or digit`);
  if (options.namespace !== undefined && !dnsLabel.test(options.namespace))
    throw new InputError(`--namespace ${options.namespace}: not a Kubernetes namespace name`);
  const results = readResults(options.results);
  const scenarioPath = options.scenarioPath ?? scenarioFile;
  if (/[\s'"`$\\]/.test(scenarioPath)) throw new InputError(`--scenario-path ${scenarioPath}: a path without spaces, quotes, '$' or '\\', please`);
  const startAt = options.startAt ?? Date.now() + options.startIn;
  const runMs = plan.flatMap((step) => step.workloads).reduce((sum, workload) => sum + workload.load.warmupMs + workload.load.durationMs + trialGapMs, 0);
  const spec: ShardJobSpec = {
    name,
    ...(options.namespace ? { namespace: options.namespace } : {}),
    image: options.image,
    shards: options.shards,
    scenarioPath,
    url: options.url,
    startAt: new Date(startAt).toISOString(),
    results,
    runArgs: runArgsOf(options),
    // the wait starts when the script applies the Job: until the start, the run, and 10 minutes for pods and stragglers
    waitSeconds: (Math.max(0, startAt - Date.now()) + runMs) / 1000 + 600,
  };
  const files = { job: `${name}-job.json`, ...(results.kind === 'volume' ? { mergeJob: `${name}-merge-job.json` } : {}) };
  const written = [await replaceFile(options.out, files.job, `${JSON.stringify(shardJob(spec), null, 2)}\n`)];
  const merge = mergeJob(spec);
  if (merge && files.mergeJob) written.push(await replaceFile(options.out, files.mergeJob, `${JSON.stringify(merge, null, 2)}\n`));
  written.push(await replaceFile(options.out, `${name}-run.sh`, runScript(spec, files), 0o755));
  for (const path of written) context.stderr.write(`written: ${path}\n`);
  context.stderr.write(`the shards begin at ${spec.startAt}: apply the Job before then (sh ${options.out}/${name}-run.sh)\n`);
  return ExitCode.ok;
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
