#!/usr/bin/env node
import os from 'node:os';
import { Command, CommanderError, Option } from 'commander';
import { arrivalRateOption, capacityCommand, rateOption, stepDurationOption, type CapacityCommandOptions } from './commands/capacity.js';
import { abCommand, type AbCommandOptions } from './commands/ab.js';
import { compareCommand, type CompareCommandOptions } from './commands/compare.js';
import { doctorCommand } from './commands/doctor.js';
import { collectValues, inconclusiveOption, maxRegressionOption } from './commands/gate-options.js';
import { formatListOption, runFormatsOption } from './commands/format-option.js';
import { reRenderFormats, reportCommand, type ReportCommandOptions } from './commands/report.js';
import { runCommand, type RunCommandOptions } from './commands/run.js';
import { collectNames, collectPids, durationOfAtLeast, durationOption, generatorsOption, positiveIntegerOption } from './commands/option-parsers.js';
import { defaultScenarioFile, initCommand } from './commands/init.js';
import { shardOption, startAtOption } from './commands/shard-options.js';
import { registerDistributedCommands } from './commands/distributed-commands.js';
import { ExitCode, LoadlabError } from './contract/errors.js';
import { reportFormats } from './render/report-kind.js';
import { ProcessOwner } from './deploy/processes.js';
import { loadDriversFor } from './measure/drivers/index.js';
import { packageVersion } from './machine/package-info.js';
import { minMeasuredMs } from './scenario/types.js';

const measuredPhaseOption = durationOfAtLeast(minMeasuredMs, 'the measured phase');
// the in-app agent writes no more often than every 50 ms either
const probeIntervalOption = durationOfAtLeast(50, 'the probe interval');

/** How long an orderly stop after a signal may take before loadlab forces it. */
const forcedStopMs = 30_000;

/**
 * The only place that talks to the process: it parses arguments, installs signal handlers,
 * maps errors to exit codes and calls process.exit once everything it started has stopped.
 */
