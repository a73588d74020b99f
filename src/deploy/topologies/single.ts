import type { TopologySpec } from '../../scenario/types.js';
import { launchNodeProcess } from '../launch.js';
import type { AppSpec, Deployment, StartContext, Topology } from './types.js';

/** One Node process running the app as it is: `node <entry>` with PORT. */
export const single = {
  kind: 'single',
  describe: () => 'single process',
  async start(spec: TopologySpec, app: AppSpec, context: StartContext): Promise<Deployment> {
    const { process: child, url } = await launchNodeProcess({ label: `${spec.name}`, script: app.entry, args: app.args }, app, context);
    return {
      url,
      processes: () => (child.exitInfo() ? [] : [{ pid: child.pid, role: 'instance' }]),
      stop: () => child.stop(),
    };
  },
} satisfies Topology;
