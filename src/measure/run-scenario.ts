import { probesOff, summariseClient, summariseProbes } from './probes/probe-summary.js';
import type { LoadProgress, LoadResult } from './drivers/load-result.js';
import { driveLoad, modelOf } from './drivers/driver.js';
import { sampleResponses } from './response-sample.js';
import type { TrialLoad, TrialResult } from '../contract/trial.js';
import { probeWhileLoading } from './probes/probed-load.js';
import type { LoadSettings, WorkloadSpec } from '../scenario/types.js';
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
  const timeline =
    step.events && step.events.length > 0 ? new EventTimeline(step.events, topology, deployment, workload.load.durationMs, context.signal) : undefined;
  // before the warm-up and the probes: the sample is in no phase's figures
  const responseSample = await sampleResponses({
    url: deployment.url,
    requests: workload.requests,
    timeoutMs: workload.load.timeoutMs,
    signal: context.signal,
  });
  let events: Awaited<ReturnType<EventTimeline['finish']>> | undefined;
  const watch = { processes: () => deployment.processes(), intervalMs: context.probes.enabled ? context.probes.intervalMs : undefined, agentFolder };
  const { result, window, raw, processes } = await probeWhileLoading(watch, async (current) => {
    try {
      return await driveLoad(context.drivers, {
        url: deployment.url,
        requests: workload.requests,
        load: workload.load,
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
      });
    } finally {
      // an event still running is awaited: the deployment serves the next trial as it was
      events = await timeline?.finish();
    }
  });
  return {
    topology: topology.name,
    kind: topology.kind,
    instances: topology.instances,
    workload: workload.name,
    repeat: step.repeat,
    ...(step.variant ? { variant: step.variant } : {}),
    load: trialLoadOf(workload.load, result),
    phases: result.phases,
    latencyMs: result.latencyMs,
    ...(result.open ? { serviceLatencyMs: result.open.serviceLatencyMs } : {}),
    requests: result.requests,
    responseSample,
    series: result.series,
    windows: result.windows,
    processes,
    probes: raw ? summariseProbes(raw, window, processes) : probesOff(context.probes.intervalMs, 'probes were turned off (--no-probes)'),
    client: raw
      ? summariseClient(raw.client, window, raw.intervalMs, result.generators)
      : { cpu: null, eventLoopDelayMs: null, bottleneck: false, reason: '', ...(result.generators ? { generators: result.generators } : {}) },
    verdicts: [],
    ...(events ? { events } : {}),
  };
}

/** The settings a trial ran with, as its report has them: the generator threads counted, not 'auto'. */
export function trialLoadOf(load: LoadSettings, result: Pick<LoadResult, 'generators'>): TrialLoad {
  const { generators: _setting, ...settings } = load;
  const threads = result.generators?.length ?? 1;
  return { ...settings, model: modelOf(load), ...(threads > 1 ? { generators: threads } : {}) };
}
