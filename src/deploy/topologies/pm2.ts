import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RunError } from '../../contract/errors.js';
import type { ProcessInfo } from '../../contract/common.js';
import type { EventAction } from '../../contract/vocabulary.js';
import type { InstancesConfig, TopologySpecBase } from '../../scenario/types.js';
import { runtimeScript } from '../../machine/package-info.js';
import { findFreePort } from '../free-port.js';
import { isPortFree } from '../port-check.js';
import { ExitRecord } from '../exit-record.js';
import { OutputTail } from '../output-tail.js';
import { listeningPortsOfTree } from '../proc-table.js';
import type { OwnedProcess } from '../processes.js';
import { waitUntilReady } from '../readiness.js';
import { linesOf, startFailureError, type StreamLines } from '../start-failure.js';
import { entryOf, type AppSpec, type Deployment, type StartContext, type Topology } from './types.js';

/** Scenario: `{ kind: 'pm2', instances?: n | 'cores' }`. */
export interface Pm2Config {
  kind: 'pm2';
  name?: string;
  /** PM2 workers; default 'cores'; a list (e.g. [1, 2, 4, 'cores']) is a scaling sweep. */
  instances?: InstancesConfig;
}

export interface Pm2Spec extends TopologySpecBase {
  kind: 'pm2';
}

/** What runtime/pm2-control.cjs sends over IPC. */
type ControllerMessage =
  | { type: 'started' }
  | { type: 'done'; what: string; detail: string }
  | { type: 'failed'; what: string; message: string }
  | { type: 'processes'; daemon: number | null; workers: { pid: number; status: string; restarts: number }[] };

/** A PM2 deployment can also be reloaded (zero-downtime, one worker at a time) and restarted. */
export interface Pm2Deployment extends Deployment {
  reload(): Promise<void>;
  restart(): Promise<void>;
  act(action: EventAction): Promise<string>;
}

const stopTimeoutMs = 10_000;

/**
 * PM2 cluster mode through the pm2 package's programmatic API, driven by loadlab's controller
 * script with PM2_HOME set to a private temporary folder: the user's own PM2 daemon, apps and
 * ~/.pm2 are never touched. The PM2 daemon is the cluster primary: it accepts the connections
 * and hands them to the workers, so it is probed as the 'daemon'.
 */
export const pm2 = {
  kind: 'pm2',
  fields: [],
  instances: { default: 'cores' },
  needsApp: true,
  actions: ['kill-worker', 'reload', 'restart'],
  readSpec: (_read, _fields, base) => ({ ...base, kind: 'pm2' }),
  describe: (spec: Pm2Spec) => `PM2 cluster mode × ${spec.instances} instances`,
  async start(spec: Pm2Spec, app: AppSpec, context: StartContext): Promise<Pm2Deployment> {
    const entry = entryOf(app, spec.name);
    const home = context.owner.privateFolder('pm2');
    const port = await findFreePort();
    const url = `http://127.0.0.1:${port}`;
    const controller = context.owner.spawn({
      label: `${spec.name} (pm2 controller)`,
      command: process.execPath,
      args: [runtimeScript('pm2-control.cjs')],
      env: { ...process.env, PM2_HOME: home.path, PM2_DISABLE_VERSION_CHECK: 'true', PM2_DISCRETE_MODE: 'true' },
      cwd: home.path,
      ipc: true,
    });
    const state = followController(controller, context);
    const deployment: Pm2Deployment = {
      url,
      processes: () => state.processes(),
      exits: () => state.exits.list(),
      reload: async () => void (await state.command('reload')),
      restart: async () => void (await state.command('restart')),
      act: (action: EventAction) => state.command(action),
      stop: async () => {
        controller.child?.send({ type: 'stop' });
        await Promise.race([controller.exited, new Promise((resolve) => setTimeout(resolve, stopTimeoutMs))]);
        await Promise.all([controller.stop(), state.daemon?.stop()]);
        home.remove();
        if (!(await isPortFree(port))) throw new RunError(`${spec.name}: port ${port} is still in use after PM2 was stopped`);
      },
    };
    try {
      controller.child?.send({
        type: 'start',
        app: {
          script: entry,
          args: app.args,
          cwd: join(entry, '..'),
          instances: spec.instances,
          env: { ...app.env, PORT: String(port) },
          daemonEnv: context.probeEnv,
        },
      });
      await state.started;
      const outcome = await waitUntilReady({ url: url + app.readiness, timeoutMs: app.startTimeoutMs, exited: controller.exited, signal: context.signal });
      if (!outcome.ready)
        throw startFailure(spec, app, {
          home: home.path,
          port,
          how:
            outcome.reason === 'timeout'
              ? `did not answer ${app.readiness} with 2xx within ${app.startTimeoutMs} ms (last: ${outcome.lastError})`
              : `stopped during start (${outcome.reason})`,
          restarts: state.restarts(),
          daemonPid: state.daemon?.pid,
        });
      await state.allOnline(spec.instances, app.startTimeoutMs);
      return deployment;
    } catch (error) {
      const how = String(error instanceof Error ? error.message : error);
      const failure =
        error instanceof RunError ? error : startFailure(spec, app, { home: home.path, port, how, restarts: state.restarts(), daemonPid: state.daemon?.pid });
      await deployment.stop().catch(() => {});
      throw context.signal.aborted ? new RunError(`${spec.name}: start interrupted`) : failure;
    }
  },
} satisfies Topology<Pm2Spec>;

