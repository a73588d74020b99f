import { InvalidArgumentError, Option } from 'commander';
import { maxArrivalRate, minMeasuredMs } from '../scenario/types.js';
import { collectValues, inconclusiveOption, maxRegressionOption } from './gate-options.js';
import { collectNames, durationOfAtLeast, durationOption, generatorsOption, positiveIntegerOption } from './option-parsers.js';

/**
 * The options several commands share, built once each: the same flag reads and parses the same
 * way in run, ab, capacity and merge. Each builder returns fresh Option objects, since commander
 * keeps state on an option it has added.
 */

/** The file `loadlab init` writes when none is named. */
export const defaultScenarioFile = 'loadlab.scenario.ts';

/** commander parser: a rate in requests per second, above 0. */
export function rateOption(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new InvalidArgumentError(`expected a rate in requests per second above 0, found '${value}'`);
  return parsed;
}

/** commander parser: a rate loadlab is to send at, above 0 and at most maxArrivalRate. */
export function arrivalRateOption(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0 || parsed > maxArrivalRate)
    throw new InvalidArgumentError(`expected a rate in requests per second above 0 and at most ${maxArrivalRate.toLocaleString('en-US')}, found '${value}'`);
  return parsed;
}

const measuredPhase = durationOfAtLeast(minMeasuredMs, 'the measured phase');
// the in-app agent writes no more often than every 50 ms either
const probeInterval = durationOfAtLeast(50, 'the probe interval');

/** --topology and --workload: which of the scenario's entries to run (`verb`: 'run' or 'search'). */
export function selectionOptions(verb: 'run' | 'search'): Option[] {
  return [
    new Option('--topology <names>', `${verb} only these topologies (repeatable, or comma-separated)`).argParser(collectNames),
    new Option('--workload <names>', `${verb} only these workloads (repeatable, or comma-separated)`).argParser(collectNames),
  ];
}

/** --duration, --warmup and --connections of every trial. */
export function trialOptions(): Option[] {
  return [
    new Option('--duration <duration>', "measured phase of each trial, e.g. '10s'").argParser(measuredPhase),
    new Option('--warmup <duration>', "warm-up before each measured phase, e.g. '2s' or 0").argParser(durationOption),
    new Option('--connections <n>', 'concurrent connections').argParser(positiveIntegerOption),
  ];
}

export function generatorsFlag(): Option {
  return new Option('--generators <n>', "load generator threads, or 'auto' (1 below 4 cores, else a quarter of them)").argParser(generatorsOption);
}

/** --max-regression and --inconclusive: how a comparison with a baseline gates. */
export function comparisonOptions(): Option[] {
  return [
    new Option('--max-regression <share>', 'how much worse counts as a regression').argParser(maxRegressionOption).default(0.1, '10%'),
    inconclusiveOption(),
  ];
}

/** --threshold, repeatable. */
export function thresholdFlag(): Option {
  return new Option('--threshold <expr>', "gate, e.g. 'p99 < 150ms' or 'errors == 0' (repeatable); a failed one exits 1").argParser(collectValues);
}

/** --abort-on-fail [run]: thresholds judged while each trial runs. */
export function abortOnFailFlag(): Option {
  return new Option(
    '--abort-on-fail [scope]',
    "judge the thresholds while each trial runs and stop it once one fails (exit 1); 'run' also skips the trials after it",
  ).argParser((value: string) => {
    if (value !== 'run' && value !== 'trial') throw new InvalidArgumentError(`expected 'run' or 'trial' (the default), found '${value}'`);
    return value;
  });
}

/** --baseline, --save-baseline and --save-baseline-always. */
export function baselineOptions(what: string): Option[] {
  return [
    new Option('--baseline <file>', 'compare with a saved run; a significant regression exits 1'),
    new Option('--save-baseline <file>', `write ${what} as the new baseline, when its gate passed`),
    new Option('--save-baseline-always', 'with --save-baseline: save it even when the gate did not pass'),
  ];
}

/** --probe-interval and --no-probes. */
export function probeOptions(): Option[] {
  return [
    new Option('--probe-interval <duration>', 'how often server processes are sampled').argParser(probeInterval).default(500, '500ms'),
    new Option('--no-probes', 'do not sample the server processes nor load the in-app agent'),
  ];
}

/** --quiet and --debug. */
export function chatterOptions(): Option[] {
  return [new Option('--quiet', 'no progress lines on stderr'), new Option('--debug', 'show stack traces')];
}

export function allowRemoteFlag(): Option {
  return new Option('--allow-remote', 'allow external topologies whose URL is not on this machine');
}

/** Adds options to a command in order. */
export function withOptions<C extends { addOption(option: Option): C }>(command: C, options: readonly Option[]): C {
  for (const option of options) command.addOption(option);
  return command;
}

/** commander parser: a step's measured phase, 200 ms at least (shorter holds too few requests for a p99). */
export function stepDurationOption(value: string): number {
  const ms = durationOption(value);
  if (ms < 200) throw new InvalidArgumentError(`a step must measure for at least 200ms, but '${value}' is ${ms} ms`);
  return ms;
}
