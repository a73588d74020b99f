import { generatorRules } from '../../measure/drivers/generators/generator-count.js';
import { minMeasuredMs } from '../../scenario/types.js';
import { scenarioDefaults } from '../../scenario/validate.js';
import { durationInput } from '../../text/duration.js';
import { arrivalRateOption, collectNames, durationOfAtLeast, durationOption, generatorsOption, positiveIntegerOption } from '../option-parsers.js';
import { defineOptions } from './option-spec.js';
import { defaultLingerMs } from '../../measure/live/metrics-server.js';
import { metricsPortOption, prometheusAddressOption } from '../prometheus-option.js';

/** The options of the commands that load an app (run, capacity, ab, k8s), each declared once. */

/** How often server processes are sampled unless --probe-interval says otherwise. */
export const defaultProbeIntervalMs = 500;

/** --topology and --workload: which of the scenario's entries to run. */
export const selectionOptions = defineOptions({
  topology: { argument: '<names>', help: 'only these topologies (repeatable, or comma-separated)', parse: collectNames },
  workload: { argument: '<names>', help: 'only these workloads (repeatable, or comma-separated)', parse: collectNames },
});

const scenarioElse = (value: string) => `the scenario's, else ${value}`;

/** --duration, --warmup and --connections of every trial. */
export const trialOptions = defineOptions({
  duration: {
    argument: '<duration>',
    help: 'measured phase of each trial',
    parse: durationOfAtLeast(minMeasuredMs, 'the measured phase'),
    shownDefault: scenarioElse(durationInput(scenarioDefaults.durationMs)),
  },
  warmup: {
    argument: '<duration>',
    help: 'warm-up before each measured phase (0: none)',
    parse: durationOption,
    shownDefault: scenarioElse(durationInput(scenarioDefaults.warmupMs)),
  },
  connections: {
    argument: '<n>',
    help: 'concurrent connections',
    parse: positiveIntegerOption,
    shownDefault: scenarioElse(String(scenarioDefaults.connections)),
  },
});

/** --rate: the open model for every workload. */
export const rateOptions = defineOptions({
  rate: { argument: '<n>', help: 'open model: requests per second for every workload (a fixed arrival rate)', parse: arrivalRateOption },
});

/** --generators: the load generator threads. */
export const generatorOptions = defineOptions({
  generators: {
    argument: '<n>',
    help: `load generator threads, or 'auto' (1 below ${generatorRules.fewestCoresForMore} cores, else 1 per ${generatorRules.coresPerGenerator} cores)`,
    parse: generatorsOption,
  },
});

/** --repeat: every trial n times, `times` by default. */
export function repeatOptions<const Times extends number>(times: Times) {
  return defineOptions({
    repeat: { argument: '<n>', help: 'run every trial n times, the repeats interleaved', parse: positiveIntegerOption, default: times },
  });
}

// the in-app agent writes no more often than every 50 ms either
const probeInterval = durationOfAtLeast(50, 'the probe interval');

/** --probe-interval and --no-probes. */
export const probeOptions = defineOptions({
  probeInterval: {
    argument: '<duration>',
    help: 'how often server processes are sampled',
    parse: probeInterval,
    default: defaultProbeIntervalMs,
    shownDefault: durationInput(defaultProbeIntervalMs),
  },
  probes: { negated: true, help: 'do not sample the server processes nor load the in-app agent' },
});

/** --allow-remote: the safety catch on loading what is not this machine. */
export const remoteOptions = defineOptions({
  allowRemote: { help: 'load a URL that is not on this machine (an external topology, --url)' },
});

/** --quiet and --debug. */
export const chatterOptions = defineOptions({
  quiet: { help: 'no progress lines on stderr' },
  debug: { help: 'show stack traces' },
});

/** --prometheus and --prometheus-linger: live metrics while the run lasts (docs/prometheus.md). */
export const prometheusOptions = defineOptions({
  prometheus: {
    argument: '<host:port>',
    help: "serve live metrics (OpenMetrics) at http://host:port/metrics while the run lasts, e.g. 127.0.0.1:9464; another machine's address needs --allow-remote",
    parse: prometheusAddressOption,
  },
  prometheusLinger: {
    argument: '<duration>',
    help: 'after the run, keep serving until the next scrape, at most this long',
    parse: durationOption,
    default: defaultLingerMs,
    shownDefault: durationInput(defaultLingerMs),
  },
});

/** loadlab k8s --prometheus: the port every shard pod serves its live metrics on. */
export const shardMetricsOptions = defineOptions({
  prometheus: {
    argument: '<port>',
    help: 'each shard serves live metrics (OpenMetrics) at :port/metrics while it runs; the pods carry the prometheus.io/scrape, /port and /path annotations',
    parse: metricsPortOption,
  },
});
