import { TopologyUnavailable } from '../contract/errors.js';
import type { ProcessInfo, SkippedTopology } from '../contract/common.js';
import { prepareAgent } from './probes/agent-setup.js';
import type { DeploymentPlan } from './plan.js';
import type { ProcessOwner } from '../deploy/processes.js';
import { topologyFor } from '../deploy/topologies/index.js';
import type { Deployment } from '../deploy/topologies/types.js';
import type { LoadDrivers } from './drivers/driver.js';

/** variant: in an A/B run (`loadlab ab`), which side the deployment runs. */
export type DeploymentEvent =
  | { type: 'deployment-starting'; topology: string; variant?: Variant; description: string }
  | { type: 'deployment-ready'; topology: string; variant?: Variant; url: string; processes: ProcessInfo[] }
  | { type: 'deployment-stopped'; topology: string; variant?: Variant }
  | { type: 'topology-skipped'; topology: string; variant?: Variant; reason: string };

type Variant = 'base' | 'current';

export interface ProbeOptions {
  enabled: boolean;
  intervalMs: number;
}

export interface DeploymentContext {
  owner: ProcessOwner;
  probes: ProbeOptions;
  /** What drives the load: the real drivers, or a test's fake. */
  drivers: LoadDrivers;
  /** Aborted on Ctrl-C or SIGTERM: no further deployment starts. */
  signal: AbortSignal;
  onEvent?: (event: DeploymentEvent) => void;
}

export interface DeploymentsOutcome {
  /** Topologies that could not run on this machine (nginx missing), with the reason. */
  skipped: SkippedTopology[];
  interrupted: boolean;
  /** Why the plan stopped before the end, if for a reason other than a signal. */
  error?: unknown;
}

/** What to do with a running deployment; agentFolder: where the in-app agent writes, when it is loaded. */
export type UseDeployment = (step: DeploymentPlan, deployment: Deployment, agentFolder: string | undefined) => Promise<void>;

/**
 * Starts each deployment of the plan in turn (with the in-app agent when probes are on), hands
 * it to `use`, and stops it. A topology that cannot run here is skipped once, recorded, and
 * the plan goes on; any other error ends the plan. Every process is stopped before this returns.
 */
export async function forEachDeployment(plan: readonly DeploymentPlan[], context: DeploymentContext, use: UseDeployment): Promise<DeploymentsOutcome> {
  const skipped: SkippedTopology[] = [];
  try {
    for (const step of plan) {
      if (context.signal.aborted) break;
      // a topology that cannot run here is tried (and recorded) once, not once per repeat
      if (skipped.some((skip) => skip.topology === step.topology.name)) continue;
      try {
        await withDeployment(step, context, use);
      } catch (error) {
        if (!(error instanceof TopologyUnavailable)) throw error;
        skipped.push({ topology: step.topology.name, reason: error.message });
        context.onEvent?.({ type: 'topology-skipped', topology: step.topology.name, ...sideOf(step), reason: error.message });
      }
    }
  } catch (error) {
    return { skipped, interrupted: true, error };
  } finally {
    await context.owner.stopAll();
  }
  return { skipped, interrupted: context.signal.aborted };
}

async function withDeployment(step: DeploymentPlan, context: DeploymentContext, use: UseDeployment): Promise<void> {
  const topology = topologyFor(step.topology);
  const emit = context.onEvent ?? (() => {});
  const side = sideOf(step);
  emit({ type: 'deployment-starting', topology: step.topology.name, ...side, description: topology.describe(step.topology) });
  const agent = context.probes.enabled
    ? prepareAgent(
        context.owner.privateFolder('probe'),
        context.probes.intervalMs,
        step.app.env.NODE_OPTIONS ?? process.env.NODE_OPTIONS,
        step.app.env.BUN_OPTIONS ?? process.env.BUN_OPTIONS,
      )
    : undefined;
  try {
    const deployment = await topology.start(step.topology, step.app, { owner: context.owner, signal: context.signal, probeEnv: agent?.env ?? {} });
    try {
      emit({ type: 'deployment-ready', topology: step.topology.name, ...side, url: deployment.url, processes: deployment.processes() });
      await use(step, deployment, agent?.folder);
    } finally {
      await deployment.stop();
      emit({ type: 'deployment-stopped', topology: step.topology.name, ...side });
    }
  } finally {
    agent?.remove();
  }
}

function sideOf(step: DeploymentPlan): { variant?: Variant } {
  return step.variant ? { variant: step.variant } : {};
}
