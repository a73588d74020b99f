import type { ProcessInfo } from '../../contract/common.js';
import type { ClientHealth, GeneratorHealth, ProbeSummary, ProcessProbe, ThreadsProbe } from '../../contract/probes.js';
import type { AgentLine } from './agent-files.js';
import type { ClientSample, ProcessSample, RawProbes } from './raw-samples.js';
import type { ThreadSample } from './process-threads.js';
import { distributionOf, figureOf } from '../../analysis/figures.js';
import { busiestGenerator, clientCpuLimit } from '../../analysis/verdicts/client-bottleneck.js';

/** The measured phase in epoch milliseconds, and when the load (warm-up included) began. */
export interface Window {
  loadStartMs: number;
  startMs: number;
  endMs: number;
}

/** A load generator whose event loop lags this much delays its own requests and stamps. */
const clientDelayLimitMs = 50;

/**
 * Summarises raw probe samples over the measured phase. Pure: a sample counts when the time
 * it covers lies mostly inside the phase (a CPU sample covers the interval before its stamp).
 */
export function summariseProbes(raw: RawProbes, window: Window, processes: readonly ProcessInfo[]): ProbeSummary {
  const half = raw.intervalMs / 2;
  const inWindow = (t: number) => t >= window.startMs + half && t <= window.endMs + half;
  const probes = processes.map((info) => summariseProcess(info, raw, window, inWindow));
  const serving = probes.filter((probe) => probe.role === 'worker' || probe.role === 'instance');
  const unavailable: string[] = [];
  if (!raw.procAvailable) unavailable.push('no /proc on this platform: CPU, memory, file descriptors and connections are unavailable');
  if (!raw.agentLoaded) unavailable.push('no in-app agent: event-loop delay and requests per process are unavailable');
  if (raw.agent.some((line) => line.runtime === 'bun'))
    unavailable.push('requests per process are unavailable for processes under Bun: its HTTP servers publish no http.server.request.start diagnostics channel');
  return {
    intervalMs: raw.intervalMs,
    unavailable,
    processes: probes,
    hostCpu: figureOf(raw.host.filter((sample) => inWindow(sample.t)).map((sample) => sample.cpu)),
    totals: {
      cpu: sumOf(probes.map((probe) => probe.cpu?.mean)),
      rssBytes: sumOf(probes.map((probe) => probe.rssBytes?.max)),
      connections: sumOf(probes.map((probe) => probe.connections?.max)),
      requests: sumOf(probes.map((probe) => probe.requests?.total)),
    },
    distribution: {
      requests: allKnown(serving.map((probe) => probe.requests?.total))
        ? distributionOf(serving.map((probe) => ({ pid: probe.pid, amount: probe.requests?.total ?? 0 })))
        : null,
      connections: allKnown(serving.map((probe) => probe.connections?.mean))
        ? distributionOf(serving.map((probe) => ({ pid: probe.pid, amount: probe.connections?.mean ?? 0 })))
        : null,
    },
  };
}

function summariseProcess(info: ProcessInfo, raw: RawProbes, window: Window, inWindow: (t: number) => boolean): ProcessProbe {
  const samples = raw.processes.filter((sample) => sample.pid === info.pid);
  const measured = samples.filter((sample) => inWindow(sample.t));
  const lines = raw.agent.filter((line) => line.pid === info.pid).sort((a, b) => a.t - b.t);
  const agentMeasured = lines.filter((line) => inWindow(line.t));
  const near = (t: number) => t >= window.startMs - raw.intervalMs && t <= window.endMs + raw.intervalMs;
  const heapLines = lines.filter((line) => near(line.t));
  return {
    pid: info.pid,
    role: info.role,
    cpu: figureOf(measured.flatMap((sample) => (sample.cpu === null ? [] : [sample.cpu]))),
    threads: threadsFigure(measured.flatMap((sample) => (sample.threads ? [sample.threads] : []))),
    rssBytes: figureOf(measured.map((sample) => sample.rssBytes)),
    fds: figureOf(measured.map((sample) => sample.fds)),
    connections: figureOf(measured.map((sample) => sample.connections)),
    eventLoopDelayMs: delayFigure(agentMeasured),
    requests: requestFigure(lines, window),
    heapLimitBytes: lines.at(-1)?.heapLimitBytes ?? null,
    series: samples
      .filter((sample) => near(sample.t))
      .map((sample: ProcessSample) => ({
        t: (sample.t - window.startMs) / 1000,
        cpu: sample.cpu,
        ...(sample.threads === undefined ? {} : { mainThreadCpu: sample.threads?.main ?? null }),
        rssBytes: sample.rssBytes,
        fds: sample.fds,
        connections: sample.connections,
      })),
    ...(heapLines.length > 0 ? { heapSeries: heapLines.map((line) => ({ t: (line.t - window.startMs) / 1000, usedBytes: line.heapUsedBytes })) } : {}),
  };
}

function threadsFigure(samples: readonly ThreadSample[]): ThreadsProbe | null {
  const [main, others, busiest] = [figureOf(samples.map((s) => s.main)), figureOf(samples.map((s) => s.others)), figureOf(samples.map((s) => s.busiest))];
  if (!main || !others || !busiest) return null;
  return { count: Math.max(...samples.map((sample) => sample.count)), main, others, busiest };
}

