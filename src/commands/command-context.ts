import type { ProcessOwner } from '../deploy/processes.js';
import type { LoadDrivers } from '../measure/drivers/driver.js';
import type { RunContext } from '../measure/run-scenario.js';
import { progressPrinter } from './progress.js';

export type OutputStream = NodeJS.WritableStream & { isTTY?: boolean };

/** What a command that deploys and loads an app gets from the CLI. */
export interface LoadCommandContext {
  owner: ProcessOwner;
  /** Aborted on Ctrl-C or SIGTERM. */
  signal: AbortSignal;
  stdout: OutputStream;
  stderr: OutputStream;
  drivers: LoadDrivers;
}

/** How a run of trials goes for a command: its owner, signal and drivers, the probes asked for, progress on stderr unless quiet. */
export function runContextFor(context: LoadCommandContext, options: { probes: boolean; probeInterval: number; quiet?: boolean }): RunContext {
  const printProgress = progressPrinter({ isTTY: context.stderr.isTTY === true, write: (text) => context.stderr.write(text) });
  return {
    owner: context.owner,
    signal: context.signal,
    drivers: context.drivers,
    probes: { enabled: options.probes, intervalMs: options.probeInterval },
    onEvent: options.quiet ? undefined : printProgress,
  };
}
