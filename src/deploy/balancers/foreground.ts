import { readFileSync } from 'node:fs';
import type { ProcessInfo } from '../../contract/common.js';
import { RunError, TopologyUnavailable } from '../../contract/errors.js';
import { findOnPath, isExecutable } from '../find-executable.js';
import { ExitRecord } from '../exit-record.js';
import { childrenOf } from '../proc-table.js';
import { waitUntilReady } from '../readiness.js';
import type { BalancerStart, RunningBalancer } from './types.js';

/** How often the list of a balancer's worker processes is read again (it scans /proc). */
const workerRefreshMs = 1000;

/**
 * The executable of a balancer: the path the scenario gives, else the one on PATH; when there
 * is none, TopologyUnavailable with how to install it.
 */
export function locate(program: string, configured: { field: string; path: string | undefined }, install: string): string {
  if (configured.path !== undefined) {
    if (!isExecutable(configured.path))
      throw new TopologyUnavailable(`${program} not found at proxy.${configured.field} ${configured.path}: install it (${install}) or fix the path`);
    return configured.path;
  }
  const found = findOnPath(program);
  if (!found) throw new TopologyUnavailable(`${program} not found: install it (${install}) or set proxy.${configured.field}`);
  return found;
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
