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
