import type { ProcessInfo } from '../../contract/common.js';
import { RunError } from '../../contract/errors.js';
import type { FieldReader } from '../../scenario/field-reader.js';
import type { InstancesConfig, Runtime, TopologySpecBase } from '../../scenario/types.js';
import { balancerNames, balancers, defaultBalancer, type BalancerConfig, type BalancerName, type BalancerSpec } from '../balancers/index.js';
import type { Balancer, RunningBalancer } from '../balancers/types.js';
import { ExitRecord } from '../exit-record.js';
import { findFreePort } from '../free-port.js';
import { launchNodeProcess, type LaunchedProcess } from '../launch.js';
import { isPortFree } from '../port-check.js';
import { runtimeCommand } from '../runtime-command.js';
import { entryOf, underRuntime, type AppSpec, type Deployment, type StartContext, type Topology } from './types.js';

/** Scenario: `{ kind: 'proxy', instances?, balancer?: 'nginx' | …, and that balancer's own fields }`. */
export type ProxyConfig = {
  kind: 'proxy';
  name?: string;
  /** App instances behind the balancer; default 'cores'; a list (e.g. [1, 2, 4, 'cores']) is a scaling sweep. */
  instances?: InstancesConfig;
  /** Runs the app under this runtime instead of app.runtime. */
  runtime?: Runtime;
} & BalancerConfig;

export interface ProxySpec extends TopologySpecBase {
  kind: 'proxy';
  balancer: BalancerSpec;
}

/** Every balancer's fields, so that a field of another balancer can be named as such. */
const balancerFields = balancerNames.flatMap((name) => (balancers[name] as Balancer<BalancerSpec>).fields.map((field) => ({ field, owner: name })));

/**
 * N single instances of the app on free ports behind a real balancer (src/deploy/balancers/),
 * started by loadlab in the foreground with a generated configuration in a private temporary
 * folder. The balancer's processes are the 'balancer' ones, the app's the 'instance' ones.
 */
export const proxy = {
  kind: 'proxy',
  fields: ['balancer', ...new Set(balancerFields.map((entry) => entry.field))],
  instances: { default: 'cores' },
  needsApp: true,
  actions: [],
  instanceUnit: 'instance',
  unevenBecause:
    'the balancer spreads requests unevenly (its upstream weights, its keep-alive connections to the instances, or instances that answer at different speeds)',
  // the balancer holds two files a connection: the client's and its own to an instance
  filesPerConnection: 2,
  tools: {
    all: balancerNames.map((name) => balancers[name].tool),
    needs: (spec: ProxySpec) => [
      { tool: balancerOf(spec).tool, note: spec.balancer.balancer, ...(spec.balancer.path === undefined ? {} : { path: spec.balancer.path }) },
    ],
    byDefault: [{ tool: balancers[defaultBalancer].tool, note: `${defaultBalancer}, its default balancer` }],
  },
  readSpec: (read, fields, base, path) => ({ ...base, kind: 'proxy', balancer: readBalancer(read, fields, path) }),
  describe: (spec: ProxySpec) => `${balancerOf(spec).describe(spec.balancer)} in front of ${spec.instances} instances${underRuntime(spec.runtime)}`,
  async start(spec: ProxySpec, app: AppSpec, context: StartContext): Promise<Deployment> {
    const balancer = balancerOf(spec);
    const folder = context.owner.privateFolder(spec.balancer.balancer);
    const instances: LaunchedProcess[] = [];
    let running: RunningBalancer | undefined;
    const stopAll = () => Promise.all([running?.stop(), ...instances.map((instance) => instance.process.stop())]);
    try {
      const entry = entryOf(app, spec.name);
      // the first instance that fails ends the others' wait: its reason is the one told (a second
      // instance's EADDRINUSE on a port the app hard-codes, not the first one's timeout)
      const runtime = runtimeCommand(spec.runtime, app.cwd);
      const giveUp = new AbortController();
      const instanceContext = { ...context, signal: AbortSignal.any([context.signal, giveUp.signal]) };
      const failures: unknown[] = [];
      const started = await Promise.allSettled(
        Array.from({ length: spec.instances }, (_, index) =>
          launchNodeProcess({ label: `${spec.name} instance ${index + 1}`, script: entry, args: app.args, runtime }, app, instanceContext).catch(
            (error: unknown) => {
              failures.push(error);
              giveUp.abort();
              throw error;
            },
          ),
        ),
      );
      for (const result of started) if (result.status === 'fulfilled') instances.push(result.value);
      if (failures.length > 0) throw failures[0];
      const port = await findFreePort();
      running = await balancer.start(spec.balancer, {
        label: `${spec.name} (${spec.balancer.balancer})`,
        listenPort: port,
        upstreamPorts: instances.map((instance) => Number(new URL(instance.url).port)),
        folder: folder.path,
        readiness: app.readiness,
        startTimeoutMs: app.startTimeoutMs,
        context,
      });
      const live = running;
      const exits = new ExitRecord();
      for (const instance of instances) exits.follow(instance.process, 'instance');
      return {
        url: `http://127.0.0.1:${port}`,
        processes: (): ProcessInfo[] => [
          ...live.processes(),
          ...instances.filter((instance) => !instance.process.exitInfo()).map((instance) => ({ pid: instance.process.pid, role: 'instance' as const })),
        ],
        exits: () => [...live.exits(), ...exits.list()].sort((a, b) => a.seenAt - b.seenAt),
        stop: async () => {
          await stopAll();
          folder.remove();
          if (!(await isPortFree(port))) throw new RunError(`${spec.name}: port ${port} is still in use after ${spec.balancer.balancer} was stopped`);
        },
      };
    } catch (error) {
      await stopAll();
      folder.remove();
      throw error;
    }
  },
} satisfies Topology<ProxySpec>;

function balancerOf(spec: ProxySpec): Balancer<BalancerSpec> {
  return balancers[spec.balancer.balancer];
}

/** `balancer` (default nginx), then that balancer's own fields; a field of another balancer is named as such. */
function readBalancer(read: FieldReader, fields: Record<string, unknown>, path: string): BalancerSpec {
  const name: BalancerName = read.oneOf(fields.balancer, `${path}.balancer`, balancerNames, defaultBalancer);
  const chosen = balancers[name] as Balancer<BalancerSpec>;
  for (const { field, owner } of balancerFields) {
    if (fields[field] !== undefined && !chosen.fields.includes(field)) read.report(`${path}.${field}`, `applies to balancer '${owner}' only, not '${name}'`);
  }
  return chosen.readSpec(read, fields, path);
}
