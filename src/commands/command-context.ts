import type { ProcessOwner } from '../deploy/processes.js';
import type { LoadDrivers } from '../measure/drivers/driver.js';
import type { DeploymentContext } from '../measure/deployments.js';
import type { RunContext } from '../measure/run-scenario.js';
import { progressPrinter } from './progress.js';
import type { RunEvent } from '../measure/run-scenario.js';
import { observeAll, type LiveObserver } from '../measure/live/live-observer.js';
import { RecentFigures } from '../measure/live/recent-figures.js';

export type OutputStream = NodeJS.WritableStream & { isTTY?: boolean };

/** What a command that deploys and loads an app gets from the CLI. */
export interface LoadCommandContext {
  owner: ProcessOwner;
  /** Aborted on Ctrl-C or SIGTERM. */
  signal: AbortSignal;
  stdout: OutputStream;
  stderr: OutputStream;
  drivers: LoadDrivers;
  /**
   * Registers a synchronous write for when loadlab is forced to stop by a second signal: the
   * last moment to mark a kept report interrupted.
   */
  atForcedStop?: (write: () => void) => void;
}

/** What the probe options of a command (--probe-interval, --no-probes) and --quiet say. */
export interface ProbeChoice {
  /** commander's --no-probes sets this to false. */
  probes: boolean;
  probeInterval: number;
  quiet?: boolean;
  /** The Prometheus endpoint's figures (--prometheus), fed as the trials run. */
  live?: LiveObserver;
}

/** How a command's deployments go: its owner, signal and drivers, and the probes asked for. */
export function deploymentContextOf(context: LoadCommandContext, options: ProbeChoice): DeploymentContext {
  return { owner: context.owner, signal: context.signal, drivers: context.drivers, probes: { enabled: options.probes, intervalMs: options.probeInterval } };
}

/** How a run of trials goes for a command: its deployments, and progress on stderr unless quiet. */
export function runContextFor(context: LoadCommandContext, options: ProbeChoice): RunContext {
  const progress = liveProgress(context, options);
  return { ...deploymentContextOf(context, options), onEvent: options.quiet ? undefined : progress.print, ...(progress.live ? { live: progress.live } : {}) };
}

/**
 * The progress printer of a run of trials and what observes its trials live: the Prometheus
 * endpoint when asked for, and on a terminal (unless quiet) the last second's figures that
 * the printer's live block shows. In CI logs the drivers count nothing live without --prometheus.
 */
export function liveProgress(context: LoadCommandContext, options: ProbeChoice): { print: (event: RunEvent) => void; live: LiveObserver | undefined } {
  const isTTY = context.stderr.isTTY === true;
  const recent = isTTY && options.quiet !== true ? new RecentFigures() : undefined;
  return { print: progressPrinter({ isTTY, write: (text) => context.stderr.write(text) }, recent), live: observeAll([options.live, recent]) };
}
