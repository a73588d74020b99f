import { probesOff, summariseClient, summariseProbes } from './probes/probe-summary.js';
import type { LoadProgress, LoadResult } from './drivers/load-result.js';
import { modelOf } from './drivers/driver.js';
import type { LoadShare } from './drivers/load-share.js';
import type { LoadRecording } from './recording/load-recording.js';
import { summariseRecording } from './recording/summarise-recording.js';
import { sampleResponses } from './response-sample.js';
import type { TrialLoad, TrialResult } from '../contract/trial.js';
import { probeWhileLoading } from './probes/probed-load.js';
import type { LoadSettings, RequestSpec, WorkloadSpec } from '../scenario/types.js';
import type { DeploymentPlan } from './plan.js';
import { forEachDeployment, type DeploymentContext, type DeploymentEvent, type DeploymentsOutcome } from './deployments.js';
import { EventTimeline } from './events/event-timeline.js';
import { exitsOfTrial, timelineOf } from './events/process-exits.js';
import type { Deployment } from '../deploy/topologies/types.js';
import { runAttackedTrial } from './attacks/attacked-trial.js';
import { measureConnectionCost } from './connections/measure-connection-cost.js';
import type { ConnectionCost, ConnectionPlateau } from '../contract/connection-cost.js';
import type { ScopedThreshold } from '../scenario/thresholds/parse.js';
import { abortingThresholds, LiveGate } from './abort/live-gate.js';
import type { LiveObserver } from './live/live-observer.js';
import type { LiveBatch } from './live/live-batch.js';
import { liveTrialInfo } from './live/live-trial-info.js';
import { inRequestOrder } from './recording/request-order.js';
import { requestName } from '../scenario/flows/request-name.js';

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
  /** A shard of the run (`--shard I/N`): this share of every trial's load, each trial from its slot after startAt (epoch ms) when given. */
  shard?: { share: LoadShare; startAt?: number };
  /** Given: every trial's answers and probe readings as they come (the Prometheus endpoint, the terminal's live block). */
  live?: LiveObserver;
  /** Thresholds judged while each trial runs; one that fails stops the trial (and with `run`, the whole run). */
  abortOnFail?: AbortOnFail;
}

export interface AbortOnFail {
  /** The run's thresholds: those with abortOnFail, or every one when `all`. */
  thresholds: readonly ScopedThreshold[];
  /** --abort-on-fail: every threshold stops a trial, not only those marked abortOnFail. */
  all: boolean;
  /** --abort-on-fail run: a trial stopped so ends the run; its later trials are not run. */
  run: boolean;
}

export interface RunOutcome extends DeploymentsOutcome {
  trials: TrialResult[];
  /** Per topology, when the scenario measures what a connection costs. */
  connectionCost: ConnectionCost[];
  /** Each trial's raw recording, in the order of trials: what a shard file keeps. */
  recordings: LoadRecording[];
}

/** Between the end of one trial's slot and the start of the next: the response sample, the last answers, the probes' last reads. */
export const trialGapMs = 3000;

/**
 * Runs the plan: each deployment is started once, driven with each of its workloads in turn
 * while the probes watch it, and stopped. Trials finished before an error or an interruption
 * are kept and returned with it.
 */
export async function runScenario(plan: readonly DeploymentPlan[], context: RunContext): Promise<RunOutcome> {
  const trials: TrialResult[] = [];
  const connectionCost: ConnectionCost[] = [];
  const recordings: LoadRecording[] = [];
  const starts = trialStarts(plan, context.shard?.startAt);
  // --abort-on-fail run: no further trial or deployment starts, but the run is not interrupted
  const runStop = new AbortController();
  const deployments = { ...context, signal: AbortSignal.any([context.signal, runStop.signal]) };
  const outcome = await forEachDeployment(plan, deployments, async (step, deployment, agentFolder) => {
    for (const workload of step.workloads) {
      if (deployments.signal.aborted) break;
      // an attacked workload runs twice (alone, then under attack): the trial and recording kept are the last
      let recorded: LoadRecording | undefined;
      const run = async (spec: WorkloadSpec) => {
        const { trial, recording } = await runTrial(step, spec, deployment, context, agentFolder, starts[trials.length]);
        recorded = recording;
        return trial;
      };
      const { attack } = workload;
      const trial = attack ? await runAttackedTrial({ ...workload, attack }, deployment.url, run, context.signal) : await run(workload);
      trials.push(trial);
      if (recorded) recordings.push(recorded);
      await context.afterTrial?.(trial);
      context.onEvent?.({ type: 'trial-done', trial });
      if (trial.aborted && context.abortOnFail?.run) runStop.abort();
    }
    if (step.connectionCost && !deployments.signal.aborted) {
      const onPlateau = (plateau: ConnectionPlateau) => context.onEvent?.({ type: 'connection-plateau', topology: step.topology.name, plateau });
      connectionCost.push(
        await measureConnectionCost(step.topology, deployment, readinessOf(step), step.connectionCost, { signal: context.signal, onPlateau }),
      );
    }
  });
  const interrupted = outcome.interrupted && (context.signal.aborted || outcome.error !== undefined);
  return { trials, connectionCost, recordings, ...outcome, interrupted };
}

/** The readiness path of a deployment: an external topology's own, else the app's. */
function readinessOf(step: DeploymentPlan): string {
  return (step.topology.kind === 'external' ? step.topology.readiness : undefined) ?? step.app.readiness;
}

/**
 * When each trial's warm-up begins, in epoch ms, in plan order: the first at `startAt`, each next
 * one a slot later (its warm-up, measured phase and trialGapMs), so that shards started with one
 * --start-at run every trial together. Undefined without a start time.
 */
