import { RunError } from '../../contract/errors.js';
import type { ProcessInfo } from '../../contract/common.js';
import type { TopologySpec } from '../../scenario/types.js';
import { isLive, readProcStat } from '../proc-table.js';
import { waitUntilReady } from '../readiness.js';
import type { AppSpec, Deployment, StartContext, Topology } from './types.js';

/**
 * A server loadlab does not deploy: either already running at `url` (loadlab neither starts nor
 * stops it; the probes watch `pids` if given, else report unavailable), or started from
 * `command` with PORT set to the URL's port, waited for, and stopped at the end. The app's
 * entry is not used; the in-app agent reaches a command only if it is Node (via NODE_OPTIONS).
 */
export const external = {
  kind: 'external',
  describe: (spec: TopologySpec) => (spec.external?.command.length ? `external command ${spec.external.command[0]} at ${spec.external.url}` : `external server at ${spec.external?.url}`),
  async start(spec: TopologySpec, app: AppSpec, context: StartContext): Promise<Deployment> {
    const target = spec.external;
    if (!target) throw new Error(`topology ${spec.name} has no external settings`);
    const { url, command, pids } = target;
    if (command.length === 0) {
      const outcome = await waitUntilReady({ url: url + app.readiness, timeoutMs: app.startTimeoutMs, exited: new Promise(() => {}), signal: context.signal });
      if (!outcome.ready) throw new RunError(`${spec.name}: ${url} did not answer ${app.readiness} with 2xx within ${app.startTimeoutMs} ms (last: ${outcome.lastError})`);
      return {
        url,
        processes: (): ProcessInfo[] => pids.filter((pid) => isLive(readProcStat(pid))).map((pid) => ({ pid, role: 'instance' })),
        stop: async () => {},
      };
    }
    const [program, ...args] = command as [string, ...string[]];
    const port = new URL(url).port || (new URL(url).protocol === 'https:' ? '443' : '80');
    const child = context.owner.spawn({ label: `${spec.name} (${program})`, command: program, args, env: { ...process.env, ...app.env, ...context.probeEnv, PORT: port }, cwd: process.cwd() });
    const outcome = await waitUntilReady({ url: url + app.readiness, timeoutMs: app.startTimeoutMs, exited: child.exited, signal: context.signal });
    if (!outcome.ready) {
      const exit = child.exitInfo();
      const how = outcome.reason === 'exited'
        ? `exited during start with ${exit?.signal ? `signal ${exit.signal}` : `exit code ${exit?.code ?? 'unknown'}`}`
        : `did not answer ${app.readiness} at ${url} with 2xx within ${app.startTimeoutMs} ms (last: ${outcome.lastError})`;
      await child.stop();
      const stderr = child.stderr.text().trim();
      throw new RunError([`${spec.name}: ${command.join(' ')} ${how}`, ...(stderr ? ['last lines of its stderr:', ...stderr.split('\n').map((line) => `  ${line}`)] : [])]);
    }
    return {
      url,
      processes: (): ProcessInfo[] => (child.exitInfo() ? [] : [{ pid: child.pid, role: 'instance' }]),
      stop: () => child.stop(),
    };
  },
} satisfies Topology;
