#!/usr/bin/env node
import os from 'node:os';
import { Command, Option } from 'commander';
import type { AbCommandOptions } from './commands/ab.js';
import type { CapacityCommandOptions } from './commands/capacity.js';
import type { CompareCommandOptions } from './commands/compare.js';
import type { ReportCommandOptions } from './commands/report.js';
import type { RunCommandOptions } from './commands/run.js';
import { registerDistributedCommands } from './commands/distributed-commands.js';
import { formatListOption, runFormatsOption } from './commands/format-option.js';
import {
  allowRemoteFlag,
  arrivalRateOption,
  baselineOptions,
  chatterOptions,
  comparisonOptions,
  defaultScenarioFile,
  generatorsFlag,
  probeOptions,
  rateOption,
  selectionOptions,
  stepDurationOption,
  thresholdFlag,
  abortOnFailFlag,
  trialOptions,
  withOptions,
} from './commands/options.js';
import { collectPids, durationOption, positiveIntegerOption } from './commands/option-parsers.js';
import { shardOption, startAtOption } from './commands/shard-options.js';
import { ExitCode, LoadlabError } from './contract/errors.js';
import { reportError } from './cli-errors.js';
import { ProcessOwner } from './deploy/processes.js';
import { packageVersion } from './machine/package-info.js';
import { confirmDefaults } from './measure/capacity/confirm.js';
import { loadDriversFor } from './measure/drivers/index.js';
import { reportFormats, reRenderFormats } from './render/report-kind.js';

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
  const lastWrites: (() => void)[] = [];
  // What it started is killed first (a forced stop is asked for now), then what is kept is
  // marked interrupted. Not after the deadline: what hung then may be the disk itself.
  const forceStop = (code: number, markKept: boolean): never => {
    owner.killAllNow();
    if (markKept) for (const write of lastWrites) write();
    process.exit(code);
  };
  // like a shell: 128 + the signal's number (130 for Ctrl-C)
  const onSignal = (signal: NodeJS.Signals) => {
    const code = 128 + (os.constants.signals[signal] ?? 0);
    if (abort.signal.aborted) forceStop(code, true);
    process.stderr.write(`\n${signal}: stopping (again to force)…\n`);
    exitCode = code;
    abort.abort(signal);
    // Stopping takes seconds (a trial's end, the deployments' teardown, the reports). Should
    // anything hang instead (a write to a stuck disk), loadlab still ends: a signal is never ignored.
    setTimeout(() => {
      process.stderr.write(`${signal}: not stopped ${forcedStopMs / 1000} s after it; forcing\n`);
      forceStop(code, false);
    }, forcedStopMs).unref();
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
  const loadContext = () => ({
    owner,
    signal: abort.signal,
    stdout: process.stdout,
    stderr: process.stderr,
    drivers: loadDriversFor(process.env),
    atForcedStop: (write: () => void) => lastWrites.push(write),
  });

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
  // a command's module is loaded when it runs: `loadlab compare` never loads autocannon, and --help is quick
  const loading =
    (code: ExitCodeSource) =>
    async (...args: unknown[]) => {
      const options = args.at(-2) as { debug?: boolean } | undefined;
      debug = debug || options?.debug === true;
      const result = await code(...args);
      if (!abort.signal.aborted) exitCode = result;
    };

  program
    .command('init')
    .description(
      'write a commented starter scenario for the project in this folder (its entry from package.json, a route the app answers, started once to check); never overwrites a file',
    )
    .argument('[file]', `the scenario file to write (.ts, .mts, .mjs; default ${defaultScenarioFile}, or .mjs beside a tsconfig.json)`)
    .action(
      loading(async (file) => {
        const { initCommand } = await import('./commands/init.js');
        return initCommand(file as string | undefined, { cwd: process.cwd(), stdout: process.stdout, owner });
      }),
    );

  withOptions(
    program
      .command('run')
      .description('start the app in each topology of the scenario, drive the same load at each, and compare; or load a server that is running (--url)')
      .argument('[scenario]', 'scenario file (.ts, .mts, .js, .mjs); without it, --url'),
    [
      new Option(
        '--url <url>',
        'no scenario file: load the server running at this URL (GET, on its path), e.g. http://127.0.0.1:3000/api; with one: the origin its workloads go to, instead of its topologies',
      ),
      new Option('--pids <pids...>', "with --url: the server's process ids, for the probes").argParser(collectPids),
      ...selectionOptions('run'),
      ...trialOptions(),
      new Option('--rate <n>', 'open model: requests per second for every workload (a fixed arrival rate)').argParser(arrivalRateOption),
      generatorsFlag(),
      new Option(
        '--shard <I/N>',
        'drive the I-th of N shares of every trial and write a shard file for loadlab merge (job/N: I from JOB_COMPLETION_INDEX)',
      ).argParser((value: string) => shardOption(value)),
      new Option(
        '--start-at <time>',
        "with --shard: begin the first trial's warm-up at this ISO time, e.g. 2025-06-01T12:00:00Z (every shard the same)",
      ).argParser(startAtOption),
      new Option('--repeat <n>', 'run every trial n times, interleaved across topologies').argParser(positiveIntegerOption).default(1),
      thresholdFlag(),
      abortOnFailFlag(),
      ...baselineOptions('this run'),
      ...comparisonOptions(),
      new Option('--junit <file>', 'write JUnit XML: a test case per threshold and per compared metric'),
      new Option('--out <dir>', 'folder for the report files').default('reports'),
      runFormatsOption(),
      ...probeOptions(),
      allowRemoteFlag(),
      new Option('--json', 'print the result JSON to stdout and nothing else there'),
      ...chatterOptions(),
    ],
  ).action(
    loading(async (scenario, options) => {
      const { runCommand } = await import('./commands/run.js');
      return runCommand(scenario as string | undefined, options as RunCommandOptions, loadContext());
    }),
  );

  withOptions(
    program
      .command('capacity')
      .description('find the highest request rate each topology sustains within the SLO (open model: a fixed arrival rate, stepped up, then bisected)')
      .argument('<scenario>', 'scenario file (.ts, .mts, .js, .mjs)'),
    [
      ...selectionOptions('search'),
      new Option('--target-rps <n>', 'also say how many instances this rate needs, from the capacities found').argParser(rateOption),
      new Option('--step-duration <duration>', 'measured phase of each step').argParser(stepDurationOption).default(2000, '2s'),
      new Option('--step-warmup <duration>', 'warm-up before each step').argParser(durationOption).default(500, '500ms'),
      new Option('--start-rps <n>', 'first rate tried (default: half what a 1 s closed-model probe achieves)').argParser(arrivalRateOption),
      new Option('--max-rps <n>', 'never try a rate above this').argParser(rateOption),
      new Option('--max-steps <n>', 'steps per search at most').argParser(positiveIntegerOption).default(15),
      generatorsFlag(),
      new Option(
        '--confirm <duration>',
        `hold the rate found for this long to confirm it, stepping down ${Math.round((1 - confirmDefaults.stepDown) * 100)}% at a time when it does not hold (0: no confirmation)`,
      )
        .argParser(durationOption)
        .default(undefined, '3 × --step-duration'),
      new Option('--out <dir>', 'folder for the report files').default('reports'),
      new Option('--format <formats>', 'reports to produce, comma-separated: terminal (stdout), md, html, json (files in --out)')
        .argParser(formatListOption())
        .default([...reportFormats], reportFormats.join(',')),
      ...probeOptions(),
      allowRemoteFlag(),
      new Option('--json', 'print the capacity JSON to stdout and nothing else there'),
      ...chatterOptions(),
    ],
  ).action(
    loading(async (scenario, options) => {
      const { capacityCommand } = await import('./commands/capacity.js');
      return capacityCommand(scenario as string, options as CapacityCommandOptions, loadContext());
    }),
  );

  withOptions(
    program
      .command('compare')
      .description('compare two saved runs: the change in p50, p99 and rps per topology × workload; a significant regression exits 1')
      .argument('<base.json>', 'the baseline run')
      .argument('<current.json>', 'the run to judge'),
    [...comparisonOptions(), new Option('--junit <file>', 'write JUnit XML: a test case per compared metric')],
  ).action(
    loading(async (base, current, options) => {
      const { compareCommand } = await import('./commands/compare.js');
      return compareCommand(base as string, current as string, options as CompareCommandOptions, { stdout: process.stdout, stderr: process.stderr });
    }),
  );

  withOptions(
    program
      .command('ab')
      .description('the app against a base version of it (e.g. the base branch checked out beside it), interleaved in one job, compared like `compare`')
      .argument('<scenario>', 'scenario file (.ts, .mts, .js, .mjs)')
      .requiredOption('--base-entry <path>', "the base version's entry file (same app contract: listens on PORT)"),
    [
      ...selectionOptions('run'),
      ...trialOptions(),
      new Option('--repeat <n>', 'run every trial n times on each side').argParser(positiveIntegerOption).default(3),
      generatorsFlag(),
      ...comparisonOptions(),
      new Option('--junit <file>', 'write JUnit XML: a test case per compared metric'),
      new Option('--out <dir>', 'folder for the two JSON reports').default('reports'),
      ...probeOptions(),
      ...chatterOptions(),
    ],
  ).action(
    loading(async (scenario, options) => {
      const { abCommand } = await import('./commands/ab.js');
      return abCommand(scenario as string, options as AbCommandOptions, loadContext());
    }),
  );

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
    .action(
      loading(async (file, options) => {
        const { reportCommand } = await import('./commands/report.js');
        return reportCommand(file as string, options as ReportCommandOptions, { stdout: process.stdout, stderr: process.stderr });
      }),
    );

  program
    .command('doctor')
    .description(
      'check the machine (open files, somaxconn, ports, cgroup limits) and the tools its topologies and runtimes need, against a scenario if given; exit 1 with warnings, 3 when the scenario cannot run here',
    )
    .argument('[scenario]', 'scenario file whose connections and topologies to check for')
    .option('--json', 'print the figures and findings as JSON')
    .action(
      loading(async (scenario, options) => {
        const { doctorCommand } = await import('./commands/doctor.js');
        return doctorCommand(scenario as string | undefined, options as { json?: boolean }, { owner, stdout: process.stdout, stderr: process.stderr });
      }),
    );

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (abort.signal.aborted && !(error instanceof LoadlabError && error.exitCode === ExitCode.badInput)) return exitCode;
    exitCode = reportError(error, debug, process.stderr);
  } finally {
    await owner.stopAll();
  }
  return exitCode;
}

/** A command's work: commander's action arguments in, its exit code out. */
type ExitCodeSource = (...args: unknown[]) => Promise<number>;

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`loadlab: ${String(error)}\n`);
    process.exit(ExitCode.couldNotRun);
  },
);
