import { Option, type Command } from 'commander';
import { runFormatsOption } from './format-option.js';
import type { OutputStream } from './command-context.js';
import { defaultImage } from '../render/k8s/loadlab-pod.js';
import type { K8sCommandOptions } from './k8s.js';
import type { MergeCommandOptions } from './merge.js';
import { baselineOptions, comparisonOptions, generatorsFlag, rateOption, thresholdFlag, withOptions } from './options.js';
import { collectNames, durationOption, positiveIntegerOption } from './option-parsers.js';
import { externalUrlOption, startAtOption } from './shard-options.js';
import { metricsPortOption } from './prometheus-option.js';

/**
 * `loadlab merge` and `loadlab k8s`: the commands of a run spread over processes or machines
 * (shards). io: the streams they write to; setExitCode: what the CLI exits with once the command is done.
 */
export function registerDistributedCommands(program: Command, io: { stdout: OutputStream; stderr: OutputStream }, setExitCode: (code: number) => void): void {
  withOptions(
    program
      .command('merge')
      .description('merge the shard files of one run (loadlab run --shard I/N) into one run report, as if one generator had driven it')
      .argument('<shards...>', 'shard files (or pod logs holding one), every shard 1…N of the run'),
    [
      thresholdFlag(),
      ...baselineOptions('the merged run'),
      ...comparisonOptions(),
      new Option('--junit <file>', 'write JUnit XML: a test case per threshold and per compared metric'),
      new Option('--out <dir>', 'folder for the report files').default('reports'),
      runFormatsOption(),
      new Option('--json', 'print the result JSON to stdout and nothing else there'),
    ],
  ).action(async (files: string[], options: MergeCommandOptions) => {
    const { mergeCommand } = await import('./merge.js');
    setExitCode(await mergeCommand(files, options, io));
  });

  program
    .command('k8s')
    .description(
      'write a Kubernetes Indexed Job that runs N shards of the scenario against a URL from one start time, the ConfigMap that carries the scenario, and the script that runs and merges them',
    )
    .argument('<scenario>', 'scenario file (.ts, .mts, .js, .mjs); it travels with the Job in a ConfigMap')
    .requiredOption('--shards <n>', 'shards: pods that each drive 1/N of every trial', positiveIntegerOption)
    .option(
      '--image <image>',
      `an image with loadlab at /loadlab (npm install --prefix /loadlab loadlab) (default: ${defaultImage}, loadlab installed by an init container)`,
    )
    .requiredOption('--url <url>', 'the server every shard loads', externalUrlOption)
    .addOption(
      new Option('--start-in <duration>', 'when the shards begin, after the run script creates the Job').argParser(durationOption).default(180_000, '3m'),
    )
    .addOption(new Option('--start-at <time>', 'a fixed start instead, an ISO time').argParser(startAtOption))
    .option(
      '--results <where>',
      "where shard files go: 'stdout' (each pod's log, read with kubectl logs) or 'volume:CLAIM' (a PersistentVolumeClaim)",
      'stdout',
    )
    .option('--name <name>', "the Job's name (default: loadlab-<scenario name>)")
    .option('--namespace <namespace>', 'the namespace of the Jobs')
    .addOption(new Option('--workload <names>', 'run only these workloads (repeatable, or comma-separated)').argParser(collectNames))
    .addOption(new Option('--duration <duration>', "measured phase of each trial, e.g. '30s'").argParser(durationOption))
    .addOption(new Option('--warmup <duration>', "warm-up before each measured phase, e.g. '5s'").argParser(durationOption))
    .addOption(new Option('--connections <n>', 'concurrent connections in all (split between the shards)').argParser(positiveIntegerOption))
    .addOption(new Option('--rate <n>', 'open model: requests per second in all (split between the shards)').argParser(rateOption))
    .addOption(generatorsFlag())
    .addOption(
      new Option(
        '--prometheus <port>',
        'each shard serves live metrics (OpenMetrics) at :port/metrics while it runs; the pods carry the prometheus.io/scrape, /port and /path annotations',
      ).argParser(metricsPortOption),
    )
    .option('--out <dir>', 'folder for the manifests and the script (never overwritten)', 'k8s')
    .option('--allow-remote', 'the URL is not on this machine (in a cluster it seldom is): load it anyway')
    .action(async (scenario: string, options: K8sCommandOptions) => {
      const { k8sCommand } = await import('./k8s.js');
      setExitCode(await k8sCommand(scenario, options, io));
    });
}
