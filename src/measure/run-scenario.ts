import { windowOf } from './recording/measurement-window.js';
import { probesOff, summariseClient, summariseProbes } from './probes/probe-summary.js';
import type { LoadProgress, LoadResult } from './drivers/load-result.js';
import { runClosedLoad } from './drivers/closed-model.js';
import { runOpenLoad } from './drivers/open/open-model.js';
import { sampleResponses } from './response-sample.js';
import type { ProcessInfo } from '../contract/common.js';
import type { TrialResult } from '../contract/trial.js';
import { ProbeSampler } from './probes/sampler.js';
import type { WorkloadSpec } from '../scenario/types.js';
import type { DeploymentPlan } from './plan.js';
import { forEachDeployment, type DeploymentContext, type DeploymentEvent, type DeploymentsOutcome } from './deployments.js';
import { EventTimeline } from './events/event-timeline.js';
import type { Deployment } from '../deploy/topologies/types.js';

export type RunEvent =
  | DeploymentEvent
  | { type: 'trial-progress'; topology: string; variant?: 'base' | 'current'; workload: string; progress: LoadProgress }
  | { type: 'trial-done'; trial: TrialResult };

export type { ProbeOptions } from './deployments.js';

export interface RunContext extends DeploymentContext {
  /** Aborted on Ctrl-C or SIGTERM: the trial in progress ends early and is kept. */
  signal: AbortSignal;
  onEvent?: (event: RunEvent) => void;
  /** Awaited after each finished trial, before the next starts: where the command keeps its report on disk. */
  afterTrial?: (trial: TrialResult) => Promise<void>;
}

export interface RunOutcome extends DeploymentsOutcome {
  trials: TrialResult[];
}

/**
 * Runs the plan: each deployment is started once, driven with each of its workloads in turn
 * while the probes watch it, and stopped. Trials finished before an error or an interruption
 * are kept and returned with it.
 */
export async function runScenario(plan: readonly DeploymentPlan[], context: RunContext): Promise<RunOutcome> {
  const trials: TrialResult[] = [];
  const outcome = await forEachDeployment(plan, context, async (step, deployment, agentFolder) => {
    for (const workload of step.workloads) {
      if (context.signal.aborted) break;
      const trial = await runTrial(step, workload, deployment, context, agentFolder);
      trials.push(trial);
      await context.afterTrial?.(trial);
      context.onEvent?.({ type: 'trial-done', trial });
    }
  });
  return { trials, ...outcome };
}

async function runTrial(
  step: DeploymentPlan,
  workload: WorkloadSpec,
  deployment: Deployment,
  context: RunContext,
  agentFolder: string | undefined,
): Promise<TrialResult> {
  const { topology } = step;
  const seen = new Map<number, ProcessInfo>();
  const current = () => {
    const processes = deployment.processes();
    for (const info of processes) seen.set(info.pid, info);
    return processes;
  };
  const sampler = context.probes.enabled ? new ProbeSampler({ intervalMs: context.probes.intervalMs, processes: current, agentFolder }) : undefined;
  const timeline =
    step.events && step.events.length > 0 ? new EventTimeline(step.events, topology, deployment, workload.load.durationMs, context.signal) : undefined;
  current();
  // before the warm-up and the probes: the sample is in no phase's figures
  const responseSample = await sampleResponses({
    url: deployment.url,
    requests: workload.requests,
    timeoutMs: workload.load.timeoutMs,
    signal: context.signal,
  });
  sampler?.start();
  const request = {
    url: deployment.url,
    requests: workload.requests,
    signal: context.signal,
    onMeasuredStart: (startedAt: number) => timeline?.start(startedAt),
    onProgress: (progress: LoadProgress) => {
      current();
      context.onEvent?.({
        type: 'trial-progress',
        topology: topology.name,
        ...(step.variant ? { variant: step.variant } : {}),
        workload: workload.name,
        progress,
      });
    },
  };
  const { rate } = workload.load;
  // a rate makes it the open model: arrivals on a timetable, whatever the server does
  let result: LoadResult;
  try {
    result =
      rate === undefined ? await runClosedLoad({ ...request, load: workload.load }) : await runOpenLoad({ ...request, load: { ...workload.load, rate } });
  } catch (error) {
    await timeline?.finish();
    await sampler?.stop(Date.now());
    throw error;
  }
  // an event still running is awaited: the deployment serves the next trial as it was
  const events = await timeline?.finish();
  const window = windowOf(result.phases);
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
    responseSample,
    series: result.series,
    windows: result.windows,
    processes,
    probes: raw ? summariseProbes(raw, window, processes) : probesOff(context.probes.intervalMs, 'probes were turned off (--no-probes)'),
    client: raw ? summariseClient(raw.client, window, raw.intervalMs) : { cpu: null, eventLoopDelayMs: null, bottleneck: false, reason: '' },
    verdicts: [],
    ...(events ? { events } : {}),
  };
}
