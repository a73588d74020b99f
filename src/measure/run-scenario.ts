import { probesOff, summariseClient, summariseProbes } from './probes/probe-summary.js';
import type { LoadProgress } from './drivers/load-result.js';
import { driveLoad, modelOf } from './drivers/driver.js';
import { sampleResponses } from './response-sample.js';
import type { TrialResult } from '../contract/trial.js';
import { probeWhileLoading } from './probes/probed-load.js';
import type { WorkloadSpec } from '../scenario/types.js';
import type { DeploymentPlan } from './plan.js';
import { forEachDeployment, type DeploymentContext, type DeploymentEvent, type DeploymentsOutcome } from './deployments.js';
import { EventTimeline } from './events/event-timeline.js';
import type { Deployment } from '../deploy/topologies/types.js';
import { runAttackedTrial } from './attacks/attacked-trial.js';
import { measureConnectionCost } from './connections/measure-connection-cost.js';
import type { ConnectionCost, ConnectionPlateau } from '../contract/connection-cost.js';

export type RunEvent =
  | DeploymentEvent
  | { type: 'trial-progress'; topology: string; variant?: 'base' | 'current'; workload: string; progress: LoadProgress }
  | { type: 'trial-done'; trial: TrialResult }
  | { type: 'connection-plateau'; topology: string; variant?: 'base' | 'current'; plateau: ConnectionPlateau };

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
  /** Per topology, when the scenario measures what a connection costs. */
  connectionCost: ConnectionCost[];
}

/**
 * Runs the plan: each deployment is started once, driven with each of its workloads in turn
 * while the probes watch it, and stopped. Trials finished before an error or an interruption
 * are kept and returned with it.
 */
export async function runScenario(plan: readonly DeploymentPlan[], context: RunContext): Promise<RunOutcome> {
  const trials: TrialResult[] = [];
  const connectionCost: ConnectionCost[] = [];
  const outcome = await forEachDeployment(plan, context, async (step, deployment, agentFolder) => {
    for (const workload of step.workloads) {
      if (context.signal.aborted) break;
      const run = (spec: WorkloadSpec) => runTrial(step, spec, deployment, context, agentFolder);
      const { attack } = workload;
      const trial = attack ? await runAttackedTrial({ ...workload, attack }, deployment.url, run, context.signal) : await run(workload);
      trials.push(trial);
      await context.afterTrial?.(trial);
      context.onEvent?.({ type: 'trial-done', trial });
    }
    if (step.connectionCost && !context.signal.aborted) {
      const onPlateau = (plateau: ConnectionPlateau) => context.onEvent?.({ type: 'connection-plateau', topology: step.topology.name, plateau });
      connectionCost.push(
        await measureConnectionCost(step.topology, deployment, step.app.readiness, step.connectionCost, { signal: context.signal, onPlateau }),
      );
    }
  });
  return { trials, connectionCost, ...outcome };
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
    ...(topology.sweep ? { sweep: topology.sweep } : {}),
    workload: workload.name,
    repeat: step.repeat,
    ...(step.variant ? { variant: step.variant } : {}),
    load: { ...workload.load, model: modelOf(workload.load) },
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
