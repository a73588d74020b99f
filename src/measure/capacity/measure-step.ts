import os from 'node:os';
import { othersCpu } from './others-cpu.js';
import { checkLittlesLaw } from '../../analysis/capacity/littles-law.js';
import { judgeStep, onlyLatencyAtFault, type StepCriteria } from '../../analysis/capacity/step.js';
import { failureDoubt } from '../../analysis/capacity/doubt.js';
import { busiestGenerator } from '../../analysis/verdicts/client-bottleneck.js';
import { summariseClient, summariseProbes } from '../probes/probe-summary.js';
import type { LoadDriver } from '../drivers/driver.js';
import type { CapacityStep } from '../../contract/capacity-report.js';
import type { ProcessInfo } from '../../contract/common.js';
import { PhaseCpu } from '../probes/phase-cpu.js';
import { probeWhileLoading } from '../probes/probed-load.js';
import type { WorkloadSpec } from '../../scenario/types.js';
import { withoutStages } from '../../scenario/stage-types.js';
import type { LiveObserver } from '../live/live-observer.js';
import { liveTrialInfo } from '../live/live-trial-info.js';
import type { LiveBatch } from '../live/live-batch.js';

export interface StepSettings {
  warmupMs: number;
  durationMs: number;
  criteria: StepCriteria;
  littlesLawTolerance: number;
  /** Cores other processes may use before a step counts as disturbed. */
  disturbedCpu: number;
}

export interface StepTarget {
  url: string;
  /** The topology's name: the live outputs' label. */
  topology: string;
  /** The open model's driver: a step is a fixed arrival rate. */
  driver: LoadDriver;
  workload: WorkloadSpec;
  /** The deployment's processes right now. */
  processes: () => ProcessInfo[];
  /** Probe interval, or undefined when probes are off. */
  probeIntervalMs: number | undefined;
  /** Whether the deployment's processes are all known, so that what other processes use can be told apart (not so for an external server). */
  knownProcesses: boolean;
  signal: AbortSignal;
  /** Given: the step's answers and probe readings as they come, the step a trial of its own. */
  live?: LiveObserver;
}

/**
 * Most connections a step may open. Each is a socket on both ends of loopback and a file
 * descriptor in each process: a few thousand stays below common limits (ulimit -n 1024 is
 * raised to the hard limit by Node, usually 4096 or more).
 */
const connectionCap = 4000;

/**
 * The connections a step may open at `rps`: the workload's maxConnections when the scenario
 * sets one (the user's client has that many), else enough that a server within the SLO never
 * makes a request wait for a connection. A step passes only with p99 ≤ slo.p99, so its mean
 * latency is below it and, by Little's law, its mean in-flight below rps × slo.p99; twice that
 * leaves room for bursts. A cap of the workload's `connections` alone would fail an I/O-bound
 * server for the client's lack of connections, not for its own latency.
 */
export function stepConnections(workload: WorkloadSpec, rps: number, sloP99Ms: number): number {
  if (workload.load.maxConnections !== undefined) return workload.load.maxConnections;
  return Math.min(connectionCap, Math.max(workload.load.connections, Math.ceil((2 * rps * sloP99Ms) / 1000)));
}

/**
 * One step of the search on a running deployment: an open-model warm-up and measured phase at
 * `rps`, with the processes' CPU over the measured phase (their CPU time read at its start and
 * end; other processes' CPU from a sampler of its own, sliced by the step's stamped measured
 * phase), judged against the SLO. A step cut short by the signal is marked
 * failed with that reason; the search does not count it.
 */
