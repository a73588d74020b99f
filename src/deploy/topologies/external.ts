import { RunError } from '../../contract/errors.js';
import type { ProcessInfo } from '../../contract/common.js';
import type { FieldReader } from '../../scenario/field-reader.js';
import { acceptTimeSplit } from '../../scenario/topology-catalogue.js';
import type { DurationInput, TopologySpecBase } from '../../scenario/types.js';
import { ExitRecord } from '../exit-record.js';
import { ListenerLookup } from '../listener-lookup.js';
import { isPortFree } from '../port-check.js';
import { isLive, readProcStat } from '../proc-table.js';
import { waitUntilReady } from '../readiness.js';
import { describeExit, processStartFailure } from '../start-failure.js';
import type { AppSpec, Deployment, StartContext, Topology } from './types.js';

/** Scenario: `{ kind: 'external', url, command?, pids?, readiness?, startTimeout? }`. */
export interface ExternalConfig {
  kind: 'external';
  name?: string;
  /** How many processes serve it, for the comparisons; default 1. */
  instances?: number;
  /** The URL of the server (with command: the URL it will listen on). */
  url: string;
  /** A command that starts the server (an argument list, no shell); loadlab stops it at the end. */
  command?: string[];
  /** Pids of an already running server, for the probes. */
  pids?: number[];
  /** Path polled until it answers 2xx; default the app's readiness, else '/'. */
  readiness?: string;
  /** How long the server may take to answer its readiness path; default the app's startTimeout, else '15s'. */
  startTimeout?: DurationInput;
}

export interface ExternalSpec extends TopologySpecBase {
  kind: 'external';
  /** Without a trailing slash. */
  url: string;
  /** Empty: a server already running. */
  command: string[];
  pids: number[];
  /** Absent: the app's. */
  readiness?: string;
  startTimeoutMs?: number;
}

/**
 * A server loadlab does not deploy: either already running at `url` (loadlab neither starts nor
 * stops it; the probes watch `pids` if given, else report unavailable), or started from
 * `command` with PORT set to the URL's port, waited for, and stopped at the end; the probes
 * then watch the processes of the command that listen on that port (not a wrapper such as
 * npx). Its readiness path and start timeout are its own, else the app's. The app's entry is
 * not used; the in-app agent reaches a command only if it is Node (via NODE_OPTIONS).
 */