async function main(argv: readonly string[]): Promise<number> {
  const owner = new ProcessOwner({ onForcedStop: (message) => process.stderr.write(`${message}\n`) });
  const abort = new AbortController();
  let exitCode: number = ExitCode.ok;
  let debug = argv.includes('--debug');

  process.on('exit', () => owner.killAllNow());
  // like a shell: 128 + the signal's number (130 for Ctrl-C)
  const onSignal = (signal: NodeJS.Signals) => {
    const code = 128 + (os.constants.signals[signal] ?? 0);
    if (abort.signal.aborted) {
      owner.killAllNow();
      process.exit(code);
    }
    process.stderr.write(`\n${signal}: stopping (again to force)…\n`);
    exitCode = code;
    abort.abort(signal);
    // Stopping takes seconds (a trial's end, the deployments' teardown, the reports). Should
    // anything hang instead (a write to a stuck disk), loadlab still ends: a signal is never ignored.
    setTimeout(() => {
      process.stderr.write(`${signal}: not stopped ${forcedStopMs / 1000} s after it; forcing\n`);
      owner.killAllNow();
      process.exit(code);
    }, forcedStopMs).unref();
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
  const loadContext = () => ({ owner, signal: abort.signal, stdout: process.stdout, stderr: process.stderr, drivers: loadDriversFor(process.env) });

  const program = new Command('loadlab')
    .description('Load-test a Node.js HTTP app in several deployments side by side.')
    .version(packageVersion)
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) })
    .showSuggestionAfterError(true)
    .addHelpText(
      'after',
      '\nExit codes: 0 ok · 1 a gate failed, or could not judge (--inconclusive warn: 0) · 2 bad usage or scenario · 3 the run could not be done · 130 interrupted (Ctrl-C)',
    );

  program
    .command('init')
    .description('write a commented starter scenario for the project in this folder (its entry from package.json); never overwrites a file')
    .argument('[file]', 'the scenario file to write (.ts, .mts)', defaultScenarioFile)
    .action(async (file: string) => {
      exitCode = await initCommand(file, { cwd: process.cwd(), stdout: process.stdout });
    });

  program
    .command('run')
    .description('start the app in each topology of the scenario, drive the same load at each, and compare; or load a server that is running (--url)')
    .argument('[scenario]', 'scenario file (.ts, .mts, .js, .mjs); without it, --url')
    .option(
      '--url <url>',
      'no scenario file: load the server running at this URL (GET, on its path), e.g. http://127.0.0.1:3000/api; with one: the origin its workloads go to, instead of its topologies',
    )
    .addOption(new Option('--pids <pids...>', "with --url: the server's process ids, for the probes").argParser(collectPids))
    .addOption(new Option('--topology <names>', 'run only these topologies (repeatable, or comma-separated)').argParser(collectNames))
    .addOption(new Option('--workload <names>', 'run only these workloads (repeatable, or comma-separated)').argParser(collectNames))
    .addOption(new Option('--duration <duration>', "measured phase of each trial, e.g. '10s'").argParser(measuredPhaseOption))
    .addOption(new Option('--warmup <duration>', "warm-up before each measured phase, e.g. '2s' or 0").argParser(durationOption))
    .addOption(new Option('--connections <n>', 'concurrent connections').argParser(positiveIntegerOption))
    .addOption(new Option('--rate <n>', 'open model: requests per second for every workload (a fixed arrival rate)').argParser(arrivalRateOption))
    .addOption(new Option('--generators <n>', "load generator threads, or 'auto' (1 below 4 cores, else a quarter of them)").argParser(generatorsOption))
    .addOption(
      new Option(
        '--shard <I/N>',
        'drive the I-th of N shares of every trial and write a shard file for loadlab merge (job/N: I from JOB_COMPLETION_INDEX)',
      ).argParser((value: string) => shardOption(value)),
    )
    .addOption(
      new Option(
        '--start-at <time>',
        "with --shard: begin the first trial's warm-up at this ISO time, e.g. 2025-06-01T12:00:00Z (every shard the same)",
      ).argParser(startAtOption),
    )
    .addOption(new Option('--repeat <n>', 'run every trial n times, interleaved across topologies').argParser(positiveIntegerOption).default(1))
    .addOption(new Option('--threshold <expr>', "gate, e.g. 'p99 < 150ms' or 'errors == 0' (repeatable); a failed one exits 1").argParser(collectValues))
    .option('--baseline <file>', 'compare with a saved run; a significant regression exits 1')
    .addOption(new Option('--max-regression <share>', 'how much worse counts as a regression').argParser(maxRegressionOption).default(0.1, '10%'))
    .addOption(inconclusiveOption())
    .option('--save-baseline <file>', 'write this run as the new baseline, when its gate passed')
    .option('--save-baseline-always', 'with --save-baseline: save it even when the gate did not pass')
    .option('--junit <file>', 'write JUnit XML: a test case per threshold and per compared metric')
    .option('--out <dir>', 'folder for the report files', 'reports')
    .addOption(runFormatsOption())
    .addOption(new Option('--probe-interval <duration>', 'how often server processes are sampled').argParser(probeIntervalOption).default(500, '500ms'))
    .option('--no-probes', 'do not sample the server processes nor load the in-app agent')
    .option('--allow-remote', 'allow external topologies whose URL is not on this machine')
    .option('--json', 'print the result JSON to stdout and nothing else there')
    .option('--quiet', 'no progress lines on stderr')
    .option('--debug', 'show stack traces')
    .action(async (scenario: string | undefined, options: RunCommandOptions & { debug?: boolean }) => {
      debug = options.debug === true;
      const code = await runCommand(scenario, options, loadContext());
      if (!abort.signal.aborted) exitCode = code;
    });

  program
    .command('capacity')
    .description('find the highest request rate each topology sustains within the SLO (open model: a fixed arrival rate, stepped up, then bisected)')
    .argument('<scenario>', 'scenario file (.ts, .mts, .js, .mjs)')
    .addOption(new Option('--topology <names>', 'search only these topologies (repeatable, or comma-separated)').argParser(collectNames))
    .addOption(new Option('--workload <names>', 'search only these workloads (repeatable, or comma-separated)').argParser(collectNames))
    .addOption(new Option('--target-rps <n>', 'also say how many instances this rate needs, from the capacities found').argParser(rateOption))
    .addOption(new Option('--step-duration <duration>', 'measured phase of each step').argParser(stepDurationOption).default(2000, '2s'))
    .addOption(new Option('--step-warmup <duration>', 'warm-up before each step').argParser(durationOption).default(500, '500ms'))
    .addOption(new Option('--start-rps <n>', 'first rate tried (default: half what a 1 s closed-model probe achieves)').argParser(arrivalRateOption))
    .addOption(new Option('--max-rps <n>', 'never try a rate above this').argParser(rateOption))
    .addOption(new Option('--max-steps <n>', 'steps per search at most').argParser(positiveIntegerOption).default(15))
    .addOption(new Option('--generators <n>', "load generator threads, or 'auto' (1 below 4 cores, else a quarter of them)").argParser(generatorsOption))
    .addOption(
      new Option(
        '--confirm <duration>',
        'hold the rate found for this long to confirm it, stepping down 10% at a time when it does not hold (0: no confirmation)',
      )
        .argParser(durationOption)
        .default(undefined, '3 × --step-duration'),
    )
    .option('--out <dir>', 'folder for the report files', 'reports')
    .addOption(
      new Option('--format <formats>', 'reports to produce, comma-separated: terminal (stdout), md, html, json (files in --out)')
        .argParser(formatListOption())
        .default([...reportFormats], reportFormats.join(',')),
    )
    .addOption(new Option('--probe-interval <duration>', 'how often server processes are sampled').argParser(probeIntervalOption).default(500, '500ms'))
    .option('--no-probes', 'do not sample the server processes nor load the in-app agent')
    .option('--allow-remote', 'allow external topologies whose URL is not on this machine')
    .option('--json', 'print the capacity JSON to stdout and nothing else there')
    .option('--quiet', 'no progress lines on stderr')
    .option('--debug', 'show stack traces')
    .action(async (scenario: string, options: CapacityCommandOptions & { debug?: boolean }) => {
      debug = options.debug === true;
      const code = await capacityCommand(scenario, options, loadContext());
      if (!abort.signal.aborted) exitCode = code;
    });

  program
    .command('compare')
    .description('compare two saved runs: the change in p50, p99 and rps per topology × workload; a significant regression exits 1')
    .argument('<base.json>', 'the baseline run')
    .argument('<current.json>', 'the run to judge')
    .addOption(new Option('--max-regression <share>', 'how much worse counts as a regression').argParser(maxRegressionOption).default(0.1, '10%'))
    .addOption(inconclusiveOption())
    .option('--junit <file>', 'write JUnit XML: a test case per compared metric')
    .action(async (base: string, current: string, options: CompareCommandOptions) => {
      exitCode = await compareCommand(base, current, options, { stdout: process.stdout, stderr: process.stderr });
    });

  program
    .command('ab')
    .description('the app against a base version of it (e.g. the base branch checked out beside it), interleaved in one job, compared like `compare`')
    .argument('<scenario>', 'scenario file (.ts, .mts, .js, .mjs)')
    .requiredOption('--base-entry <path>', "the base version's entry file (same app contract: listens on PORT)")
    .addOption(new Option('--topology <names>', 'run only these topologies (repeatable, or comma-separated)').argParser(collectNames))
    .addOption(new Option('--workload <names>', 'run only these workloads (repeatable, or comma-separated)').argParser(collectNames))
    .addOption(new Option('--duration <duration>', "measured phase of each trial, e.g. '10s'").argParser(measuredPhaseOption))
    .addOption(new Option('--warmup <duration>', "warm-up before each measured phase, e.g. '2s' or 0").argParser(durationOption))
    .addOption(new Option('--connections <n>', 'concurrent connections').argParser(positiveIntegerOption))
    .addOption(new Option('--repeat <n>', 'run every trial n times on each side').argParser(positiveIntegerOption).default(3))
    .addOption(new Option('--generators <n>', "load generator threads, or 'auto' (1 below 4 cores, else a quarter of them)").argParser(generatorsOption))
    .addOption(new Option('--max-regression <share>', 'how much worse counts as a regression').argParser(maxRegressionOption).default(0.1, '10%'))
    .addOption(inconclusiveOption())
    .option('--junit <file>', 'write JUnit XML: a test case per compared metric')
    .option('--out <dir>', 'folder for the two JSON reports', 'reports')
    .addOption(new Option('--probe-interval <duration>', 'how often server processes are sampled').argParser(probeIntervalOption).default(500, '500ms'))
    .option('--no-probes', 'do not sample the server processes nor load the in-app agent')
    .option('--quiet', 'no progress lines on stderr')
    .option('--debug', 'show stack traces')
    .action(async (scenario: string, options: AbCommandOptions & { debug?: boolean }) => {
      debug = options.debug === true;
      const code = await abCommand(scenario, options, loadContext());
      if (!abort.signal.aborted) exitCode = code;
    });

  registerDistributedCommands(program, { stdout: process.stdout, stderr: process.stderr }, (code) => {
    exitCode = code;
  });

  program
    .command('report')
    .description('render a saved run or capacity search again (its JSON report) as markdown, HTML or the terminal report')
    .argument('<report.json>', 'a report written by loadlab run (loadlab/run@1) or loadlab capacity (loadlab/capacity@1)')
    .addOption(
      new Option('--format <formats>', 'comma-separated: md, html, terminal (stdout)')
        .argParser(formatListOption(reRenderFormats))
        .default(['md', 'html'], 'md,html'),
    )
    .option('--out <dir>', 'folder for the files (default: the folder of the JSON)')
    .action(async (file: string, options: ReportCommandOptions) => {
      exitCode = await reportCommand(file, options, { stdout: process.stdout, stderr: process.stderr });
    });

  program
    .command('doctor')
    .description('check the machine (open files, somaxconn, ports, cgroup limits, nginx, pm2), against a scenario if given; exit 1 with warnings')
    .argument('[scenario]', 'scenario file whose connections and topologies to check for')
    .option('--json', 'print the figures and findings as JSON')
    .action(async (scenario: string | undefined, options: { json?: boolean }) => {
      exitCode = await doctorCommand(scenario, options, { owner, stdout: process.stdout, stderr: process.stderr });
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (abort.signal.aborted && !(error instanceof LoadlabError && error.exitCode === ExitCode.badInput)) return exitCode;
    exitCode = reportError(error, debug);
  } finally {
    await owner.stopAll();
  }
  return exitCode;
}

function reportError(error: unknown, debug: boolean): number {
  if (error instanceof CommanderError) {
    // commander has printed its own message already; help and version end with code 0
    return error.exitCode === 0 ? ExitCode.ok : ExitCode.badInput;
  }
  if (error instanceof LoadlabError) {
    for (const line of error.lines) process.stderr.write(`${line}\n`);
    if (error.hint) process.stderr.write(`hint: ${error.hint}\n`);
    if (debug && error.cause) process.stderr.write(`${String((error.cause as Error).stack ?? error.cause)}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`loadlab: internal error: ${message}${debug ? '' : ' (run with --debug for the stack trace)'}\n`);
  if (debug && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  return ExitCode.couldNotRun;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`loadlab: ${String(error)}\n`);
    process.exit(ExitCode.couldNotRun);
  },
);