export async function measureStep(rps: number, target: StepTarget, settings: StepSettings): Promise<CapacityStep> {
  // No agent folder: the step needs CPU only, and reading the agent would add up to an agent
  // interval of waiting to every step. The agent stays loaded, so the app runs as under `run`.
  const phaseCpu = target.probeIntervalMs === undefined ? undefined : new PhaseCpu();
  const maxConnections = stepConnections(target.workload, rps, settings.criteria.p99Ms);
  const load = { ...withoutStages(target.workload.load), warmupMs: settings.warmupMs, durationMs: settings.durationMs, rate: rps, maxConnections };
  const live = target.live?.trial(liveTrialInfo(target.topology, { ...target.workload, load }));
  const watch = {
    processes: target.processes,
    intervalMs: target.probeIntervalMs,
    ...(live ? { onSample: (samples: Parameters<typeof live.processes>[0]) => live.processes(samples) } : {}),
  };
  const { result, window, raw, processes } = await probeWhileLoading(watch, (current) =>
    target.driver.run({
      url: target.url,
      requests: target.workload.requests,
      load,
      signal: target.signal,
      onMeasuredStart: () => phaseCpu?.begin(current().map((info) => info.pid)),
      ...(live ? { onLive: (batch: LiveBatch) => live.responses(batch) } : {}),
    }),
  ).finally(() => live?.end());
  const open = result.open;
  if (!open) throw new Error('the open-model driver returned no open-model figures');
  const probes = raw ? summariseProbes(raw, window, processes) : undefined;
  const client = raw ? summariseClient(raw.client, window, raw.intervalMs, result.generators) : undefined;
  // capacity@1 keeps its numbers: a step with no response has responses 0, which fails it whatever its latency
  const latencyMs = result.latencyMs ?? { p50: 0, p90: 0, p99: 0, max: 0, mean: 0 };
  const serviceP99Ms = open.serviceLatencyMs?.p99 ?? 0;
  const figures = {
    targetRps: rps,
    achievedRps: open.achievedRps,
    latencyMs: { p50: latencyMs.p50, p90: latencyMs.p90, p99: latencyMs.p99, max: latencyMs.max, mean: latencyMs.mean },
    responses: result.requests.total,
    errors: result.requests.errors,
    timeouts: result.requests.timeouts,
    non2xx: result.requests.non2xx,
    dropped: open.dropped,
    delayed: open.delayed,
    maxConnections,
    connectionsUsed: open.maxConnectionsUsed,
  };
  const judgement = result.interrupted ? { passed: false, reason: 'interrupted before the end of its measured phase' } : judgeStep(figures, settings.criteria);
  // with several generator threads, the busiest one is the client's limit
  const clientCpu = result.generators ? (busiestGenerator(result.generators)?.cpu ?? null) : (client?.cpu?.mean ?? null);
  const clientStallMs = client?.eventLoopDelayMs?.max ?? null;
  // /proc/stat counts every CPU of the machine, whatever loadlab may use
  const others =
    raw && target.knownProcesses
      ? othersCpu(
          raw,
          window,
          processes.map((info) => info.pid),
          os.cpus().length,
        )
      : null;
  const doubt = result.interrupted
    ? ''
    : failureDoubt(
        {
          passed: judgement.passed,
          p99Ms: latencyMs.p99,
          serviceP99Ms,
          delayed: open.delayed,
          dropped: open.dropped,
          otherProblems: !onlyLatencyAtFault(figures, settings.criteria),
          othersCpu: others,
          clientStallMs,
          windows: result.windows,
          durationMs: result.phases.measured.durationMs,
        },
        { p99Ms: settings.criteria.p99Ms, disturbedCpu: settings.disturbedCpu },
      );
  return {
    ...figures,
    serviceP99Ms,
    ...judgement,
    phases: result.phases,
    cpuByProcess: probes
      ? probes.processes.map((probe) => ({ pid: probe.pid, role: probe.role, cpu: phaseCpu?.end(probe.pid) ?? probe.cpu?.mean ?? null }))
      : processes.map((info) => ({ pid: info.pid, role: info.role, cpu: null })),
    clientCpu,
    clientBottleneck: client?.bottleneck === true,
    othersCpu: others,
    disturbed: others !== null && others.max > settings.disturbedCpu,
    clientStallMs,
    doubt,
    doubtful: doubt !== '',
    // the search decides; a step is counted unless it is measured again
    counted: !result.interrupted,
    littlesLaw: checkLittlesLaw(
      { targetRps: rps, meanLatencyMs: latencyMs.mean, meanInFlight: open.meanInFlight, responses: result.requests.total },
      settings.littlesLawTolerance,
    ),
  };
}
