import { readFileSync } from 'node:fs';
import type { ProcessInfo } from '../../contract/common.js';
import type { FieldReader } from '../../scenario/field-reader.js';
import { RunError, TopologyUnavailable } from '../../contract/errors.js';
import { findOnPath, isExecutable } from '../find-executable.js';
import { ExitRecord } from '../exit-record.js';
import { childrenOf } from '../proc-table.js';
import { waitUntilReady } from '../readiness.js';
import type { BalancerProgram, BalancerStart, RunningBalancer } from './types.js';

/** How often the list of a balancer's worker processes is read again (it scans /proc). */
const workerRefreshMs = 1000;

/**
 * The executable of a balancer: the path the scenario gives (its tool's pathField), else the one
 * on PATH; when there is none, TopologyUnavailable with how to install it.
 */
export function locate(tool: BalancerProgram, configuredPath: string | undefined): string {
  const { command, install, pathField } = tool;
  if (configuredPath !== undefined) {
    if (!isExecutable(configuredPath))
      throw new TopologyUnavailable(`${command} not found at ${pathField} ${configuredPath}: install it (${install}) or fix the path`);
    return configuredPath;
  }
  const found = findOnPath(command);
  if (!found) throw new TopologyUnavailable(`${command} not found: install it (${install}) or set ${pathField}`);
  return found;
}

/** A balancer's own path field (`nginxPath`) as its spec keeps it: `{ path }` when the scenario gives one. */
export function readProgramPath(read: FieldReader, value: unknown, path: string): { path?: string } {
  const given = value === undefined ? undefined : read.string(value, path);
  return given === undefined ? {} : { path: given };
}

/**
 * Starts a balancer program in the foreground and waits until the app answers its readiness
 * path through it; when it does not, the balancer is stopped and the RunError quotes the tail of
 * its log (or its stderr). Its processes are the program and its children (nginx's workers).
 */
export async function startForeground(
  input: BalancerStart,
  program: { name: string; path: string; args: string[]; logFile: string },
): Promise<RunningBalancer> {
  const balancer = input.context.owner.spawn({ label: input.label, command: program.path, args: program.args, env: process.env, cwd: input.folder });
  const url = `http://127.0.0.1:${input.listenPort}`;
  const outcome = await waitUntilReady({ url: url + input.readiness, timeoutMs: input.startTimeoutMs, exited: balancer.exited, signal: input.context.signal });
  if (!outcome.ready) {
    const how =
      outcome.reason === 'exited'
        ? `${program.name} exited with code ${balancer.exitInfo()?.code}`
        : `${program.name} did not answer ${input.readiness} with 2xx within ${input.startTimeoutMs} ms (last: ${outcome.lastError})`;
    const log = tail(program.logFile) || balancer.stderr.text().trim();
    await balancer.stop();
    throw new RunError([`${input.label}: ${how}`, ...(log ? ['last lines of its log:', ...log.split('\n').map((line) => `  ${line}`)] : [])]);
  }
  const exits = new ExitRecord();
  exits.follow(balancer, 'balancer');
  let workers: number[] = [];
  let workersReadAt = 0;
  const children = () => {
    if (Date.now() - workersReadAt > workerRefreshMs) {
      workers = childrenOf(balancer.pid);
      exits.track('balancer', workers, program.name);
      workersReadAt = Date.now();
    }
    return workers;
  };
  return {
    processes: (): ProcessInfo[] => (balancer.exitInfo() ? [] : [balancer.pid, ...children()].map((pid) => ({ pid, role: 'balancer' as const }))),
    exits: () => exits.list(),
    stop: () => balancer.stop(),
  };
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-20).join('\n');
  } catch {
    return '';
  }
}
