import { CommanderError } from 'commander';
import { ExitCode, LoadlabError } from './contract/errors.js';

/**
 * What the CLI says of an error that ended a command, and the exit code it maps to: a user's
 * mistake or a run that could not be done in its own words (a hint, the stack only with --debug);
 * anything else as an internal error.
 */
export function reportError(error: unknown, debug: boolean, stderr: { write(text: string): unknown }): number {
  if (error instanceof CommanderError) {
    // commander has printed its own message already; help and version end with code 0
    return error.exitCode === 0 ? ExitCode.ok : ExitCode.badInput;
  }
  if (error instanceof LoadlabError) {
    for (const line of error.lines) stderr.write(`${line}\n`);
    if (error.hint) stderr.write(`hint: ${error.hint}\n`);
    if (debug && error.cause) stderr.write(`${String((error.cause as Error).stack ?? error.cause)}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  stderr.write(`loadlab: internal error: ${message}${debug ? '' : ' (run with --debug for the stack trace)'}\n`);
  if (debug && error instanceof Error) stderr.write(`${error.stack}\n`);
  return ExitCode.couldNotRun;
}