export const external = {
  kind: 'external',
  fields: ['url', 'command', 'pids', 'readiness', 'startTimeout'],
  instances: { default: 1 },
  needsApp: false,
  actions: [],
  instanceUnit: null,
  unevenBecause: acceptTimeSplit,
  filesPerConnection: 1,
  readSpec: (read, fields, base, path) => ({ ...base, kind: 'external', ...readTarget(read, fields, path) }),
  describe: (spec: ExternalSpec) => (spec.command.length > 0 ? `external command ${spec.command[0]} at ${spec.url}` : `external server at ${spec.url}`),
  async start(spec: ExternalSpec, app: AppSpec, context: StartContext): Promise<Deployment> {
    const { url, command, pids } = spec;
    const readiness = spec.readiness ?? app.readiness;
    const startTimeoutMs = spec.startTimeoutMs ?? app.startTimeoutMs;
    if (command.length === 0) {
      const outcome = await waitUntilReady({ url: url + readiness, timeoutMs: startTimeoutMs, exited: new Promise(() => {}), signal: context.signal });
      if (!outcome.ready)
        throw new RunError(`${spec.name}: ${url} did not answer ${readiness} with 2xx within ${startTimeoutMs} ms (last: ${outcome.lastError})`);
      return {
        url,
        processes: (): ProcessInfo[] => pids.filter((pid) => isLive(readProcStat(pid))).map((pid) => ({ pid, role: 'instance' })),
        stop: async () => {},
      };
    }
    const [program, ...args] = command as [string, ...string[]];
    const port = Number(new URL(url).port || (new URL(url).protocol === 'https:' ? '443' : '80'));
    // taken, the command would fail to listen, and loadlab would load whatever answers there
    if (isLoopback(new URL(url).hostname) && !(await isPortFree(port)))
      throw new RunError(`${spec.name}: port ${port} of ${url} is already in use by another process: the command could not listen there`, {
        hint: `stop what listens on ${port}, or give the topology another url`,
      });
    const child = context.owner.spawn({
      label: `${spec.name} (${program})`,
      command: program,
      args,
      env: { ...process.env, ...app.env, ...context.probeEnv, PORT: String(port) },
      cwd: process.cwd(),
    });
    const outcome = await waitUntilReady({ url: url + readiness, timeoutMs: startTimeoutMs, exited: child.exited, signal: context.signal });
    if (!outcome.ready) {
      const how =
        outcome.reason === 'exited'
          ? `exited during start with ${describeExit(child.exitInfo())}`
          : `did not answer ${readiness} at ${url} with 2xx within ${startTimeoutMs} ms (last: ${outcome.lastError})`;
      // before the stop: where the command listens is part of the explanation
      const failure = processStartFailure(child, { headline: `${spec.name}: ${command.join(' ')} ${how}`, port, started: 'command' });
      await child.stop();
      throw context.signal.aborted ? new RunError(`${spec.name}: start interrupted`) : failure;
    }
    const listeners = new ListenerLookup(child.pid, port);
    // a wrapper (npx, sh -c) waits while its child serves: the probes watch the listener, not the wrapper
    const serving = () => {
      const found = listeners.current();
      return found.length > 0 ? found : [child.pid];
    };
    const exits = new ExitRecord();
    exits.follow(child, 'instance');
    return {
      url,
      processes: (): ProcessInfo[] => (child.exitInfo() ? [] : serving().map((pid) => ({ pid, role: 'instance' }))),
      warnings: () =>
        child.exitInfo() || listeners.current().length > 0
          ? []
          : [
              `no process started by \`${command.join(' ')}\` listens on port ${port}: the probes watched the command's own process (pid ${child.pid}), which may be a wrapper that does no serving`,
            ],
      stop: () => child.stop(),
      exits: () => exits.list(),
    };
  },
} satisfies Topology<ExternalSpec>;

function readTarget(
  read: FieldReader,
  fields: Record<string, unknown>,
  path: string,
): Pick<ExternalSpec, 'url' | 'command' | 'pids' | 'readiness' | 'startTimeoutMs'> {
  const urlText = read.string(fields.url, `${path}.url`) ?? '';
  if (urlText !== '' && !URL.canParse(urlText)) read.report(`${path}.url`, `not a URL: '${urlText}'`);
  else if (urlText !== '' && !['http:', 'https:'].includes(new URL(urlText).protocol))
    read.report(`${path}.url`, `must be an http:// or https:// URL, found '${urlText}'`);
  const command = read.stringList(fields.command, `${path}.command`);
  if (fields.command !== undefined && command.length === 0)
    read.report(`${path}.command`, 'must not be empty: the program and its arguments, e.g. ["node", "server.js"]');
  const pids = fields.pids === undefined ? [] : Array.isArray(fields.pids) ? (fields.pids as unknown[]) : [];
  if (fields.pids !== undefined && (!Array.isArray(fields.pids) || pids.some((pid) => !Number.isInteger(pid) || (pid as number) < 1))) {
    read.report(`${path}.pids`, 'expected a list of process ids (whole numbers)');
  }
  const readiness = fields.readiness === undefined ? undefined : read.string(fields.readiness, `${path}.readiness`);
  if (readiness !== undefined && !readiness.startsWith('/')) read.report(`${path}.readiness`, `must be a path starting with '/', found '${readiness}'`);
  return {
    url: urlText.replace(/\/+$/, ''),
    command,
    pids: pids.filter((pid): pid is number => Number.isInteger(pid)),
    ...(readiness === undefined ? {} : { readiness }),
    ...(fields.startTimeout === undefined ? {} : { startTimeoutMs: read.durationMs(fields.startTimeout, `${path}.startTimeout`, 0, 1) }),
  };
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || hostname.startsWith('127.');
}
