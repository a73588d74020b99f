import { probesOff, summariseClient, summariseProbes } from '../analysis/probe-summary.js';
import type { LoadProgress, LoadResult } from '../load/load-result.js';
import { runClosedLoad } from '../load/closed-model.js';
import { runOpenLoad } from '../load/open-model.js';
import { TopologyUnavailable } from '../errors.js';
import type { ProcessInfo, SkippedTopology, TrialResult } from '../model.js';
import { prepareAgent } from '../probes/agent-setup.js';
import { ProbeSampler } from '../probes/sampler.js';
import type { WorkloadSpec } from '../scenarios/types.js';
import type { DeploymentPlan } from './plan.js';
import type { ProcessOwner } from './processes.js';
import { topologyFor } from './topologies/index.js';
import type { Deployment } from './topologies/types.js';

export type RunEvent =
  | { type: 'deployment-starting'; topology: string; description: string }
  | { type: 'deployment-ready'; topology: string; url: string; processes: ProcessInfo[] }
  | { type: 'trial-progress'; topology: string; workload: string; progress: LoadProgress }
  | { type: 'trial-done'; trial: TrialResult }
  | { type: 'deployment-stopped'; topology: string }
  | { type: 'topology-skipped'; topology: string; reason: string };

export interface ProbeOptions {
  enabled: boolean;
  intervalMs: number;
}

export interface RunContext {
  owner: ProcessOwner;
  probes: ProbeOptions;
  /** Aborted on Ctrl-C or SIGTERM: the trial in progress ends early and is kept. */
  signal: AbortSignal;
  onEvent?: (event: RunEvent) => void;
}

export interface RunOutcome {
  trials: TrialResult[];
  /** Topologies that could not run on this machine (nginx missing), with the reason. */
  skipped: SkippedTopology[];
  interrupted: boolean;
  /** Why the run stopped before the end, if it did for a reason other than a signal. */
  error?: unknown;
}

/**
 * Runs the plan: each deployment is started once, driven with each of its workloads in turn
 * while the probes watch it, and stopped. Trials finished before an error or an interruption
 * are kept and returned with it.
 */
export async function runScenario(plan: readonly DeploymentPlan[], context: RunContext): Promise<RunOutcome> {
  const trials: TrialResult[] = [];
  const skipped: SkippedTopology[] = [];
  try {
    for (const step of plan) {
      if (context.signal.aborted) break;
      // a topology that cannot run here is tried (and recorded) once, not once per repeat
      if (skipped.some((skip) => skip.topology === step.topology.name)) continue;
      try {
        await runDeployment(step, context, trials);
      } catch (error) {
        if (!(error instanceof TopologyUnavailable)) throw error;
        skipped.push({ topology: step.topology.name, reason: error.message });
        context.onEvent?.({ type: 'topology-skipped', topology: step.topology.name, reason: error.message });
      }
    }
  } catch (error) {
    return { trials, skipped, interrupted: true, error };
  } finally {
    await context.owner.stopAll();
  }
  return { trials, skipped, interrupted: context.signal.aborted };
}

async function runDeployment(step: DeploymentPlan, context: RunContext, trials: TrialResult[]): Promise<void> {
  const topology = topologyFor(step.topology.kind);
  const emit = context.onEvent ?? (() => {});
  emit({ type: 'deployment-starting', topology: step.topology.name, description: topology.describe(step.topology) });
  const agent = context.probes.enabled ? prepareAgent(context.probes.intervalMs, step.app.env.NODE_OPTIONS ?? process.env.NODE_OPTIONS) : undefined;
  try {
    const deployment = await topology.start(step.topology, step.app, { owner: context.owner, signal: context.signal, probeEnv: agent?.env ?? {} });
    try {
      emit({ type: 'deployment-ready', topology: step.topology.name, url: deployment.url, processes: deployment.processes() });
      for (const workload of step.workloads) {
        if (context.signal.aborted) break;
        const trial = await runTrial(step, workload, deployment, context, agent?.folder);
        trials.push(trial);
        emit({ type: 'trial-done', trial });
      }
    } finally {
      await deployment.stop();
      emit({ type: 'deployment-stopped', topology: step.topology.name });
    }
  } finally {
    agent?.remove();
  }
}

async function runTrial(step: DeploymentPlan, workload: WorkloadSpec, deployment: Deployment, context: RunContext, agentFolder: string | undefined): Promise<TrialResult> {
  const { topology } = step;
  const seen = new Map<number, ProcessInfo>();
  const current = () => {
    const processes = deployment.processes();
    for (const info of processes) seen.set(info.pid, info);
    return processes;
  };
  const sampler = context.probes.enabled ? new ProbeSampler({ intervalMs: context.probes.intervalMs, processes: current, agentFolder }) : undefined;
  current();
  sampler?.start();
  const request = {
    url: deployment.url,
    requests: workload.requests,
    signal: context.signal,
    onProgress: (progress: LoadProgress) => {
      current();
      context.onEvent?.({ type: 'trial-progress', topology: topology.name, workload: workload.name, progress });
    },
  };
  const { rate } = workload.load;
  // a rate makes it the open model: arrivals on a timetable, whatever the server does
  let result: LoadResult;
  try {
    result = rate === undefined ? await runClosedLoad({ ...request, load: workload.load }) : await runOpenLoad({ ...request, load: { ...workload.load, rate } });
  } catch (error) {
    await sampler?.stop(Date.now());
    throw error;
  }
  const window = {
    loadStartMs: Date.parse(result.phases.warmup.startedAt),
    startMs: Date.parse(result.phases.measured.startedAt),
    endMs: Date.parse(result.phases.measured.endedAt),
  };
  const raw = sampler ? await sampler.stop(window.endMs) : undefined;
  current();
  const processes = [...seen.values()];
  return {
    topology: topology.name,
    kind: topology.kind,
    instances: topology.instances,
    workload: workload.name,
    repeat: step.repeat,
    ...(step.variant ? { variant: step.variant } : {}),
    load: { ...workload.load, model: rate === undefined ? 'closed' : 'open' },
    phases: result.phases,
    latencyMs: result.latencyMs,
    ...(result.open ? { serviceLatencyMs: result.open.serviceLatencyMs } : {}),
    requests: result.requests,
    series: result.series,
    processes,
    probes: raw ? summariseProbes(raw, window, processes) : probesOff(context.probes.intervalMs, 'probes were turned off (--no-probes)'),
    client: raw ? summariseClient(raw.client, window, raw.intervalMs) : { cpu: null, eventLoopDelayMs: null, bottleneck: false, reason: '' },
    verdicts: [],
  };
}
