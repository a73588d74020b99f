import type { ProcessInfo } from '../../contract/common.js';
import type { EventAction, TopologySpec } from '../../scenario/types.js';
import { runtimeScript } from '../../machine/package-info.js';
import type { OwnedProcess } from '../processes.js';
import { launchNodeProcess } from '../launch.js';
import type { AppSpec, Deployment, StartContext, Topology } from './types.js';

/** What runtime/cluster-primary.cjs tells loadlab over IPC: its workers whenever they change, and how an event went. */
type PrimaryMessage =
  | { type: 'workers'; pids: number[]; listening: number }
  | { type: 'acted'; action: EventAction; ok: boolean; detail: string };

/**
 * The Node cluster module: loadlab's own primary (runtime/cluster-primary.cjs) forks N workers
 * that each load the unchanged app and share its port; a worker that dies is re-forked.
 */
export const cluster = {
  kind: 'cluster',
  describe: (spec: TopologySpec) => `cluster × ${spec.instances} workers (${spec.schedulingPolicy === 'rr' ? 'round robin' : 'OS-balanced'})`,
  async start(spec: TopologySpec, app: AppSpec, context: StartContext): Promise<Deployment> {
    let workers: number[] = [];
    let acting: { resolve: (detail: string) => void; reject: (error: Error) => void } | undefined;
    const followWorkers = (primary: OwnedProcess) =>
      new Promise<void>((allListening) => {
        primary.child?.on('message', (message: PrimaryMessage) => {
          if (message?.type === 'acted') {
            if (message.ok) acting?.resolve(message.detail);
            else acting?.reject(new Error(message.detail));
            acting = undefined;
          }
          if (message?.type !== 'workers') return;
          workers = message.pids;
          if (message.listening >= spec.instances) allListening();
        });
        void primary.exited.then(() => {
          acting?.reject(new Error('the cluster primary exited'));
          acting = undefined;
        });
      });
    const { process: primary, url } = await launchNodeProcess(
      {
        label: spec.name,
        script: runtimeScript('cluster-primary.cjs'),
        args: [],
        ipc: true,
        onSpawn: followWorkers,
        env: {
          LOADLAB_APP_ENTRY: app.entry,
          LOADLAB_APP_ARGS: JSON.stringify(app.args),
          LOADLAB_WORKERS: String(spec.instances),
          LOADLAB_SCHEDULING: spec.schedulingPolicy,
        },
      },
      app,
      context,
    );
    return {
      url,
      processes: (): ProcessInfo[] =>
        primary.exitInfo() ? [] : [{ pid: primary.pid, role: 'primary' }, ...workers.map((pid) => ({ pid, role: 'worker' as const }))],
      stop: () => primary.stop(),
      act: (action: EventAction) =>
        new Promise<string>((resolve, reject) => {
          if (acting) throw new Error('another event is still running');
          if (primary.exitInfo() || !primary.child?.connected) throw new Error('the cluster primary is not running');
          acting = { resolve, reject };
          primary.child?.send({ type: 'act', action });
        }),
    };
  },
} satisfies Topology;
