import type { LoadProgress } from '../load/load-result.js';
import { runClosedLoad } from '../load/closed-model.js';
import type { ProcessInfo, TrialResult } from '../model.js';
import type { Scenario, TopologySpec, WorkloadSpec } from '../scenarios/types.js';
import type { DeploymentPlan } from './plan.js';
import type { ProcessOwner } from './processes.js';
import { topologyFor } from './topologies/index.js';
import type { Deployment } from './topologies/types.js';

export type RunEvent =
  | { type: 'deployment-starting'; topology: string; description: string }
  | { type: 'deployment-ready'; topology: string; url: string; processes: ProcessInfo[] }
  | { type: 'trial-progress'; topology: string; workload: string; progress: LoadProgress }
  | { type: 'trial-done'; trial: TrialResult }
  | { type: 'deployment-stopped'; topology: string };

export interface RunContext {
  owner: ProcessOwner;
  /** Aborted on Ctrl-C or SIGTERM: the trial in progress ends early and is kept. */
  signal: AbortSignal;
  onEvent?: (event: RunEvent) => void;
}

export interface RunOutcome {
  trials: TrialResult[];
  interrupted: boolean;
  /** Why the run stopped before the end, if it did for a reason other than a signal. */
  error?: unknown;
}

/**
 * Runs the plan: each deployment is started once, driven with each of its workloads in turn,
 * and stopped. Trials finished before an error or an interruption are kept and returned with it.
 */
export async function runScenario(scenario: Scenario, plan: readonly DeploymentPlan[], context: RunContext): Promise<RunOutcome> {
  const trials: TrialResult[] = [];
  try {
    for (const step of plan) {
      if (context.signal.aborted) break;
      await runDeployment(scenario, step, context, trials);
    }
  } catch (error) {
    return { trials, interrupted: true, error };
  } finally {
    await context.owner.stopAll();
  }
  return { trials, interrupted: context.signal.aborted };
}

async function runDeployment(scenario: Scenario, step: DeploymentPlan, context: RunContext, trials: TrialResult[]): Promise<void> {
  const topology = topologyFor(step.topology.kind);
  const emit = context.onEvent ?? (() => {});
  emit({ type: 'deployment-starting', topology: step.topology.name, description: topology.describe(step.topology) });
  const deployment = await topology.start(step.topology, scenario.app, { owner: context.owner, signal: context.signal });
  try {
    emit({ type: 'deployment-ready', topology: step.topology.name, url: deployment.url, processes: deployment.processes() });
    for (const workload of step.workloads) {
      if (context.signal.aborted) break;
      const trial = await runTrial(step.topology, workload, deployment, context);
      trials.push(trial);
      emit({ type: 'trial-done', trial });
    }
  } finally {
    await deployment.stop();
    emit({ type: 'deployment-stopped', topology: step.topology.name });
  }
}

async function runTrial(topology: TopologySpec, workload: WorkloadSpec, deployment: Deployment, context: RunContext): Promise<TrialResult> {
  const seen = new Map<number, ProcessInfo>();
  const remember = () => { for (const info of deployment.processes()) seen.set(info.pid, info); };
  remember();
  const result = await runClosedLoad({
    url: deployment.url,
    requests: workload.requests,
    load: workload.load,
    signal: context.signal,
    onProgress: (progress) => {
      remember();
      context.onEvent?.({ type: 'trial-progress', topology: topology.name, workload: workload.name, progress });
    },
  });
  remember();
  return {
    topology: topology.name,
    kind: topology.kind,
    instances: topology.instances,
    workload: workload.name,
    repeat: 1,
    load: { ...workload.load, model: 'closed' },
    phases: result.phases,
    latencyMs: result.latencyMs,
    requests: result.requests,
    series: result.series,
    processes: [...seen.values()],
    verdicts: [],
  };
}
