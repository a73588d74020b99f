import type { Figure, ProcessProbe, TrialResult } from '../../model.js';
import { formatBytes, formatPercent, formatRps, groupThousands } from '../../text/format.js';
import { formatLatencyAgainst } from '../verdicts/judgement.js';

/** Every metric a threshold can name, in the order error messages list them. */
export const metricNames = [
  'p50',
  'p90',
  'p99',
  'p999',
  'max',
  'mean',
  'rps',
  'errors',
  'error_rate',
  'timeouts',
  'non2xx',
  'cpu',
  'rss',
  'fds',
  'connections',
  'el_delay_p99',
] as const;

export type MetricName = (typeof metricNames)[number];

/** What a metric measures decides the units its limit may carry. */
export type Quantity = 'latency' | 'fraction' | 'cpu' | 'bytes' | 'count';

/**
 * The units each quantity accepts, keyed by their lower-case spelling (units are matched without
 * regard to case), as factors to the metric's base unit: milliseconds, a fraction (0 to 1, or of
 * one core for cpu), bytes, or a plain count. Byte units are 1024-based: 1 MB = 1,048,576 bytes,
 * the way RSS is usually read (and how the reports show it, as MiB).
 */
export const unitFactors: Record<Quantity, Readonly<Record<string, number>>> = {
  latency: { ms: 1, s: 1000 },
  fraction: { '%': 0.01 },
  cpu: { '%': 0.01 },
  bytes: { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 },
  count: {},
};

/** What a quantity's number may be written as, for error messages: 'p99 takes ms or s …'. */
export const unitHelp: Record<Quantity, string> = {
  latency: 'takes ms or s (a plain number is in ms)',
  fraction: 'takes % or a plain fraction (1% = 0.01)',
  cpu: 'takes % of one core or a plain fraction of one core (80% = 0.8)',
  bytes: 'takes KB, MB or GB (1024-based: 1 MB = 1,048,576 bytes) or a plain number of bytes',
  count: 'takes a plain number, without a unit',
};

interface MetricDefinition {
  quantity: Quantity;
  /** The figure in the base unit; null when the trial could not measure it (never a made-up zero). */
  read: (trial: TrialResult) => number | null;
  /** Why read gave null, in plain words. */
  missing: (trial: TrialResult) => string;
  /** The figure as the messages show it, with more digits when it would read the same as the limit. */
  format: (value: number, limit: number) => string;
}

const noResponse = () => 'no response was received, so there is no latency';

function latency(percentile: 'p50' | 'p90' | 'p99' | 'p999' | 'max' | 'mean'): MetricDefinition {
  return {
    quantity: 'latency',
    // Without a response the summary's zeros would read as infinitely fast.
    read: (trial) => (trial.requests.total === 0 ? null : trial.latencyMs[percentile]),
    missing: noResponse,
    format: formatLatencyAgainst,
  };
}

function count(read: (trial: TrialResult) => number, format: (value: number) => string = groupThousands): MetricDefinition {
  return { quantity: 'count', read, missing: () => 'not counted', format: precise(format, (value) => String(Number(value.toPrecision(6)))) };
}

/**
 * The highest peak of any server process (the load generator is not one of them); null when
 * no process had the figure. what: the figure in words, for the message that says it is missing.
 */
function highestOfProcesses(quantity: Quantity, pick: (probe: ProcessProbe) => Figure | null, what: string, format: MetricDefinition['format']): MetricDefinition {
  return {
    quantity,
    read: (trial) => {
      const peaks = trial.probes.processes.flatMap((probe) => {
        const figure = pick(probe);
        return figure === null ? [] : [figure.max];
      });
      return peaks.length === 0 ? null : Math.max(...peaks);
    },
    missing: (trial) => [`no ${what} of a server process in the measured phase`, ...trial.probes.unavailable].join('; '),
    format,
  };
}

/**
 * How each metric is read from a trial. Latency figures are the trial's own (HDR histogram, in
 * ms; p999 is the 99.9th percentile); counts are of the measured phase; process figures are the
 * highest peak over the server processes.
 */
