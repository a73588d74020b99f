import { InputError } from '../contract/errors.js';
import { LiveMetrics } from '../measure/live/live-metrics.js';
import { serveMetrics, type MetricsAddress, type MetricsServer } from '../measure/live/metrics-server.js';
import { isLoopback } from '../measure/plan.js';

/** The Prometheus endpoint of a run and the figures it serves. */
export interface PrometheusEndpoint {
  metrics: LiveMetrics;
  server: MetricsServer;
}

/**
 * Starts serving the run's live figures at `address`, before the run starts anything: a port in
 * use, or an address other machines can reach without --allow-remote, is bad input (exit 2).
 */
export async function startPrometheus(address: MetricsAddress, allowRemote: boolean, stderr: { write(text: string): unknown }): Promise<PrometheusEndpoint> {
  if (!allowRemote && !isLoopback(address.host))
    throw new InputError(
      `--prometheus ${address.host}:${address.port}: ${address.host} is not a loopback address, so other machines could read the run's metrics; pass --allow-remote to mean it`,
    );
  const metrics = new LiveMetrics();
  const server = await serveMetrics(address, () => metrics.exposition(), metrics.contentType);
  stderr.write(`metrics for Prometheus at ${server.url}\n`);
  return { metrics, server };
}

/** What --prometheus, --prometheus-linger and --allow-remote say. */
export interface PrometheusChoice {
  prometheus?: MetricsAddress | undefined;
  prometheusLinger: number;
  allowRemote?: boolean | undefined;
}

/**
 * Runs `work` with the Prometheus endpoint serving when --prometheus asks for one (its figures
 * handed to `work` to feed), then keeps serving until the next scrape, at most the linger, so that
 * a last scrape catches the end.
 */
export async function withPrometheus<T>(
  options: PrometheusChoice,
  context: { stderr: { write(text: string): unknown }; signal: AbortSignal },
  work: (live: LiveMetrics | undefined) => Promise<T>,
): Promise<T> {
  const prometheus = options.prometheus ? await startPrometheus(options.prometheus, options.allowRemote === true, context.stderr) : undefined;
  try {
    return await work(prometheus?.metrics);
  } finally {
    await prometheus?.server.finish(options.prometheusLinger, context.signal);
  }
}