export function trialStarts(plan: readonly DeploymentPlan[], startAt: number | undefined): (number | undefined)[] {
  let next = startAt;
  return plan.flatMap((step) =>
    step.workloads.map((workload) => {
      const start = next;
      if (next !== undefined) next += workload.load.warmupMs + workload.load.durationMs + trialGapMs;
      return start;
    }),
  );
}

async function runTrial(
  step: DeploymentPlan,
  workload: WorkloadSpec,
  deployment: Deployment,
  context: RunContext,
  agentFolder: string | undefined,
  startAt: number | undefined,
): Promise<{ trial: TrialResult; recording: LoadRecording }> {
  const { topology } = step;
  const timeline =
    step.events && step.events.length > 0 ? new EventTimeline(step.events, topology, deployment, workload.load.durationMs, context.signal) : undefined;
  // an earlier exit that left a role with no process is this trial's loss too
  const rolesAtStart = new Set(deployment.processes().map((info) => info.role));
  // before the warm-up and the probes: the sample is in no phase's figures
  const responseSample = await sampleResponses({
    url: deployment.url,
    requests: workload.flow ? workload.requests.filter(standsAlone) : workload.requests,
    timeoutMs: workload.load.timeoutMs,
    signal: context.signal,
  });
  let events: Awaited<ReturnType<EventTimeline['finish']>> | undefined;
  const live = context.live?.trial(liveTrialInfo(topology.name, workload));
  const watch = {
    processes: () => deployment.processes(),
    intervalMs: context.probes.enabled ? context.probes.intervalMs : undefined,
    agentFolder,
    ...(live ? { onSample: (samples: Parameters<typeof live.processes>[0]) => live.processes(samples) } : {}),
  };
  let recording: LoadRecording | undefined;
  const abortOn = context.abortOnFail
    ? abortingThresholds(
        context.abortOnFail.thresholds,
        { topology: topology.name, workload: workload.name, ...(topology.sweep ? { sweep: topology.sweep } : {}) },
        context.abortOnFail.all,
      )
    : [];
  const gate = abortOn.length > 0 ? new LiveGate(abortOn) : undefined;
  const { result, window, raw, processes } = await probeWhileLoading(watch, async (current) => {
    try {
      recording = await context.drivers[modelOf(workload.load)].record({
        url: deployment.url,
        requests: workload.requests,
        ...(workload.flow ? { flow: workload.flow } : {}),
        load: workload.load,
        ...(context.shard ? { share: context.shard.share } : {}),
        ...(startAt === undefined ? {} : { startAt }),
        signal: context.signal,
        ...(gate ? { stopCheck: gate } : {}),
        ...(live ? { onLive: (batch: LiveBatch) => live.responses(batch) } : {}),
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
      return summariseRecording(recording);
    } finally {
      // an event still running is awaited: the deployment serves the next trial as it was
      events = await timeline?.finish();
    }
  }).finally(() => live?.end());
  if (!recording) throw new Error('the load driver returned no recording');
  const warnings = [...(deployment.warnings?.() ?? [])];
  const exits = exitsOfTrial(deployment.exits?.() ?? [], result.phases, events ?? [], rolesAtStart);
  const entries = events || exits.length > 0 ? timelineOf(events ?? [], exits) : undefined;
  const trial: TrialResult = {
    topology: topology.name,
    kind: topology.kind,
    instances: topology.instances,
    ...(topology.sweep ? { sweep: topology.sweep } : {}),
    workload: workload.name,
    repeat: step.repeat,
    ...(step.variant ? { variant: step.variant } : {}),
    load: trialLoadOf(workload.load, result),
    phases: result.phases,
    latencyMs: result.latencyMs,
    ...(result.open ? { serviceLatencyMs: result.open.serviceLatencyMs } : {}),
    requests: result.requests,
    ...(result.byRequest ? { byRequest: inRequestOrder(result.byRequest, workload.requests.map(requestName)) } : {}),
    ...(result.flow ? { flow: result.flow } : {}),
    responseSample,
    series: result.series,
    windows: result.windows,
    processes,
    probes: raw ? summariseProbes(raw, window, processes) : probesOff(context.probes.intervalMs, 'probes were turned off (--no-probes)'),
    client: raw
      ? summariseClient(raw.client, window, raw.intervalMs, result.generators)
      : { cpu: null, eventLoopDelayMs: null, bottleneck: false, reason: '', ...(result.generators ? { generators: result.generators } : {}) },
    verdicts: [],
    ...(entries ? { events: entries } : {}),
    ...(warnings.length > 0 ? { warnings } : {}),
    ...(gate?.failed ? { aborted: gate.failed } : {}),
  };
  return { trial, recording };
}

/**
 * A flow's request that can be sent once on its own, outside any user's run: a GET or HEAD with
 * no template (one with a template would go out as a literal {{x}}; a POST would be one more
 * login or order than the flow sent).
 */
function standsAlone(request: RequestSpec): boolean {
  return (
    (request.method === 'GET' || request.method === 'HEAD') &&
    ![request.path, request.body ?? '', ...Object.values(request.headers)].some((text) => text.includes('{{'))
  );
}

/** The settings a trial ran with, as its report has them: the generator threads counted, not 'auto'. */
export function trialLoadOf(load: LoadSettings, result: Pick<LoadResult, 'generators'>): TrialLoad {
  const { generators: _setting, ...settings } = load;
  const threads = result.generators?.length ?? 1;
  return { ...settings, model: modelOf(load), ...(threads > 1 ? { generators: threads } : {}) };
}
