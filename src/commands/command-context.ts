import type { ProcessOwner } from '../deploy/processes.js';
import type { LoadDrivers } from '../measure/drivers/driver.js';

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
