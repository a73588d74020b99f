import { setTimeout as sleep } from 'node:timers/promises';
import type { CapacityRun } from '../../analysis/capacity/build-report.js';
import type { StepCriteria } from '../../analysis/capacity/step.js';
import type { CapacityStep } from '../../contract/capacity-report.js';
import type { DeploymentPlan } from '../plan.js';
import { forEachDeployment, type DeploymentContext, type DeploymentEvent, type DeploymentsOutcome } from '../deployments.js';
import type { Deployment } from '../../deploy/topologies/types.js';
import type { WorkloadSpec } from '../../scenario/types.js';
import { measureStep } from './measure-step.js';
import { confirmCapacity } from './confirm.js';
import { findCapacity, roundRate } from './search.js';
import { withoutStages } from '../../scenario/stage-types.js';
import type { LiveObserver } from '../live/live-observer.js';

export interface CapacitySettings {
  stepWarmupMs: number;
  stepDurationMs: number;
  /** The closed-model probe that picks the starting rate; unused when startRps is given. */
  probeDurationMs: number;
  /** The first rate tried; undefined: half the closed-model probe's throughput. */
  startRps: number | undefined;
  growth: number;
  precision: number;
  maxSteps: number;
  maxRps: number | undefined;
  cooldownMs: number;
  /** Times a rate whose step failed while disturbed is measured again, after retryPauseMs. */
  retries: number;
  retryPauseMs: number;
  disturbedCpu: number;
  criteria: StepCriteria;
  littlesLawTolerance: number;
  /** How long the found rate is held to confirm it; 0: not confirmed. */
  confirmMs: number;
  confirmAttempts: number;
  confirmStepDown: number;
}

export type CapacityEvent =
  | DeploymentEvent
  | { type: 'probe-done'; topology: string; workload: string; probeRps: number; startRps: number }
  | { type: 'step-done'; topology: string; workload: string; step: CapacityStep; confirming: boolean }
  | { type: 'search-done'; run: CapacityRun };

export interface CapacityContext extends DeploymentContext {
  /** Aborted on Ctrl-C or SIGTERM: the step in progress ends early, the search ends, the deployment stops. */
  signal: AbortSignal;
  onEvent?: (event: CapacityEvent) => void;
  /** Awaited after each finished search, before the next starts: where the command keeps its report on disk. */
  afterSearch?: (run: CapacityRun) => Promise<void>;
  /** Given: every step's answers and probe readings as they come, each step a trial (the Prometheus endpoint). */
  live?: LiveObserver;
}

export interface CapacityOutcome extends DeploymentsOutcome {
  runs: CapacityRun[];
}

/**
 * The closed-model probe's throughput is about what the server does flat out; the search starts
 * at half of it. A CPU-bound server's capacity within an SLO lies a little below its flat-out
 * throughput, so with growth 1.5 the second or third step brackets it; an I/O-bound server the
 * probe's connections could not saturate is found by stepping up.
 */
const startShareOfProbe = 0.5;
const probeWarmupMs = 250;

/**
 * Runs the capacity search on each deployment of the plan: the deployment is started once (with
 * the probes' in-app agent, as `loadlab run` starts it), and for each workload a short
 * closed-model probe picks the starting rate, then every step of the search runs on that same
 * running deployment, with no restart. Searches finished before an error or an interruption are
 * kept and returned with it; every process is stopped before this returns.
 */
export async function runCapacity(plan: readonly DeploymentPlan[], settings: CapacitySettings, context: CapacityContext): Promise<CapacityOutcome> {
  const runs: CapacityRun[] = [];
  const outcome = await forEachDeployment(plan, context, async (step, deployment) => {
    for (const workload of step.workloads) {
      if (context.signal.aborted) break;
      const run = await searchWorkload(step, workload, deployment, settings, context);
      if (run.steps.length === 0) continue;
      runs.push(run);
      await context.afterSearch?.(run);
      context.onEvent?.({ type: 'search-done', run });
    }
  });
  return { runs, ...outcome };
}