export const metrics = {
  p50: latency('p50'),
  p90: latency('p90'),
  p99: latency('p99'),
  p999: latency('p999'),
  max: latency('max'),
  mean: latency('mean'),
  rps: count((trial) => trial.requests.rps, formatRps),
  errors: count((trial) => trial.requests.errors),
  // Failed ÷ attempted, as the errors verdict counts them: errors (timeouts among them) and
  // non-2xx responses, over the responses and the requests that got none.
  error_rate: {
    quantity: 'fraction',
    read: (trial) => {
      const attempted = trial.requests.total + trial.requests.errors;
      return attempted === 0 ? null : (trial.requests.errors + trial.requests.non2xx) / attempted;
    },
    missing: () => 'no request was answered or failed in the measured phase',
    format: precise(formatShare, (value) => `${Number((value * 100).toPrecision(6))}%`),
  },
  timeouts: count((trial) => trial.requests.timeouts),
  non2xx: count((trial) => trial.requests.non2xx),
  cpu: highestOfProcesses('cpu', (probe) => probe.cpu, 'CPU sample', precise((value) => `${formatPercent(value)} of a core`, (value) => `${Number((value * 100).toPrecision(6))}% of a core`)),
  rss: highestOfProcesses('bytes', (probe) => probe.rssBytes, 'memory (RSS) sample', precise(formatBytes, (value) => `${groupThousands(value)} bytes`)),
  fds: highestOfProcesses('count', (probe) => probe.fds, 'open file count', precise(groupThousands, (value) => String(value))),
  connections: highestOfProcesses('count', (probe) => probe.connections, 'connection count', precise(groupThousands, (value) => String(value))),
  el_delay_p99: {
    ...highestOfProcesses('latency', (probe) => (probe.eventLoopDelayMs ? { mean: probe.eventLoopDelayMs.mean, max: probe.eventLoopDelayMs.p99 } : null), 'event-loop delay', formatLatencyAgainst),
    missing: () => 'no event-loop delay was measured (it needs the in-app agent in the server processes)',
  },
} satisfies Record<MetricName, MetricDefinition>;

/**
 * A metric of a trial in its base unit (ms, a fraction, bytes or a count), or null when the trial
 * could not measure it: no response (latency), no request at all (error_rate), no probe sample
 * (cpu, rss, fds, connections), no in-app agent (el_delay_p99).
 */
export function metricValue(metric: MetricName, trial: TrialResult): number | null {
  return metrics[metric].read(trial);
}

/** The figure as the messages show it: 'p99 211 ms', 'cpu 97% of a core', 'rss 512.0 MiB', and a count before its name: '2 errors', '1,520 rps'. */
export function describeValue(metric: MetricName, value: number, limit: number): string {
  const definition: MetricDefinition = metrics[metric];
  const figure = definition.format(value, limit);
  return definition.quantity === 'count' ? `${figure} ${metric}` : `${metric} ${figure}`;
}

/** Why the metric is null for this trial. */
export function missingReason(metric: MetricName, trial: TrialResult): string {
  return metrics[metric].missing(trial);
}

/** A formatter that falls back to more digits when the value and the limit would read alike: never 'rps 2,000 is not > 2,000'. */
function precise(format: (value: number) => string, exact: (value: number) => string): (value: number, limit: number) => string {
  return (value, limit) => (value !== limit && format(value) === format(limit) ? exact(value) : format(value));
}

/** A share as a percentage that keeps small values visible: 0.25 → '25%', 0.034 → '3.4%', 0.000083 → '0.0083%'. */
function formatShare(fraction: number): string {
  const percent = fraction * 100;
  if (percent === 0) return '0%';
  if (percent >= 10) return `${Math.round(percent)}%`;
  if (percent >= 1) return `${percent.toFixed(1)}%`;
  return `${Number(percent.toPrecision(2))}%`;
}
