import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ProcessInfo } from '../model.js';
import { nowEpochMs } from '../util/clock.js';
import { AgentFiles } from './agent-files.js';
import { readEstablishedInodes, readHostCpu, readProcess } from './proc-files.js';
import type { ClientSample, ProcessSample, RawProbes } from './raw-samples.js';

const clientDelayResolutionMs = 10;

/** monitorEventLoopDelay records the whole timer period (the resolution on an idle loop): the delay is the excess. */
function delayMs(nanoseconds: number): number {
  return Number.isFinite(nanoseconds) && nanoseconds > 0 ? Math.max(0, nanoseconds / 1e6 - clientDelayResolutionMs) : 0;
}

export interface SamplerOptions {
  intervalMs: number;
  /** The deployment's processes right now; asked on every tick, so re-forked workers are found. */
  processes: () => ProcessInfo[];
  /** The folder the in-app agent writes to, if it was loaded. */
  agentFolder?: string;
}

/**
 * Samples the deployment's processes from /proc, the in-app agent's files, the host's CPU and
 * loadlab's own health on an interval, alongside the load. A probe never renders and never
 * guesses: where /proc is missing it records that, not zeros.
 */
export class ProbeSampler {
  private readonly raw: RawProbes;
  private readonly lastCpu = new Map<number, { t: number; cpuSeconds: number }>();
  private readonly agentFiles: AgentFiles | undefined;
  private readonly clientDelay = monitorEventLoopDelay({ resolution: clientDelayResolutionMs });
  private lastHost = readHostCpu();
  private lastClient = { t: nowEpochMs(), usage: process.cpuUsage() };
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: SamplerOptions) {
    this.agentFiles = options.agentFolder ? new AgentFiles(options.agentFolder) : undefined;
    this.raw = {
      intervalMs: options.intervalMs,
      procAvailable: this.lastHost !== undefined,
      agentLoaded: this.agentFiles !== undefined,
      processes: [],
      host: [],
      agent: [],
      client: [],
    };
  }

  start(): void {
    this.clientDelay.enable();
    this.tick();
    this.timer = setInterval(() => this.tick(), this.options.intervalMs);
  }

  /**
   * Takes a last sample and returns everything recorded. It then waits (up to two agent
   * intervals) for an agent line stamped at or after `until`, so that counts at the end of the
   * measured phase are read, not extrapolated.
   */
  async stop(until: number): Promise<RawProbes> {
    clearInterval(this.timer);
    // the last /proc sample now, as close to the end of the measured phase as possible
    this.tick();
    this.clientDelay.disable();
    if (this.agentFiles) await this.waitForAgentLines(until);
    return this.raw;
  }

  private async waitForAgentLines(until: number): Promise<void> {
    const deadline = nowEpochMs() + 2 * this.options.intervalMs + 100;
    const pids = new Set(this.options.processes().map((info) => info.pid));
    while (nowEpochMs() < deadline) {
      this.readAgent();
      const late = new Set(this.raw.agent.filter((line) => line.t >= until).map((line) => line.pid));
      if ([...pids].every((pid) => late.has(pid))) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private tick(): void {
    const t = nowEpochMs();
    this.sampleClient(t);
    this.readAgent();
    if (!this.raw.procAvailable) return;
    this.sampleHost(t);
    const established = readEstablishedInodes();
    for (const info of this.options.processes()) {
      const reading = readProcess(info.pid);
      if (!reading) continue;
      const previous = this.lastCpu.get(info.pid);
      this.lastCpu.set(info.pid, { t, cpuSeconds: reading.cpuSeconds });
      const sample: ProcessSample = {
        t,
        pid: info.pid,
        role: info.role,
        cpu: previous && t > previous.t ? (reading.cpuSeconds - previous.cpuSeconds) / ((t - previous.t) / 1000) : null,
        rssBytes: reading.rssBytes,
        fds: reading.fds,
        connections: reading.socketInodes.filter((inode) => established.has(inode)).length,
      };
      this.raw.processes.push(sample);
    }
  }

  private readAgent(): void {
    if (this.agentFiles) this.raw.agent.push(...this.agentFiles.readNew());
  }

  private sampleHost(t: number): void {
    const host = readHostCpu();
    if (host && this.lastHost && host.total > this.lastHost.total) {
      this.raw.host.push({ t, cpu: (host.busy - this.lastHost.busy) / (host.total - this.lastHost.total) });
    }
    this.lastHost = host;
  }

  private sampleClient(t: number): void {
    const usage = process.cpuUsage();
    const elapsedMs = t - this.lastClient.t;
    if (elapsedMs > 0) {
      const cpuMicros = usage.user - this.lastClient.usage.user + (usage.system - this.lastClient.usage.system);
      const sample: ClientSample = {
        t,
        cpu: cpuMicros / 1000 / elapsedMs,
        elP50Ms: delayMs(this.clientDelay.percentile(50)),
        elP99Ms: delayMs(this.clientDelay.percentile(99)),
        elMaxMs: delayMs(this.clientDelay.max),
      };
      this.raw.client.push(sample);
    }
    this.clientDelay.reset();
    this.lastClient = { t, usage };
  }
}
