import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ProcessInfo } from '../../contract/common.js';
import { nowEpochMs } from '../clock.js';
import { AgentFiles } from './agent-files.js';
import { readHostCpu } from './proc-files.js';
import { ProcReaderThread } from './proc-reader-thread.js';
import type { ProcSnapshot } from './proc-snapshot.js';
import type { ClientSample, ProcessSample, RawProbes } from './raw-samples.js';
import { threadSample, type ThreadTicks } from './process-threads.js';

// the histogram's timer wakes loadlab this often, at a low rate as often as the load does
// (10 ms cost 0.007 core on an idle loop, a third of loadlab's budget there); half of the 50 ms
// lag that calls the client a bottleneck still sees that lag
const clientDelayResolutionMs = 20;

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
  /** Given: each /proc reading of the processes, as recorded (the live outputs'). */
  onSample?: (samples: readonly ProcessSample[]) => void;
}

/**
 * Samples the deployment's processes from /proc (in a worker thread), the in-app agent's
 * files, the host's CPU and loadlab's own health on an interval, alongside the load. A tick
 * whose /proc read is still running is skipped rather than queued. A probe never renders and
 * never guesses: where /proc is missing it records that, not zeros.
 */
export class ProbeSampler {
  private readonly raw: RawProbes;
  private readonly lastCpu = new Map<number, { t: number; cpuSeconds: number; threads: ThreadTicks[] }>();
  private readonly agentFiles: AgentFiles | undefined;
  private readonly reader: ProcReaderThread | undefined;
  private readonly clientDelay = monitorEventLoopDelay({ resolution: clientDelayResolutionMs });
  private lastHost: { busy: number; total: number } | undefined;
  private lastClient = { t: nowEpochMs(), usage: process.cpuUsage() };
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;

  constructor(private readonly options: SamplerOptions) {
    const procAvailable = readHostCpu() !== undefined;
    this.agentFiles = options.agentFolder ? new AgentFiles(options.agentFolder) : undefined;
    this.reader = procAvailable ? new ProcReaderThread() : undefined;
    this.raw = {
      intervalMs: options.intervalMs,
      procAvailable,
      agentLoaded: this.agentFiles !== undefined,
      processes: [],
      host: [],
      agent: [],
      client: [],
      sampleCostMs: [],
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
    await this.inFlight;
    // the last /proc sample now, as close to the end of the measured phase as possible
    this.tick();
    await this.inFlight;
    this.clientDelay.disable();
    if (this.agentFiles) await this.waitForAgentLines(until);
    await this.reader?.close();
    return this.raw;
  }

  /** Reads /proc once for the current processes and records it (the probes benchmark times this). */
  async sampleProcesses(): Promise<ProcSnapshot | undefined> {
    if (!this.reader) return undefined;
    const processes = this.options.processes();
    const snapshot = await this.reader.read(processes.map((info) => info.pid));
    this.record(snapshot, processes);
    return snapshot;
  }

  private tick(): void {
    this.sampleClient(nowEpochMs());
    this.readAgent();
    if (this.inFlight || !this.reader) return;
    this.inFlight = this.sampleProcesses().then(() => {
      this.inFlight = undefined;
    });
  }

  private record(snapshot: ProcSnapshot, processes: readonly ProcessInfo[]): void {
    const { t } = snapshot;
    this.raw.sampleCostMs.push(snapshot.costMs);
    if (snapshot.host && this.lastHost && snapshot.host.total > this.lastHost.total) {
      this.raw.host.push({ t, cpu: (snapshot.host.busy - this.lastHost.busy) / (snapshot.host.total - this.lastHost.total) });
    }
    this.lastHost = snapshot.host ?? this.lastHost;
    const samples: ProcessSample[] = [];
    for (const reading of snapshot.processes) {
      const role = processes.find((info) => info.pid === reading.pid)?.role;
      if (!role) continue;
      // CPU time over the time between its own two reads, not the snapshots' start times
      const previous = this.lastCpu.get(reading.pid);
      this.lastCpu.set(reading.pid, { t: reading.t, cpuSeconds: reading.cpuSeconds, threads: reading.threads });
      const seconds = previous && reading.t > previous.t ? (reading.t - previous.t) / 1000 : null;
      samples.push({
        t,
        pid: reading.pid,
        role,
        cpu: previous && seconds !== null ? (reading.cpuSeconds - previous.cpuSeconds) / seconds : null,
        threads: previous && seconds !== null ? threadSample(reading.pid, previous.threads, reading.threads, seconds) : null,
        rssBytes: reading.rssBytes,
        fds: reading.fds,
        connections: reading.connections,
      });
    }
    this.raw.processes.push(...samples);
    this.options.onSample?.(samples);
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

  private readAgent(): void {
    if (this.agentFiles) this.raw.agent.push(...this.agentFiles.readNew());
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