function followController(controller: OwnedProcess, context: StartContext) {
  let workers: { pid: number; status: string; restarts: number }[] = [];
  let daemon: OwnedProcess | undefined;
  const exits = new ExitRecord();
  const waiting = new Map<string, { resolve: (detail: string) => void; reject: (error: Error) => void }>();
  const onlineWaiters = new Set<() => void>();
  const started = new Promise<string>((resolve, reject) => waiting.set('start', { resolve, reject }));
  controller.child?.on('message', (message: ControllerMessage) => {
    if (message.type === 'processes') {
      workers = message.workers;
      // PM2 does not say how a worker ended: its pid leaves the list, and PM2 lists the one it started instead
      exits.track(
        'worker',
        workers.map((worker) => worker.pid),
        'PM2',
      );
      if (message.daemon && !daemon) {
        daemon = context.owner.adopt(message.daemon, 'PM2 daemon');
        exits.follow(daemon, 'daemon');
      }
      for (const wake of onlineWaiters) wake();
    } else if (message.type === 'started') {
      waiting.get('start')?.resolve('');
    } else if (message.type === 'done') {
      waiting.get(message.what)?.resolve(message.detail);
    } else if (message.type === 'failed') {
      waiting.get(message.what)?.reject(new Error(message.message));
    }
  });
  void controller.exited.then(() => {
    for (const waiter of waiting.values()) waiter.reject(new Error('the PM2 controller exited'));
  });
  return {
    started,
    exits,
    get daemon() {
      return daemon;
    },
    processes: (): ProcessInfo[] => [
      ...(daemon && !daemon.exitInfo() ? [{ pid: daemon.pid, role: 'daemon' as const }] : []),
      ...workers.filter((worker) => worker.status === 'online').map((worker) => ({ pid: worker.pid, role: 'worker' as const })),
    ],
    restarts: () => workers.reduce((sum, worker) => sum + worker.restarts, 0),
    command: (what: EventAction) =>
      new Promise<string>((resolve, reject) => {
        waiting.set(what, { resolve, reject });
        controller.child?.send({ type: what });
      }),
    allOnline: (count: number, timeoutMs: number) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (workers.filter((worker) => worker.status === 'online').length >= count && daemon) {
            onlineWaiters.delete(check);
            clearTimeout(timer);
            resolve();
          }
        };
        const timer = setTimeout(() => {
          onlineWaiters.delete(check);
          reject(new Error(`only ${workers.filter((worker) => worker.status === 'online').length} of ${count} PM2 instances came online`));
        }, timeoutMs);
        onlineWaiters.add(check);
        check();
      }),
  };
}

/** What PM2 left to explain a failed start. */
interface Pm2Failure {
  /** PM2_HOME, where its logs of the app are. */
  home: string;
  /** The port loadlab set in PORT. */
  port: number;
  /** How it failed, in words. */
  how: string;
  /** How many times PM2 restarted the app's instances. */
  restarts: number;
  /** The PM2 daemon, when it runs: in cluster mode it holds the app's listening socket. */
  daemonPid?: number | undefined;
  /** Further facts, a line each. */
  notes?: string[];
}

/** Log lines read from the end of a log: a crash loop can write megabytes, and the telling lines are in its repeats. */
const logBytesRead = 256 * 1024;

function startFailure(spec: Pm2Spec, app: AppSpec, failure: Pm2Failure): RunError {
  const notes = [...(failure.restarts > 0 ? [`PM2 restarted its instances ${failure.restarts} times`] : []), ...(failure.notes ?? [])];
  const listening = failure.daemonPid === undefined ? undefined : listeningPortsOfTree(failure.daemonPid);
  return startFailureError({
    headline: `${spec.name}: the app ${app.entry} under PM2 ${failure.how}`,
    port: failure.port,
    ...(listening ? { listening } : {}),
    notes,
    output: [
      { name: 'output log', lines: lastLines(join(failure.home, 'app-out.log')) },
      { name: 'error log', lines: lastLines(join(failure.home, 'app-err.log')) },
    ],
    started: 'app',
  });
}

/** The end of a log file as kept lines, as an OutputTail keeps a stream's. */
function lastLines(file: string): StreamLines {
  const tail = new OutputTail(20);
  try {
    const size = statSync(file).size;
    const handle = openSync(file, 'r');
    try {
      const buffer = Buffer.alloc(Math.min(size, logBytesRead));
      readSync(handle, buffer, 0, buffer.length, size - buffer.length);
      const text = buffer.toString('utf8');
      // a read that began inside a line drops that line's end
      tail.push(size > buffer.length ? text.slice(text.indexOf('\n') + 1) : text);
    } finally {
      closeSync(handle);
    }
  } catch {
    // no log: PM2 did not start the app
  }
  return linesOf(tail);
}
