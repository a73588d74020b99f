import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RunError, TopologyUnavailable } from '../../contract/errors.js';
import type { ProcessInfo } from '../../contract/common.js';
import type { TopologySpec } from '../../scenario/types.js';
import { findFreePort } from '../free-port.js';
import { isPortFree } from '../port-check.js';
import { childrenOf } from '../proc-table.js';
import { waitUntilReady } from '../readiness.js';
import { findOnPath, isExecutable } from '../find-executable.js';
import { launchNodeProcess, type LaunchedProcess } from '../launch.js';
import { nginxConfig } from '../balancers/nginx-config.js';
import { makePrivateFolder } from '../private-folder.js';
import type { AppSpec, Deployment, StartContext, Topology } from './types.js';

export const nginxMissing = 'nginx not found: install it (apt-get install nginx) or set proxy.nginxPath';

/** How often the list of nginx's worker processes is read again (it scans /proc). */
const workerRefreshMs = 1000;

/**
 * N single instances of the app on free ports behind a real nginx, started by loadlab in the
 * foreground with a generated configuration in a private temporary prefix. nginx's master and
 * workers are the 'balancer' processes: its workers do the balancing.
 */
export const proxy = {
  kind: 'proxy',
  describe: (spec: TopologySpec) => `nginx (${spec.proxy?.workerProcesses ?? 1} worker) in front of ${spec.instances} instances`,
  async start(spec: TopologySpec, app: AppSpec, context: StartContext): Promise<Deployment> {
    const nginxPath = locateNginx(spec);
    const prefix = makePrivateFolder('nginx');
    const instances: LaunchedProcess[] = [];
    const stopInstances = () => Promise.all(instances.map((instance) => instance.process.stop()));
    try {
      const started = await Promise.allSettled(
        Array.from({ length: spec.instances }, (_, index) => launchNodeProcess({ label: `${spec.name} instance ${index + 1}`, script: app.entry, args: app.args }, app, context)),
      );
      for (const result of started) if (result.status === 'fulfilled') instances.push(result.value);
      const failed = started.find((result): result is PromiseRejectedResult => result.status === 'rejected');
      if (failed) throw failed.reason;

      const port = await findFreePort();
      const upstreamPorts = instances.map((instance) => Number(new URL(instance.url).port));
      for (const folder of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(prefix.path, folder));
      const configFile = join(prefix.path, 'nginx.conf');
      const workerProcesses = spec.proxy?.workerProcesses ?? 1;
      writeFileSync(configFile, nginxConfig({ prefix: prefix.path, listenPort: port, upstreamPorts, workerProcesses, runAsRoot: process.getuid?.() === 0 }));
      const errorLog = join(prefix.path, 'error.log');
      const nginx = context.owner.spawn({
        label: `${spec.name} (nginx)`,
        command: nginxPath,
        // no -e (nginx ≥ 1.19.5 only): the configuration's error_log points into the prefix, and what nginx says before it reads it goes to stderr
        args: ['-p', `${prefix.path}/`, '-c', configFile],
        env: process.env,
        cwd: prefix.path,
      });
      const url = `http://127.0.0.1:${port}`;
      const outcome = await waitUntilReady({ url: url + app.readiness, timeoutMs: app.startTimeoutMs, exited: nginx.exited, signal: context.signal });
      if (!outcome.ready) {
        const how = outcome.reason === 'exited' ? `nginx exited with code ${nginx.exitInfo()?.code}` : `nginx did not answer ${app.readiness} with 2xx within ${app.startTimeoutMs} ms (last: ${outcome.lastError})`;
        const log = tail(errorLog) || nginx.stderr.text().trim();
        await nginx.stop();
        throw new RunError([`${spec.name}: ${how}`, ...(log ? ['last lines of its error log:', ...log.split('\n').map((line) => `  ${line}`)] : [])]);
      }
      let workers: number[] = [];
      let workersReadAt = 0;
      const nginxWorkers = () => {
        if (Date.now() - workersReadAt > workerRefreshMs) {
          workers = childrenOf(nginx.pid);
          workersReadAt = Date.now();
        }
        return workers;
      };
      return {
        url,
        processes: (): ProcessInfo[] => [
          ...(nginx.exitInfo() ? [] : [{ pid: nginx.pid, role: 'balancer' as const }, ...nginxWorkers().map((pid) => ({ pid, role: 'balancer' as const }))]),
          ...instances.filter((instance) => !instance.process.exitInfo()).map((instance) => ({ pid: instance.process.pid, role: 'instance' as const })),
        ],
        stop: async () => {
          await Promise.all([nginx.stop(), stopInstances()]);
          prefix.remove();
          if (!(await isPortFree(port))) throw new RunError(`${spec.name}: port ${port} is still in use after nginx was stopped`);
        },
      };
    } catch (error) {
      await stopInstances();
      prefix.remove();
      throw error;
    }
  },
} satisfies Topology;

function locateNginx(spec: TopologySpec): string {
  const configured = spec.proxy?.nginxPath;
  if (configured !== undefined) {
    if (!isExecutable(configured)) throw new TopologyUnavailable(`nginx not found at proxy.nginxPath ${configured}: install it (apt-get install nginx) or fix the path`);
    return configured;
  }
  const found = findOnPath('nginx');
  if (!found) throw new TopologyUnavailable(nginxMissing);
  return found;
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-20).join('\n');
  } catch {
    return '';
  }
}
