import { defaultImage } from '../../render/k8s/loadlab-pod.js';
import { reRenderFormats } from '../../render/report-kind.js';
import { durationInput, formatDuration } from '../../text/duration.js';
import { searchDefaults } from '../capacity-search-defaults.js';
import { initFileNames, templateExtensions } from '../init-defaults.js';
import { arrivalRateOption, collectPids, durationOption, positiveIntegerOption, rateOption, stepDurationOption } from '../option-parsers.js';
import { externalUrlOption, jobIndexVariable, shardOption, startAtOption } from '../shard-options.js';
import { abortOnFailOptions, baselineOptions, comparisonOptions, thresholdOptions } from './gate-options.js';
import {
  chatterOptions,
  generatorOptions,
  probeOptions,
  prometheusOptions,
  rateOptions,
  remoteOptions,
  repeatOptions,
  selectionOptions,
  shardMetricsOptions,
  trialOptions,
} from './load-options.js';
import { defineOptions, type CommandSpec, type ParsedOptions } from './option-spec.js';
import { formatOptions, jsonOptions, junitOptions, outOptions, outOptionsDefaulting } from './output-options.js';

/**
 * Every command loadlab has, as data: its description, its arguments and its options, in the
 * order help lists them. cli.ts builds commander's commands from it, and each command's options
 * type is derived from it (RunCommandOptions = CommandOptions<'run'>). To add an option: one
 * entry in a command's options here (or in a shared set it spreads), nothing else.
 */

/** How long after the run script creates the Job its shards begin, unless --start-in says otherwise: time for every pod to be scheduled and pull its image. */
const defaultStartInMs = 180_000;

const scenarioArgument = ['<scenario>', 'scenario file (.ts, .mts, .js, .mjs)'] as const;

/** --start-at: the one start time of every shard of a run. */
const startAtOptions = defineOptions({
  startAt: {
    argument: '<time>',
    help: 'when the shards begin their first warm-up: an ISO time with its zone, e.g. 2025-06-01T12:00:00Z, the same for every shard',
    parse: startAtOption,
  },
});

/** What a command that loads a deployment and writes its report takes last (run, capacity): its outputs, probes, safety catch and chatter. */
const reportedLoadOptions = defineOptions({
  ...outOptions('reports'),
  ...formatOptions(),
  ...probeOptions,
  ...remoteOptions,
  ...jsonOptions,
  ...chatterOptions,
});

const run = {
  description: 'start the app in each topology of the scenario, drive the same load at each, and compare; or load a server that is running (--url)',
  arguments: [['[scenario]', 'scenario file (.ts, .mts, .js, .mjs); without it, --url']],
  options: defineOptions({
    url: {
      argument: '<url>',
      help: 'no scenario file: load the server running at this URL (GET, on its path), e.g. http://127.0.0.1:3000/api; with one: the origin its workloads go to, instead of its topologies',
    },
    pids: { argument: '<pids...>', help: "with --url: the server's process ids, for the probes", parse: collectPids },
    ...selectionOptions,
    ...trialOptions,
    ...rateOptions,
    ...generatorOptions,
    shard: {
      argument: '<I/N>',
      help: `drive the I-th of N shares of every trial and write a shard file for loadlab merge (job/N: I from ${jobIndexVariable})`,
      parse: (text: string) => shardOption(text),
    },
    ...startAtOptions,
    ...repeatOptions(1),
    ...thresholdOptions,
    ...abortOnFailOptions,
    ...baselineOptions,
    ...comparisonOptions,
    ...junitOptions,
    ...prometheusOptions,
    ...reportedLoadOptions,
  }),
} as const satisfies CommandSpec;

const capacity = {
  description: 'find the highest request rate each topology sustains within the SLO (open model: a fixed arrival rate, stepped up, then bisected)',
  arguments: [scenarioArgument],
  options: defineOptions({
    ...selectionOptions,
    targetRps: { argument: '<n>', help: 'also say how many instances this rate needs, from the capacities found', parse: rateOption },
    stepDuration: {
      argument: '<duration>',
      help: 'measured phase of each step',
      parse: stepDurationOption,
      default: searchDefaults.stepDurationMs,
      shownDefault: durationInput(searchDefaults.stepDurationMs),
    },
    stepWarmup: {
      argument: '<duration>',
      help: 'warm-up before each step',
      parse: durationOption,
      default: searchDefaults.stepWarmupMs,
      shownDefault: durationInput(searchDefaults.stepWarmupMs),
    },
    startRps: {
      argument: '<n>',
      help: 'first rate tried',
      parse: arrivalRateOption,
      shownDefault: `half what a ${formatDuration(searchDefaults.probeDurationMs)} closed-model probe achieves`,
    },
    maxRps: { argument: '<n>', help: 'never try a rate above this', parse: rateOption },
    maxSteps: { argument: '<n>', help: 'steps per search at most', parse: positiveIntegerOption, default: searchDefaults.maxSteps },
    ...generatorOptions,
    confirm: {
      argument: '<duration>',
      help: `hold the rate found for this long to confirm it, stepping down ${Math.round((1 - searchDefaults.confirmStepDown) * 100)}% at a time when it does not hold, ${searchDefaults.confirmAttempts} rates at most (0: no confirmation)`,
      parse: durationOption,
      shownDefault: `${searchDefaults.confirmSteps} × --step-duration`,
    },
    ...prometheusOptions,
    ...reportedLoadOptions,
  }),
} as const satisfies CommandSpec;

