import { join } from 'node:path';
import { RunError } from '../../contract/errors.js';
import type { ProcessInfo } from '../../contract/common.js';
import type { EventAction } from '../../contract/vocabulary.js';
import { keepAliveSplit } from '../../scenario/topology-catalogue.js';
import type { InstancesConfig, Runtime, TopologySpecBase } from '../../scenario/types.js';
import { runtimeScript } from '../../machine/package-info.js';
import { findFreePort } from '../free-port.js';
import { isPortFree } from '../port-check.js';
import { ExitRecord } from '../exit-record.js';
import type { ExitInfo, OwnedProcess } from '../processes.js';
import { waitUntilReady } from '../readiness.js';
import { runtimeCommand } from '../runtime-command.js';
import { describeExit } from '../start-failure.js';
import { appExitFromDaemonLog } from './pm2-app-exit.js';
import { listeningNotes, waitUntilWorkersListen } from './pm2-listening.js';
import { errorLines, pm2StartFailure, readText } from './pm2-start-failure.js';
import { pm2Tool } from './pm2-tool.js';
import { entryOf, underRuntime, type AppSpec, type Deployment, type StartContext, type Topology } from './types.js';

/** Scenario: `{ kind: 'pm2', instances?: n | 'cores' }`. */
export interface Pm2Config {
  kind: 'pm2';
  name?: string;
  /** PM2 workers; default 'cores'; a list (e.g. [1, 2, 4, 'cores']) is a scaling sweep. */
  instances?: InstancesConfig;
  /** Runs the app under this runtime instead of app.runtime. */
  runtime?: Runtime;
}

export interface Pm2Spec extends TopologySpecBase {
  kind: 'pm2';
}

/** What runtime/pm2-control.cjs sends over IPC. */
type ControllerMessage =
  | { type: 'started' }
  | { type: 'done'; what: string; detail: string }
  | { type: 'failed'; what: string; message: string }
  | { type: 'processes'; daemon: number | null; workers: Pm2Worker[] };

/** A worker as PM2 lists it; exitCode is PM2's `exit_code` of its last exit (0 after a signal). */
interface Pm2Worker {
  pid: number;
  status: string;
  restarts: number;
  exitCode?: number;
}

/** The name the controller gives the app in PM2 (runtime/pm2-control.cjs). */
const appName = 'loadlab-app';

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
  instanceUnit: 'instance',
  unevenBecause: `connections handed out unevenly when they were accepted, and ${keepAliveSplit}; more connections than workers evens it out`,
  filesPerConnection: 1,
  tools: { all: [pm2Tool], needs: () => [{ tool: pm2Tool }], byDefault: [{ tool: pm2Tool }] },
  readSpec: (_read, _fields, base) => ({ ...base, kind: 'pm2' }),
  describe: (spec: Pm2Spec) => `PM2 cluster mode × ${spec.instances} instances${underRuntime(spec.runtime)}`,
  async start(spec: Pm2Spec, app: AppSpec, context: StartContext): Promise<Pm2Deployment> {
    const entry = entryOf(app, spec.name);
    const runtime = runtimeCommand(spec.runtime, app.cwd);
    // startTimeout bounds the whole start: the daemon's, the app's, and every worker's listening
    const deadline = Date.now() + app.startTimeoutMs;
    const home = context.owner.privateFolder('pm2');
    const port = await findFreePort();
    const url = `http://127.0.0.1:${port}`;
    const listening = listeningNotes(home.path, {
      NODE_OPTIONS: context.probeEnv.NODE_OPTIONS ?? app.env.NODE_OPTIONS ?? process.env.NODE_OPTIONS,
      BUN_OPTIONS: context.probeEnv.BUN_OPTIONS ?? app.env.BUN_OPTIONS ?? process.env.BUN_OPTIONS,
    });
    const controller = context.owner.spawn({
      label: `${spec.name} (pm2 controller)`,
      // PM2's cluster workers run on the daemon's runtime, and the daemon on the controller's:
      // under Bun, PM2 runs as a Bun app itself (its ProcessContainerBun) and forks with Bun's node:cluster
      command: runtime.runtime === 'bun' ? runtime.executable : process.execPath,
      args: [runtimeScript('pm2-control.cjs')],
      env: { ...process.env, PM2_HOME: home.path, PM2_DISABLE_VERSION_CHECK: 'true', PM2_DISCRETE_MODE: 'true' },
      // the daemon starts in this folder: what NODE_OPTIONS preloads (tsx, dotenv/config) resolves
      // from the project, as `npm start` would; PM2's own state stays in the private PM2_HOME
      cwd: app.cwd,
      ipc: true,
    });
    const state = followController(controller, context, home.path);
    const deployment: Pm2Deployment = {
      url,
      processes: () => state.processes(),
      exits: () => state.exits.list(),
      reload: async () => void (await state.command('reload')),
      restart: async () => void (await state.command('restart')),
      act: (action: EventAction) => state.command(action),
      stop: async () => {
        // before PM2 answered, it cannot stop itself (its daemon may never have come up): the tree goes
        if (state.isStarted()) {
          controller.child?.send({ type: 'stop' });
          await Promise.race([controller.exited, new Promise((resolve) => setTimeout(resolve, stopTimeoutMs))]);
        }
        await Promise.all([controller.stop(), state.daemon?.stop()]);
        home.remove();
        if (!(await isPortFree(port))) throw new RunError(`${spec.name}: port ${port} is still in use after PM2 was stopped`);
      },
    };
    const failure = (how: string) =>
      pm2StartFailure(spec.name, app, { home: home.path, port, how, restarts: state.restarts(), daemonPid: state.daemon?.pid, started: state.isStarted() });
    /** A wait that ended early: how the app exited, when it did. */
    const cutShort = (reason: 'exited' | 'aborted') => {
      const exit = state.appExit();
      return failure(exit ? `exited during start with ${describeExit(exit)}` : `stopped during start (${reason})`);
    };
    const exited = Promise.race([controller.exited, state.appExited]);
    try {
      controller.child?.send({
        type: 'start',
        app: {
          script: entry,
          args: app.args,
          cwd: app.cwd,
          instances: spec.instances,
          env: { ...app.env, PORT: String(port) },
          daemonEnv: { ...context.probeEnv, ...listening.env },
          // PM2 7 refuses a .ts entry on Node 20 unless told the interpreter; in cluster mode the
          // workers take node_args (tsx's loader) as their execArgv
          interpreter: runtime.executable,
          nodeArgs: runtime.args,
        },
      });
      const left = () => Math.max(0, deadline - Date.now());
      const started = await Promise.race([state.started.then(() => true), state.appExited.then(() => true), sleep(left()).then(() => false)]);
      if (!started) throw failure(`did not start within ${app.startTimeoutMs} ms (PM2 never said the app started)`);
      const outcome = await waitUntilReady({
        url: url + app.readiness,
        timeoutMs: left(),
        exited,
        signal: context.signal,
      });
      if (!outcome.ready && outcome.reason !== 'timeout') throw cutShort(outcome.reason);
      if (!outcome.ready) throw failure(`did not answer ${app.readiness} with 2xx within ${app.startTimeoutMs} ms (last: ${outcome.lastError})`);
      // PM2 calls a worker online when it is forked: one still starting (a .ts entry compiling under
      // tsx) would miss every keep-alive connection of the trial
      const listened = await waitUntilWorkersListen({
        folder: listening.folder,
        port,
        count: spec.instances,
        workers: () => (state.daemon ? state.onlinePids() : []),
        timeoutMs: left(),
        exited,
        signal: context.signal,
      });
      if (!listened.ready && listened.reason !== 'timeout') throw cutShort(listened.reason);
      if (!listened.ready) {
        throw failure(
          `did not listen in every worker within ${app.startTimeoutMs} ms: only ${listened.listened} of ${spec.instances} PM2 workers listened on port ${port}`,
        );
      }
      return deployment;
    } catch (error) {
      const reason = error instanceof RunError ? error : failure(`could not be started: ${String(error instanceof Error ? error.message : error)}`);
      await deployment.stop().catch(() => {});
      throw context.signal.aborted ? new RunError(`${spec.name}: start interrupted`) : reason;
    }
  },
} satisfies Topology<Pm2Spec>;

