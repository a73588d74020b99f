import type { ProcessInfo } from '../../contract/common.js';
import type { EventAction } from '../../contract/vocabulary.js';
import { keepAliveSplit } from '../../scenario/topology-catalogue.js';
import type { InstancesConfig, Runtime, TopologySpecBase } from '../../scenario/types.js';
import { runtimeScript } from '../../machine/package-info.js';
import { ExitRecord } from '../exit-record.js';
import type { OwnedProcess } from '../processes.js';
import { launchNodeProcess } from '../launch.js';
import { runtimeCommand } from '../runtime-command.js';
import { entryOf, underRuntime, type AppSpec, type Deployment, type StartContext, type Topology } from './types.js';

export const schedulingPolicies = ['rr', 'none'] as const;
export type SchedulingPolicy = (typeof schedulingPolicies)[number];

/** Scenario: `{ kind: 'cluster', instances?: n | 'cores', schedulingPolicy?: 'rr' | 'none' }`. */
export interface ClusterConfig {
  kind: 'cluster';
  name?: string;
  /** Workers; default 'cores'; a list (e.g. [1, 2, 4, 'cores']) is a scaling sweep. */
  instances?: InstancesConfig;
  /** Runs the app under this runtime instead of app.runtime. */
  runtime?: Runtime;
  /** 'rr' (round robin by the primary, the default) or 'none' (the OS spreads connections). */
  schedulingPolicy?: SchedulingPolicy;
}

export interface ClusterSpec extends TopologySpecBase {
  kind: 'cluster';
  schedulingPolicy: SchedulingPolicy;
}

/** What runtime/cluster-primary.cjs tells loadlab over IPC: its workers whenever they change, each one's exit, and how an event went. */
type PrimaryMessage =
  | { type: 'workers'; pids: number[]; listening: number }
  | { type: 'worker-exit'; pid: number; code: number | null; signal: string | null }
  | { type: 'acted'; action: EventAction; ok: boolean; detail: string };

/**
 * The Node cluster module: loadlab's own primary (runtime/cluster-primary.cjs) forks N workers
 * that each load the unchanged app and share its port; a worker that dies is re-forked.
 */
export const cluster = {
  kind: 'cluster',
  fields: ['schedulingPolicy'],
  instances: { default: 'cores' },
  needsApp: true,
  actions: ['kill-worker', 'reload', 'restart'],
  instanceUnit: 'worker',
  unevenBecause: `the scheduling policy — with schedulingPolicy 'none' the OS picks which worker accepts each connection, often unevenly (use 'rr'); with 'rr' the primary hands each to the next free worker, so one starved of CPU takes fewer; and ${keepAliveSplit}`,
  filesPerConnection: 1,
  readSpec: (read, fields, base, path) => ({
    ...base,
    kind: 'cluster',
    schedulingPolicy: read.oneOf(fields.schedulingPolicy, `${path}.schedulingPolicy`, schedulingPolicies, 'rr'),
  }),
  describe: (spec: ClusterSpec) =>
    `cluster × ${spec.instances} workers${underRuntime(spec.runtime)} (${spec.runtime === 'bun' ? 'the kernel spreads connections' : spec.schedulingPolicy === 'rr' ? 'round robin' : 'OS-balanced'})`,
  async start(spec: ClusterSpec, app: AppSpec, context: StartContext): Promise<Deployment> {
    const runtime = runtimeCommand(spec.runtime, app.cwd);
    let workers: number[] = [];
    let acting: { resolve: (detail: string) => void; reject: (error: Error) => void } | undefined;
    const exits = new ExitRecord();
    const followWorkers = (primary: OwnedProcess) =>
      new Promise<void>((allListening) => {
        exits.follow(primary, 'primary');
        primary.child?.on('message', (message: PrimaryMessage) => {
          if (message?.type === 'worker-exit') exits.add({ pid: message.pid, role: 'worker', code: message.code, signal: message.signal });
          if (message?.type === 'acted') {
            if (message.ok) acting?.resolve(message.detail);
            else acting?.reject(new Error(message.detail));
            acting = undefined;
          }
          if (message?.type !== 'workers') return;
          workers = message.pids;
          exits.track('worker', workers, 'the cluster primary');
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
        // node:cluster forks workers with the primary's own executable: the primary runs under the app's runtime
        runtime: { ...runtime, args: [] },
        ipc: true,
        onSpawn: followWorkers,
        env: {
          LOADLAB_APP_ENTRY: entryOf(app, spec.name),
          LOADLAB_APP_ARGS: JSON.stringify(app.args),
          LOADLAB_WORKERS: String(spec.instances),
          LOADLAB_SCHEDULING: spec.schedulingPolicy,
          LOADLAB_WORKER_EXEC_ARGV: JSON.stringify(runtime.args),
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
      exits: () => exits.list(),
      act: (action: EventAction) =>
        new Promise<string>((resolve, reject) => {
          if (acting) throw new Error('another event is still running');
          if (primary.exitInfo() || !primary.child?.connected) throw new Error('the cluster primary is not running');
          acting = { resolve, reject };
          primary.child?.send({ type: 'act', action });
        }),
    };
  },
} satisfies Topology<ClusterSpec>;
