/** The names, quantities and units of the threshold language (`p99 < 150ms`): what a scenario may write. */

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
  'checks',
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

/** What each metric measures, which decides the units its limit may carry. */
export const metricQuantities = {
  p50: 'latency',
  p90: 'latency',
  p99: 'latency',
  p999: 'latency',
  max: 'latency',
  mean: 'latency',
  rps: 'count',
  errors: 'count',
  error_rate: 'fraction',
  timeouts: 'count',
  non2xx: 'count',
  checks: 'fraction',
  cpu: 'cpu',
  rss: 'bytes',
  fds: 'count',
  connections: 'count',
  el_delay_p99: 'latency',
} as const satisfies Record<MetricName, Quantity>;

/** The metrics a threshold scoped to one request (`{ expr, request }`) can judge: that request's figures in byRequest. */
export const requestMetrics: readonly MetricName[] = ['p50', 'p90', 'p99', 'p999', 'max', 'rps', 'errors', 'error_rate', 'checks'];
