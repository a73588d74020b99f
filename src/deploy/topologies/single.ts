import type { TopologySpecBase } from '../../scenario/types.js';
import { ExitRecord } from '../exit-record.js';
import { launchNodeProcess } from '../launch.js';
import { entryOf, type AppSpec, type Deployment, type StartContext, type Topology } from './types.js';

/** Scenario: `{ kind: 'single', name? }`. */
export interface SingleConfig {
  kind: 'single';
  name?: string;
  instances?: 1;
}

export interface SingleSpec extends TopologySpecBase {
  kind: 'single';
}

/** One Node process running the app as it is: `node <entry>` with PORT. */
export const single = {
  kind: 'single',
  fields: [],
  instances: 'one',
  needsApp: true,
  actions: [],
  readSpec: (_read, _fields, base) => ({ ...base, kind: 'single' }),
  describe: () => 'single process',
  async start(spec: SingleSpec, app: AppSpec, context: StartContext): Promise<Deployment> {
    const { process: child, url } = await launchNodeProcess({ label: `${spec.name}`, script: entryOf(app, spec.name), args: app.args }, app, context);
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