const compare = {
  description: 'compare two saved runs: the change in p50, p99 and rps per topology × workload; a significant regression exits 1',
  arguments: [
    ['<base.json>', 'the baseline run'],
    ['<current.json>', 'the run to judge'],
  ],
  options: defineOptions({ ...comparisonOptions, ...junitOptions }),
} as const satisfies CommandSpec;

const ab = {
  description: 'the app against a base version of it (e.g. the base branch checked out beside it), interleaved in one job, compared like `compare`',
  arguments: [scenarioArgument],
  options: defineOptions({
    baseEntry: { argument: '<path>', help: "the base version's entry file (same app contract: listens on PORT)", required: true },
    ...selectionOptions,
    ...trialOptions,
    ...repeatOptions(3),
    ...generatorOptions,
    ...comparisonOptions,
    ...junitOptions,
    ...outOptions('reports'),
    ...probeOptions,
    ...chatterOptions,
  }),
} as const satisfies CommandSpec;

const merge = {
  description: 'merge the shard files of one run (loadlab run --shard I/N) into one run report, as if one generator had driven it',
  arguments: [['<shards...>', 'shard files (or pod logs holding one), every shard 1…N of the run']],
  options: defineOptions({
    ...thresholdOptions,
    ...baselineOptions,
    ...comparisonOptions,
    ...junitOptions,
    ...outOptions('reports'),
    ...formatOptions(),
    ...jsonOptions,
  }),
} as const satisfies CommandSpec;

const k8s = {
  description:
    'write a Kubernetes Indexed Job that runs N shards of the scenario against a URL from one start time, the ConfigMap that carries the scenario, and the script that runs and merges them; never overwrites a file',
  arguments: [['<scenario>', 'scenario file (.ts, .mts, .js, .mjs); it travels with the Job in a ConfigMap']],
  options: defineOptions({
    shards: { argument: '<n>', help: 'shards: pods that each drive 1/N of every trial', parse: positiveIntegerOption, required: true },
    image: {
      argument: '<image>',
      help: 'an image with loadlab at /loadlab (npm install --prefix /loadlab loadlab)',
      shownDefault: `${defaultImage}, loadlab installed by an init container`,
    },
    url: { argument: '<url>', help: 'the server every shard loads', parse: externalUrlOption, required: true },
    startIn: {
      argument: '<duration>',
      help: 'when the shards begin, after the run script creates the Job',
      parse: durationOption,
      default: defaultStartInMs,
      shownDefault: durationInput(defaultStartInMs),
    },
    ...startAtOptions,
    results: {
      argument: '<where>',
      help: "where shard files go: 'stdout' (each pod's log, read with kubectl logs) or 'volume:CLAIM' (a PersistentVolumeClaim)",
      default: 'stdout',
    },
    name: { argument: '<name>', help: "the Job's name", shownDefault: 'loadlab-<scenario name>' },
    namespace: { argument: '<namespace>', help: 'the namespace of the Jobs' },
    workload: selectionOptions.workload,
    duration: trialOptions.duration,
    warmup: trialOptions.warmup,
    connections: { argument: '<n>', help: 'concurrent connections in all (split between the shards)', parse: positiveIntegerOption },
    rate: { argument: '<n>', help: 'open model: requests per second in all (split between the shards)', parse: rateOption },
    ...generatorOptions,
    ...shardMetricsOptions,
    ...outOptions('k8s'),
    ...remoteOptions,
  }),
} as const satisfies CommandSpec;

const report = {
  description: 'render a saved run or capacity search again (its JSON report) as markdown, HTML or the terminal report',
  arguments: [['<report.json>', 'a report written by loadlab run (loadlab/run@1) or loadlab capacity (loadlab/capacity@1)']],
  options: defineOptions({ ...formatOptions(reRenderFormats, ['md', 'html']), ...outOptionsDefaulting('the folder of the JSON') }),
} as const satisfies CommandSpec;

const doctor = {
  description:
    'check the machine (open files, somaxconn, ports, cgroup limits) and the tools its topologies and runtimes need, against a scenario if given; exit 1 with warnings, 3 when the scenario cannot run here',
  arguments: [['[scenario]', 'scenario file whose connections and topologies to check for']],
  options: defineOptions({ ...jsonOptions }),
} as const satisfies CommandSpec;

const init = {
  description:
    'write a commented starter scenario for the project in this folder (its entry from package.json, a route the app answers, started once to check); never overwrites a file',
  arguments: [
    [
      '[file]',
      `the scenario file to write (${templateExtensions.join(', ')}; default ${initFileNames.plain}, or ${initFileNames.typescriptProject} beside a tsconfig.json)`,
    ],
  ],
  options: {},
} as const satisfies CommandSpec;

/** The commands in the order help lists them. */
export const commandTable = { init, run, capacity, compare, ab, merge, k8s, report, doctor } as const;

export type CommandName = keyof typeof commandTable;

/** What a command's action gets for its options, derived from its entry above. */
export type CommandOptions<Name extends CommandName> = ParsedOptions<(typeof commandTable)[Name]['options']>;
