import { RunError } from '../../contract/errors.js';
import type { ProcessInfo } from '../../contract/common.js';
import type { FieldReader } from '../../scenario/field-reader.js';
import type { TopologySpecBase } from '../../scenario/types.js';
import { ExitRecord } from '../exit-record.js';
import { isPortFree } from '../port-check.js';
import { isLive, readProcStat } from '../proc-table.js';
import { waitUntilReady } from '../readiness.js';
import type { AppSpec, Deployment, StartContext, Topology } from './types.js';

/** Scenario: `{ kind: 'external', url, command?, pids? }`. */
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
}

export interface ExternalSpec extends TopologySpecBase {
  kind: 'external';
  /** Without a trailing slash. */
  url: string;
  /** Empty: a server already running. */
  command: string[];
  pids: number[];
}

/**
 * A server loadlab does not deploy: either already running at `url` (loadlab neither starts nor
 * stops it; the probes watch `pids` if given, else report unavailable), or started from
 * `command` with PORT set to the URL's port, waited for, and stopped at the end. The app's
 * entry is not used; the in-app agent reaches a command only if it is Node (via NODE_OPTIONS).
 */
export const external = {
  kind: 'external',
  fields: ['url', 'command', 'pids'],
  instances: { default: 1 },
  needsApp: false,
  actions: [],
  readSpec: (read, fields, base, path) => ({ ...base, kind: 'external', ...readTarget(read, fields, path) }),
  describe: (spec: ExternalSpec) => (spec.command.length > 0 ? `external command ${spec.command[0]} at ${spec.url}` : `external server at ${spec.url}`),
  async start(spec: ExternalSpec, app: AppSpec, context: StartContext): Promise<Deployment> {
    const { url, command, pids } = spec;
    if (command.length === 0) {
      const outcome = await waitUntilReady({ url: url + app.readiness, timeoutMs: app.startTimeoutMs, exited: new Promise(() => {}), signal: context.signal });
      if (!outcome.ready)
        throw new RunError(`${spec.name}: ${url} did not answer ${app.readiness} with 2xx within ${app.startTimeoutMs} ms (last: ${outcome.lastError})`);
      return {
        url,
        processes: (): ProcessInfo[] => pids.filter((pid) => isLive(readProcStat(pid))).map((pid) => ({ pid, role: 'instance' })),
        stop: async () => {},
      };
    }
    const [program, ...args] = command as [string, ...string[]];
    const port = new URL(url).port || (new URL(url).protocol === 'https:' ? '443' : '80');
    // taken, the command would fail to listen, and loadlab would load whatever answers there
    if (isLoopback(new URL(url).hostname) && !(await isPortFree(Number(port))))
      throw new RunError(`${spec.name}: port ${port} of ${url} is already in use by another process: the command could not listen there`, {
        hint: `stop what listens on ${port}, or give the topology another url`,
      });
    const child = context.owner.spawn({
      label: `${spec.name} (${program})`,
      command: program,
      args,
      env: { ...process.env, ...app.env, ...context.probeEnv, PORT: port },
      cwd: process.cwd(),
    });
    const outcome = await waitUntilReady({ url: url + app.readiness, timeoutMs: app.startTimeoutMs, exited: child.exited, signal: context.signal });
    if (!outcome.ready) {
      const exit = child.exitInfo();
      const how =
        outcome.reason === 'exited'
          ? `exited during start with ${exit?.signal ? `signal ${exit.signal}` : `exit code ${exit?.code ?? 'unknown'}`}`
          : `did not answer ${app.readiness} at ${url} with 2xx within ${app.startTimeoutMs} ms (last: ${outcome.lastError})`;
      await child.stop();
      const stderr = child.stderr.text().trim();
      throw new RunError([
        `${spec.name}: ${command.join(' ')} ${how}`,
        ...(stderr ? ['last lines of its stderr:', ...stderr.split('\n').map((line) => `  ${line}`)] : []),
      ]);
    }
    const exits = new ExitRecord();
    exits.follow(child, 'instance');
    return {
      url,
      processes: (): ProcessInfo[] => (child.exitInfo() ? [] : [{ pid: child.pid, role: 'instance' }]),
      stop: () => child.stop(),
      exits: () => exits.list(),
    };
  },
} satisfies Topology<ExternalSpec>;

function readTarget(read: FieldReader, fields: Record<string, unknown>, path: string): Pick<ExternalSpec, 'url' | 'command' | 'pids'> {
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
  return { url: urlText.replace(/\/+$/, ''), command, pids: pids.filter((pid): pid is number => Number.isInteger(pid)) };
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || hostname.startsWith('127.');
}
