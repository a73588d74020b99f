import type { Figure } from '../../contract/common.js';
import { answeredLatency } from '../figures.js';
import type { ProcessProbe } from '../../contract/probes.js';
import type { TrialResult } from '../../contract/trial.js';
import { formatBytes, formatPercent, formatRps, groupThousands } from '../../text/format.js';
import { metricQuantities, type MetricName } from '../../scenario/thresholds/metric-names.js';
import { formatLatencyAgainst } from '../../text/format.js';

interface MetricDefinition {
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
    // Without a response there is no latency: no data, never a pass.
    read: (trial) => answeredLatency(trial)?.[percentile] ?? null,
    missing: noResponse,
    format: formatLatencyAgainst,
  };
}

function count(read: (trial: TrialResult) => number, format: (value: number) => string = groupThousands): MetricDefinition {
  return { read, missing: () => 'not counted', format: precise(format, (value) => String(Number(value.toPrecision(6)))) };
}

/**
 * The highest peak of any server process (the load generator is not one of them); null when
 * no process had the figure. what: the figure in words, for the message that says it is missing.
 */
function highestOfProcesses(pick: (probe: ProcessProbe) => Figure | null, what: string, format: MetricDefinition['format']): MetricDefinition {
  return {
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
    read: (trial) => {
      const attempted = trial.requests.total + trial.requests.errors;
      return attempted === 0 ? null : (trial.requests.errors + trial.requests.non2xx) / attempted;
    },
    missing: () => 'no request was answered or failed in the measured phase',
    format: precise(formatShare, (value) => `${Number((value * 100).toPrecision(6))}%`),
  },
  // Answers that passed their request's `expect` ÷ answers checked, over every request of the trial.
  checks: {
    read: (trial) => checksPassed(Object.values(trial.byRequest ?? {})),
    missing: () => 'no answer was checked (no request of the workload has expect)',
    format: precise(formatShare, (value) => `${Number((value * 100).toPrecision(6))}%`),
  },
  timeouts: count((trial) => trial.requests.timeouts),
  non2xx: count((trial) => trial.requests.non2xx),
  cpu: highestOfProcesses(
    (probe) => probe.cpu,
    'CPU sample',
    precise(
      (value) => `${formatPercent(value)} of a core`,
      (value) => `${Number((value * 100).toPrecision(6))}% of a core`,
    ),
  ),
  rss: highestOfProcesses(
    (probe) => probe.rssBytes,
    'memory (RSS) sample',
    precise(formatBytes, (value) => `${groupThousands(value)} bytes`),
  ),
  fds: highestOfProcesses(
    (probe) => probe.fds,
    'open file count',
    precise(groupThousands, (value) => String(value)),
  ),
  connections: highestOfProcesses(
    (probe) => probe.connections,
    'connection count',
    precise(groupThousands, (value) => String(value)),
  ),
  el_delay_p99: {
    ...highestOfProcesses(
      (probe) => (probe.eventLoopDelayMs ? { mean: probe.eventLoopDelayMs.mean, max: probe.eventLoopDelayMs.p99 } : null),
      'event-loop delay',
      formatLatencyAgainst,
    ),
    missing: () => 'no event-loop delay was measured (it needs the in-app agent in the server processes)',
  },
} satisfies Record<MetricName, MetricDefinition>;

/** Passed ÷ checked answers of these requests; null when none was checked. */
export function checksPassed(requests: readonly { checked?: number; checksFailed: number }[]): number | null {
  const checked = requests.reduce((sum, request) => sum + (request.checked ?? 0), 0);
  const failed = requests.reduce((sum, request) => sum + request.checksFailed, 0);
  return checked === 0 ? null : (checked - failed) / checked;
}

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
  return metricQuantities[metric] === 'count' ? `${figure} ${metric}` : `${metric} ${figure}`;
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