function delayFigure(lines: readonly { elP50Ms: number; elP99Ms: number; elMaxMs: number }[]): (ReturnType<typeof figureOf> & { p99: number }) | null {
  const median = figureOf(lines.map((line) => line.elP50Ms));
  if (!median) return null;
  return { mean: median.mean, max: Math.max(...lines.map((line) => line.elMaxMs)), p99: Math.max(...lines.map((line) => line.elP99Ms)) };
}

/** Requests in the phase from the agent's cumulative counts, read at the phase's edges (see countAt). */
function requestFigure(lines: readonly AgentLine[], window: Window): ProcessProbe['requests'] {
  const counted = lines.filter((line): line is AgentLine & { requests: number } => line.requests !== null);
  if (counted.length < 2) return null;
  const total = countAt(counted, window.endMs, window) - countAt(counted, window.startMs, window);
  const rates: number[] = [];
  for (let index = 1; index < counted.length; index += 1) {
    const [before, after] = [counted[index - 1], counted[index]] as [AgentLine & { requests: number }, AgentLine & { requests: number }];
    if (after.t > window.startMs && before.t < window.endMs && after.t > before.t)
      rates.push((after.requests - before.requests) / ((after.t - before.t) / 1000));
  }
  const rate = figureOf(rates);
  return rate ? { ...rate, total } : null;
}

/**
 * The cumulative count at time t, between the agent lines around it. Requests arrive only
 * while the load runs, so the growth between two lines is spread over the part of their
 * interval that the load covered: the count at the end of the load is the next line's count,
 * not a straight line drawn past the moment the load stopped.
 */
function countAt(lines: readonly { t: number; requests: number }[], t: number, window: Window): number {
  const first = lines[0];
  const last = lines.at(-1);
  if (!first || !last) return 0;
  if (t <= first.t) return first.requests;
  if (t >= last.t) return last.requests;
  const after = lines.findIndex((line) => line.t >= t);
  const [a, b] = [lines[after - 1], lines[after]] as [{ t: number; requests: number }, { t: number; requests: number }];
  const from = Math.max(a.t, window.loadStartMs);
  const to = Math.min(b.t, window.endMs);
  if (to <= from) return t < from ? a.requests : b.requests;
  const covered = Math.min(Math.max(t - from, 0), to - from);
  return a.requests + ((b.requests - a.requests) * covered) / (to - from);
}

/**
 * loadlab's own health over the measured phase, and whether it limited the run. With several
 * generator threads, each has a core's worth of work to do: one of them at its limit is the
 * bottleneck, whatever the process as a whole used (more than one core, by then).
 */
export function summariseClient(
  samples: readonly ClientSample[],
  window: Window,
  intervalMs: number,
  generators: readonly GeneratorHealth[] = [],
): ClientHealth {
  const measured = samples.filter((sample) => sample.t >= window.startMs + intervalMs / 2 && sample.t <= window.endMs + intervalMs / 2);
  const cpu = figureOf(measured.map((sample) => sample.cpu));
  const delay = figureOf(measured.map((sample) => sample.elP50Ms));
  const eventLoopDelayMs = delay ? { ...delay, max: Math.max(...measured.map((s) => s.elMaxMs)), p99: Math.max(...measured.map((s) => s.elP99Ms)) } : null;
  const p99Mean = figureOf(measured.map((sample) => sample.elP99Ms))?.mean ?? 0;
  const reasons: string[] = [];
  if (generators.length > 0) {
    const busiest = busiestGenerator(generators);
    if (busiest?.cpu != null && busiest.cpu >= clientCpuLimit)
      reasons.push(`loadlab's generator thread ${busiest.generator} used ${Math.round(busiest.cpu * 100)}% of a core`);
  } else if (cpu && cpu.mean >= clientCpuLimit) reasons.push(`loadlab's own process used ${Math.round(cpu.mean * 100)}% of a core`);
  if (p99Mean >= clientDelayLimitMs) reasons.push(`its event loop lagged ${Math.round(p99Mean)} ms (p99)`);
  return {
    cpu,
    eventLoopDelayMs,
    bottleneck: reasons.length > 0,
    reason: reasons.length > 0 ? `${reasons.join(' and ')}: the figures describe the load generator, not the server` : '',
    ...(generators.length > 0 ? { generators: [...generators] } : {}),
  };
}

/** A summary with every figure unavailable, saying why. */
export function probesOff(intervalMs: number, reason: string): ProbeSummary {
  return {
    intervalMs,
    unavailable: [reason],
    processes: [],
    hostCpu: null,
    totals: { cpu: null, rssBytes: null, connections: null, requests: null },
    distribution: { requests: null, connections: null },
  };
}

function sumOf(values: readonly (number | undefined)[]): number | null {
  const known = values.filter((value): value is number => value !== undefined);
  return known.length === 0 ? null : known.reduce((sum, value) => sum + value, 0);
}

function allKnown(values: readonly (number | undefined)[]): boolean {
  return values.length > 0 && values.every((value) => value !== undefined);
}