async function searchWorkload(
  step: DeploymentPlan,
  workload: WorkloadSpec,
  deployment: Deployment,
  settings: CapacitySettings,
  context: CapacityContext,
): Promise<CapacityRun> {
  const { topology } = step;
  let probeRps: number | null = null;
  let startRps = settings.startRps;
  if (startRps === undefined) {
    const probe = await context.drivers.closed.run({
      url: deployment.url,
      requests: workload.requests,
      load: { ...withoutStages(workload.load), warmupMs: probeWarmupMs, durationMs: settings.probeDurationMs },
      signal: context.signal,
    });
    probeRps = probe.requests.rps;
    startRps = Math.max(1, roundRate(probeRps * startShareOfProbe));
    if (!context.signal.aborted) context.onEvent?.({ type: 'probe-done', topology: topology.name, workload: workload.name, probeRps, startRps });
  }
  const target = {
    url: deployment.url,
    topology: topology.name,
    driver: context.drivers.open,
    workload,
    processes: () => deployment.processes(),
    probeIntervalMs: context.probes.enabled ? context.probes.intervalMs : undefined,
    knownProcesses: topology.kind !== 'external',
    signal: context.signal,
    ...(context.live ? { live: context.live } : {}),
  };
  const pause = (ms: number) => sleep(ms, undefined, { signal: context.signal }).catch(() => {});
  const measureAt = (durationMs: number, confirming: boolean) => async (rps: number) => {
    const measured = await measureStep(rps, target, {
      warmupMs: settings.stepWarmupMs,
      durationMs,
      criteria: settings.criteria,
      littlesLawTolerance: settings.littlesLawTolerance,
      disturbedCpu: settings.disturbedCpu,
    });
    context.onEvent?.({ type: 'step-done', topology: topology.name, workload: workload.name, step: measured, confirming });
    // An overloaded step leaves work behind (a GC debt, sockets closing): let it settle so the next step starts clean.
    if (!measured.passed && !context.signal.aborted) await pause(settings.cooldownMs);
    return measured;
  };
  // another job's burst is often over in a second or two
  const beforeRetry = () => pause(settings.retryPauseMs);
  const search = await findCapacity(measureAt(settings.stepDurationMs, false), {
    startRps,
    growth: settings.growth,
    precision: settings.precision,
    maxSteps: settings.maxSteps,
    retries: settings.retries,
    beforeRetry,
    ...(settings.maxRps === undefined ? {} : { maxRps: settings.maxRps }),
    signal: context.signal,
  });
  const run = {
    topology: topology.name,
    kind: topology.kind,
    instances: topology.instances,
    workload: workload.name,
    probeRps,
    steps: search.steps.map((entry, index) => ({ ...entry, counted: search.counted[index] === true })),
    capacityRps: search.capacityRps,
    failedRps: search.failedRps,
    foundRps: search.capacityRps,
    confirmation: null,
    stop: search.stop,
  };
  if (search.capacityRps === null || search.stop === 'interrupted' || settings.confirmMs <= 0 || context.signal.aborted) return run;
  const confirmed = await confirmCapacity(measureAt(settings.confirmMs, true), search.capacityRps, {
    attempts: settings.confirmAttempts,
    stepDown: settings.confirmStepDown,
    retries: 1,
    beforeRetry,
    signal: context.signal,
  });
  const failedRps = [run.failedRps, confirmed.failedRps]
    .filter((rate) => rate !== null)
    .reduce<number | null>((lowest, rate) => Math.min(lowest ?? rate, rate), null);
  return {
    ...run,
    capacityRps: confirmed.confirmedRps,
    failedRps,
    stop: confirmed.interrupted ? 'interrupted' : run.stop,
    confirmation: {
      durationMs: settings.confirmMs,
      confirmedRps: confirmed.confirmedRps,
      steps: confirmed.steps.map((entry, index) => ({ ...entry, counted: confirmed.counted[index] === true })),
    },
  };
}
