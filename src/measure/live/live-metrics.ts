import { Counter, Gauge, Histogram, Registry, type OpenMetricsContentType } from 'prom-client';
import type { ProcessSample } from '../probes/raw-samples.js';
import { observeBucketed } from './bucketed-observations.js';
import type { LiveBatch } from './live-batch.js';
import { durationBoundsSeconds } from './latency-buckets.js';
import type { LiveObserver, LiveTrial, LiveTrialInfo } from './live-observer.js';

type Levels = Pick<LiveBatch, 'inFlight' | 'offeredRps' | 'connections'>;

/** A trial in progress: each generator's latest levels, added up when scraped. */
interface RunningTrial {
  labels: { topology: string; workload: string };
  levels: Map<number, Levels>;
  processes: ProcessSample[];
}

/** The label of a failure autocannon did not say the request of (see autocannon-request-index.ts). */
const unknownRequestLabel = 'unknown';

const trialLabels = ['topology', 'workload'] as const;
const requestLabels = [...trialLabels, 'request'] as const;
const processLabels = ['topology', 'role', 'pid'] as const;

/**
 * The figures the Prometheus endpoint serves, in a prom-client registry fed from the live
 * batches: counters and the latency histogram add up over the whole run (every trial, every
 * repeat), as Prometheus counters do; the gauges (in flight, offered load, the processes'
 * figures) are read from the trials that run now when scraped, so those of a trial that ended
 * leave the exposition. The counts are the measured phase's only, so that they add up to the
 * run's report.
 */
export class LiveMetrics implements LiveObserver {
  private readonly registry = openMetricsRegistry();
  private readonly running = new Set<RunningTrial>();

  private readonly requests = new Counter({
    name: 'loadlab_requests_total',
    help: 'Requests of the measured phases, by HTTP status or by why they got no answer (timeout, open-files, error).',
    labelNames: [...requestLabels, 'status'],
    registers: [this.registry],
  });

  private readonly durations = new Histogram({
    name: 'loadlab_request_duration_seconds',
    help: 'Latency of the answered requests of the measured phases (open model: from the intended start).',
    labelNames: requestLabels,
    buckets: [...durationBoundsSeconds],
    registers: [this.registry],
  });

  private readonly late: Counter<(typeof trialLabels)[number]>;

  constructor() {
    // registered in the order the exposition lists them
    this.levelGauge('loadlab_requests_in_flight', 'Requests sent and not yet answered, in the trial running now.', (levels) => levels.inFlight);
    this.late = new Counter({
      name: 'loadlab_requests_late_total',
      help: 'Open model: requests of the measured phases that went out late, every connection being busy at their intended start.',
      labelNames: trialLabels,
      registers: [this.registry],
    });
    this.levelGauge('loadlab_offered_requests_per_second', 'Open model: the arrival rate offered now.', (levels) => levels.offeredRps);
    this.levelGauge('loadlab_offered_connections', 'Closed model: the connections driven now.', (levels) => levels.connections);
    this.processGauge('loadlab_process_cpu_cores', "A server process's CPU at the last probe, in cores (1 = one core busy).", (sample) => sample.cpu);
    this.processGauge('loadlab_process_resident_memory_bytes', "A server process's resident memory at the last probe.", (sample) => sample.rssBytes);
    this.processGauge('loadlab_process_open_fds', "A server process's open file descriptors at the last probe.", (sample) => sample.fds);
    this.processGauge('loadlab_process_tcp_connections', "A server process's established TCP connections at the last probe.", (sample) => sample.connections);
  }

  /** The content type of `exposition()`: OpenMetrics text. */
  get contentType(): string {
    return this.registry.contentType;
  }

  trial(info: LiveTrialInfo): LiveTrial {
    const labels = { topology: info.topology, workload: info.workload };
    const running: RunningTrial = { labels, levels: new Map(), processes: [] };
    this.running.add(running);
    const requestLabel = (index: number) => info.requests[index] ?? unknownRequestLabel;
    return {
      responses: (batch) => {
        for (const counts of batch.measured) {
          const request = { ...labels, request: requestLabel(counts.request) };
          for (const [status, number] of Object.entries(counts.statuses)) this.requests.inc({ ...request, status }, number);
          const durations = this.durations.labels(request);
          observeBucketed(counts.buckets, counts.sumSeconds, (seconds) => durations.observe(seconds));
        }
        if (batch.late > 0 || info.model === 'open') this.late.inc(labels, batch.late);
        running.levels.set(batch.generator, { inFlight: batch.inFlight, offeredRps: batch.offeredRps, connections: batch.connections });
      },
      processes: (samples) => {
        running.processes = [...samples];
      },
      end: () => {
        this.running.delete(running);
      },
    };
  }

  /** The OpenMetrics text of everything now. */
  exposition(): Promise<string> {
    return this.registry.metrics();
  }

  /** A gauge of the running trials' levels, their generators' shares added up; none for a trial whose generators gave none. */
  private levelGauge(name: string, help: string, pick: (levels: Levels) => number | undefined): void {
    const running = this.running;
    new Gauge({
      name,
      help,
      labelNames: trialLabels,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const trial of running) {
          const values = [...trial.levels.values()].map(pick).filter((value): value is number => value !== undefined);
          if (values.length > 0)
            this.set(
              trial.labels,
              values.reduce((sum, value) => sum + value, 0),
            );
        }
      },
    });
  }

  /** A gauge of the running trials' processes at their last probe; none for a figure the probe could not read. */
  private processGauge(name: string, help: string, pick: (sample: ProcessSample) => number | null): void {
    const running = this.running;
    new Gauge({
      name,
      help,
      labelNames: processLabels,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const trial of running)
          for (const sample of trial.processes) {
            const value = pick(sample);
            if (value !== null) this.set({ topology: trial.labels.topology, role: sample.role, pid: String(sample.pid) }, value);
          }
      },
    });
  }
}

function openMetricsRegistry(): Registry<OpenMetricsContentType> {
  const registry = new Registry<OpenMetricsContentType>();
  registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  return registry;
}
