import type { ProcessSample } from '../probes/raw-samples.js';
import type { LiveBatch } from './live-batch.js';
import { durationBoundsSeconds } from './latency-buckets.js';
import type { LiveObserver, LiveTrial, LiveTrialInfo } from './live-observer.js';
import { boundText, openMetricsText, type MetricFamily, type MetricSample } from './openmetrics-text.js';

type Labels = readonly (readonly [string, string])[];

interface Duration {
  labels: Labels;
  buckets: number[];
  sumSeconds: number;
}

/** A trial in progress: each generator's latest levels, added up when scraped. */
interface RunningTrial {
  labels: Labels;
  levels: Map<number, Pick<LiveBatch, 'inFlight' | 'offeredRps' | 'connections'>>;
  processes: ProcessSample[];
}

/** The label of a failure autocannon did not say the request of (see autocannon-request-index.ts). */
const unknownRequestLabel = 'unknown';

/**
 * The figures the Prometheus endpoint serves, kept from the live batches: counters and the
 * latency histogram add up over the whole run (every trial, every repeat), as Prometheus
 * counters do; the gauges (in flight, offered load, the processes' figures) are those of the
 * trial that runs now, and leave the exposition when it ends. The counts are the measured
 * phase's only, so that they add up to the run's report.
 */
export class LiveMetrics implements LiveObserver {
  private readonly requests = new Map<string, { labels: Labels; value: number }>();
  private readonly durations = new Map<string, Duration>();
  private readonly late = new Map<string, { labels: Labels; value: number }>();
  private readonly running = new Set<RunningTrial>();

  trial(info: LiveTrialInfo): LiveTrial {
    const trialLabels: Labels = [
      ['topology', info.topology],
      ['workload', info.workload],
    ];
    const running: RunningTrial = { labels: trialLabels, levels: new Map(), processes: [] };
    this.running.add(running);
    const requestLabel = (index: number) => info.requests[index] ?? unknownRequestLabel;
    return {
      responses: (batch) => {
        for (const counts of batch.measured) {
          const request: Labels = [...trialLabels, ['request', requestLabel(counts.request)]];
          for (const [status, number] of Object.entries(counts.statuses)) add(this.requests, [...request, ['status', status]], number);
          this.addDurations(request, counts.buckets, counts.sumSeconds);
        }
        if (batch.late > 0 || info.model === 'open') add(this.late, trialLabels, batch.late);
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
  exposition(): string {
    return openMetricsText(this.families());
  }

  families(): MetricFamily[] {
    const running = [...this.running];
    const level = (pick: (levels: Pick<LiveBatch, 'inFlight' | 'offeredRps' | 'connections'>) => number | undefined) =>
      running.flatMap((trial) => {
        const values = [...trial.levels.values()].map(pick).filter((value): value is number => value !== undefined);
        return values.length > 0 ? [{ suffix: '', labels: trial.labels, value: values.reduce((sum, value) => sum + value, 0) }] : [];
      });
    const processes = (pick: (sample: ProcessSample) => number | null) =>
      running.flatMap((trial) =>
        trial.processes.flatMap((sample) => {
          const value = pick(sample);
          const labels: Labels = [trial.labels[0] as readonly [string, string], ['role', sample.role], ['pid', String(sample.pid)]];
          return value === null ? [] : [{ suffix: '', labels, value }];
        }),
      );
    return [
      {
        name: 'loadlab_requests',
        type: 'counter',
        help: 'Requests of the measured phases, by HTTP status or by why they got no answer (timeout, open-files, error).',
        samples: totals(this.requests),
      },
      {
        name: 'loadlab_request_duration_seconds',
        type: 'histogram',
        unit: 'seconds',
        help: 'Latency of the answered requests of the measured phases (open model: from the intended start).',
        samples: this.durationSamples(),
      },
      {
        name: 'loadlab_requests_in_flight',
        type: 'gauge',
        help: 'Requests sent and not yet answered, in the trial running now.',
        samples: level((levels) => levels.inFlight),
      },
      {
        name: 'loadlab_requests_late',
        type: 'counter',
        help: 'Open model: requests of the measured phases that went out late, every connection being busy at their intended start.',
        samples: totals(this.late),
      },
      {
        name: 'loadlab_offered_requests_per_second',
        type: 'gauge',
        help: 'Open model: the arrival rate offered now.',
        samples: level((levels) => levels.offeredRps),
      },
      { name: 'loadlab_offered_connections', type: 'gauge', help: 'Closed model: the connections driven now.', samples: level((levels) => levels.connections) },
      {
        name: 'loadlab_process_cpu_cores',
        type: 'gauge',
        help: "A server process's CPU at the last probe, in cores (1 = one core busy).",
        samples: processes((sample) => sample.cpu),
      },
      {
        name: 'loadlab_process_resident_memory_bytes',
        type: 'gauge',
        unit: 'bytes',
        help: "A server process's resident memory at the last probe.",
        samples: processes((sample) => sample.rssBytes),
      },
      {
        name: 'loadlab_process_open_fds',
        type: 'gauge',
        help: "A server process's open file descriptors at the last probe.",
        samples: processes((sample) => sample.fds),
      },
      {
        name: 'loadlab_process_tcp_connections',
        type: 'gauge',
        help: "A server process's established TCP connections at the last probe.",
        samples: processes((sample) => sample.connections),
      },
    ];
  }

  private addDurations(labels: Labels, buckets: readonly number[], sumSeconds: number): void {
    const key = keyOf(labels);
    let duration = this.durations.get(key);
    if (!duration) {
      duration = { labels, buckets: new Array<number>(durationBoundsSeconds.length + 1).fill(0), sumSeconds: 0 };
      this.durations.set(key, duration);
    }
    buckets.forEach((count, index) => {
      (duration.buckets[index] as number) += count;
    });
    duration.sumSeconds += sumSeconds;
  }

  private durationSamples(): MetricSample[] {
    return [...this.durations.values()].flatMap((duration) => {
      const bounds = [...durationBoundsSeconds, Infinity];
      let cumulative = 0;
      const buckets = bounds.map((bound, index) => {
        cumulative += duration.buckets[index] ?? 0;
        return { suffix: '_bucket', labels: [...duration.labels, ['le', boundText(bound)] as const], value: cumulative };
      });
      return [
        ...buckets,
        { suffix: '_count', labels: duration.labels, value: cumulative },
        { suffix: '_sum', labels: duration.labels, value: duration.sumSeconds },
      ];
    });
  }
}

function keyOf(labels: Labels): string {
  return JSON.stringify(labels);
}

function add(counters: Map<string, { labels: Labels; value: number }>, labels: Labels, number: number): void {
  const key = keyOf(labels);
  const counter = counters.get(key);
  if (counter) counter.value += number;
  else counters.set(key, { labels, value: number });
}

function totals(counters: Map<string, { labels: Labels; value: number }>): MetricSample[] {
  return [...counters.values()].map((counter) => ({ suffix: '_total', labels: counter.labels, value: counter.value }));
}
