import { RunError } from '../contract/errors.js';
import { findFreePort } from './free-port.js';
import type { OwnedProcess } from './processes.js';
import { waitUntilReady } from './readiness.js';
import { describeExit, processStartFailure } from './start-failure.js';
import type { RuntimeCommand } from './runtime-command.js';
import type { AppSpec, StartContext } from './topologies/types.js';

export interface NodeLaunch {
  label: string;
  /** The script run: the app's entry, or one of loadlab's runtime scripts. */
  script: string;
  /** What runs the script: the app's runtime; absent for loadlab's own scripts, which the Node running loadlab runs. */
  runtime?: RuntimeCommand;
  args: readonly string[];
  /** Extra environment on top of loadlab's own and the app's. */
  env?: Record<string, string>;
  ipc?: boolean;
  /** Called as soon as the process exists; the start also waits for the promise it returns (e.g. all workers listening). */
  onSpawn?: (child: OwnedProcess) => Promise<void>;
}

export interface LaunchedProcess {
  process: OwnedProcess;
  url: string;
}

/**
 * Starts a process for the app on a free port, in the app's folder (app.cwd), under its runtime,
 * and waits until the app answers its readiness path. On failure it stops the process and throws
 * a RunError that explains it (start-failure.ts): the app's exit code or signal, PORT, and what
 * the app wrote.
 */
export async function launchNodeProcess(launch: NodeLaunch, app: AppSpec, context: StartContext): Promise<LaunchedProcess> {
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  const child = context.owner.spawn({
    label: launch.label,
    command: launch.runtime?.executable ?? process.execPath,
    args: [...(launch.runtime?.args ?? []), launch.script, ...launch.args],
    env: { ...process.env, ...app.env, ...context.probeEnv, ...launch.env, PORT: String(port) },
    cwd: app.cwd,
    ipc: launch.ipc ?? false,
  });
  const extraReady = launch.onSpawn?.(child);
  const deadline = Date.now() + app.startTimeoutMs;
  const outcome = await waitUntilReady({ url: url + app.readiness, timeoutMs: app.startTimeoutMs, exited: child.exited, signal: context.signal });
  let reason: string = outcome.ready ? 'exited' : outcome.reason;
  if (outcome.ready && !extraReady) return { process: child, url };
  if (outcome.ready && extraReady) {
    // the rest of the start timeout, or Ctrl-C: a worker that never listens must not hang the start
    let timer: NodeJS.Timeout | undefined;
    const extra = await Promise.race([
      extraReady.then(() => 'ready' as const),
      child.exited.then(() => 'exited' as const),
      new Promise<'timeout'>((resolve) => {
        timer = setTimeout(resolve, Math.max(0, deadline - Date.now()), 'timeout');
      }),
      new Promise<'aborted'>((resolve) => context.signal.addEventListener('abort', () => resolve('aborted'), { once: true })),
    ]);
    clearTimeout(timer);
    if (extra === 'ready') return { process: child, url };
    reason = extra;
  }
  // before the stop: where the app listens is part of the explanation
  const failure = startFailure(launch.label, app, child, port, reason, outcome.ready ? 'not every worker began to listen' : outcome.lastError);
  await child.stop();
  if (context.signal.aborted) throw new RunError(`${launch.label}: start interrupted`);
  throw failure;
}

function startFailure(label: string, app: AppSpec, child: OwnedProcess, port: number, reason: string, lastError: string): RunError {
  const how =
    reason === 'timeout'
      ? `did not answer ${app.readiness} with 2xx within ${app.startTimeoutMs} ms (last: ${lastError})`
      : `exited during start with ${describeExit(child.exitInfo())}`;
  return processStartFailure(child, { headline: `${label}: the app ${app.entry} ${how}`, port, started: 'app' });
}