function followController(controller: OwnedProcess, context: StartContext, home: string) {
  let workers: Pm2Worker[] = [];
  let isStarted = false;
  let exitedApp: () => void = () => {};
  // a worker PM2 had to restart, or gave up on, while loadlab waits for the start: the app exits at start
  const appExited = new Promise<void>((resolve) => {
    exitedApp = resolve;
  });
  let daemon: OwnedProcess | undefined;
  const exits = new ExitRecord();
  const waiting = new Map<string, { resolve: (detail: string) => void; reject: (error: Error) => void }>();
  const started = new Promise<string>((resolve, reject) => waiting.set('start', { resolve, reject }));
  const onlinePids = () => workers.filter((worker) => worker.status === 'online').map((worker) => worker.pid);
  controller.child?.on('message', (message: ControllerMessage) => {
    if (message.type === 'processes') {
      workers = message.workers;
      // PM2 does not say how a worker ended: its pid leaves the list, and PM2 lists the one it started instead
      exits.track(
        'worker',
        workers.map((worker) => worker.pid),
        'PM2',
      );
      if (workers.some((worker) => worker.restarts > 0 || worker.status === 'errored' || worker.status === 'stopped')) exitedApp();
      if (message.daemon && !daemon) {
        daemon = context.owner.adopt(message.daemon, 'PM2 daemon');
        exits.follow(daemon, 'daemon');
      }
    } else if (message.type === 'started') {
      isStarted = true;
      waiting.get('start')?.resolve('');
    } else if (message.type === 'done') {
      waiting.get(message.what)?.resolve(message.detail);
    } else if (message.type === 'failed') {
      waiting.get(message.what)?.reject(new Error(message.message));
    }
  });
  void controller.exited.then((exit) => {
    const stderr = controller.stderr.text().trim();
    const why = `the PM2 controller exited with ${describeExit(exit)}${stderr === '' ? '' : `: ${errorLines(stderr).join(' | ')}`}`;
    for (const waiter of waiting.values()) waiter.reject(new Error(why));
  });
  return {
    started,
    exits,
    appExited,
    isStarted: () => isStarted,
    /** How the app's last worker exited, once one did: from the daemon's log, else PM2's exit code. */
    appExit: (): ExitInfo | undefined => {
      const fromLog = appExitFromDaemonLog(readText(join(home, 'pm2.log')), appName);
      if (fromLog) return fromLog;
      const code = workers.find((worker) => worker.restarts > 0)?.exitCode;
      return code === undefined ? undefined : { code, signal: null };
    },
    /** Why the daemon did not come up: the error lines of its own log. */
    get daemon() {
      return daemon;
    },
    processes: (): ProcessInfo[] => [
      ...(daemon && !daemon.exitInfo() ? [{ pid: daemon.pid, role: 'daemon' as const }] : []),
      ...onlinePids().map((pid) => ({ pid, role: 'worker' as const })),
    ],
    restarts: () => workers.reduce((sum, worker) => sum + worker.restarts, 0),
    command: (what: EventAction) =>
      new Promise<string>((resolve, reject) => {
        waiting.set(what, { resolve, reject });
        controller.child?.send({ type: what });
      }),
    onlinePids,
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
