#!/usr/bin/env node
import os from 'node:os';
import { Command } from 'commander';
import { addCommands } from './commands/options/commander-command.js';
import { commandTable, type CommandName } from './commands/options/command-table.js';
import type { CommandAction } from './commands/options/option-spec.js';
import { ExitCode, LoadlabError } from './contract/errors.js';
import { reportError } from './cli-errors.js';
import { ProcessOwner } from './deploy/processes.js';
import { packageVersion } from './machine/package-info.js';
import { loadDriversFor } from './measure/drivers/index.js';

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
  const debug = argv.includes('--debug');

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
  const io = { stdout: process.stdout, stderr: process.stderr };
  // a command's module is loaded when it runs: `loadlab compare` never loads autocannon, and --help is quick
  const actions: { [Name in CommandName]: CommandAction<(typeof commandTable)[Name]> } = {
    init: async ([file]) => (await import('./commands/init.js')).initCommand(file, { cwd: process.cwd(), stdout: process.stdout, owner }),
    run: async ([scenario], options) => (await import('./commands/run.js')).runCommand(scenario, options, loadContext()),
    capacity: async ([scenario], options) => (await import('./commands/capacity.js')).capacityCommand(scenario, options, loadContext()),
    compare: async ([base, current], options) => (await import('./commands/compare.js')).compareCommand(base, current, options, io),
    ab: async ([scenario], options) => (await import('./commands/ab.js')).abCommand(scenario, options, loadContext()),
    merge: async ([shards], options) => (await import('./commands/merge.js')).mergeCommand(shards, options, io),
    k8s: async ([scenario], options) => (await import('./commands/k8s.js')).k8sCommand(scenario, options, io),
    report: async ([file], options) => (await import('./commands/report.js')).reportCommand(file, options, io),
    doctor: async ([scenario], options) => (await import('./commands/doctor.js')).doctorCommand(scenario, options, { ...io, owner }),
  };
  const finish = (code: number) => {
    if (!abort.signal.aborted) exitCode = code;
  };
  addCommands(program, commandTable, actions, finish);

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

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`loadlab: ${String(error)}\n`);
    process.exit(ExitCode.couldNotRun);
  },
);
