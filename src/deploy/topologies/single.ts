import { acceptTimeSplit } from '../../scenario/topology-catalogue.js';
import type { Runtime, TopologySpecBase } from '../../scenario/types.js';
import { ExitRecord } from '../exit-record.js';
import { launchNodeProcess } from '../launch.js';
import { runtimeCommand } from '../runtime-command.js';
import { entryOf, underRuntime, type AppSpec, type Deployment, type StartContext, type Topology } from './types.js';

/** Scenario: `{ kind: 'single', name? }`. */
export interface SingleConfig {
  kind: 'single';
  name?: string;
  instances?: 1;
  /** Runs the app under this runtime instead of app.runtime. */
  runtime?: Runtime;
}

export interface SingleSpec extends TopologySpecBase {
  kind: 'single';
}

/** One process running the app as it is: `node <entry>` (or tsx, or bun: the topology's runtime) with PORT. */
export const single = {
  kind: 'single',
  fields: [],
  instances: 'one',
  needsApp: true,
  actions: [],
  instanceUnit: null,
  unevenBecause: acceptTimeSplit,
  filesPerConnection: 1,
  readSpec: (_read, _fields, base) => ({ ...base, kind: 'single' }),
  describe: (spec: SingleSpec) => `single process${underRuntime(spec.runtime)}`,
  async start(spec: SingleSpec, app: AppSpec, context: StartContext): Promise<Deployment> {
    const { process: child, url } = await launchNodeProcess(
      { label: `${spec.name}`, script: entryOf(app, spec.name), args: app.args, runtime: runtimeCommand(spec.runtime, app.cwd) },
      app,
      context,
    );
    const exits = new ExitRecord();
    exits.follow(child, 'instance');
    return {
      url,
      processes: () => (child.exitInfo() ? [] : [{ pid: child.pid, role: 'instance' }]),
      stop: () => child.stop(),
      exits: () => exits.list(),
    };
  },
} satisfies Topology<SingleSpec>;
