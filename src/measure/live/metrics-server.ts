import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InputError } from '../../contract/errors.js';
import { Registry } from 'prom-client';

/** Where `--prometheus` serves: a host (an address or a name of this machine) and a port (0: any free one). */
export interface MetricsAddress {
  host: string;
  port: number;
}

export const metricsPath = '/metrics';

export const openMetricsContentType = Registry.OPENMETRICS_CONTENT_TYPE;

/**
 * How long the endpoint stays up after the run at most, for a scrape that catches the end: a
 * Prometheus that scrapes every 15 s (the interval of its example configuration) scrapes once
 * more within it. It ends sooner, at the first scrape after the run.
 */
export const defaultLingerMs = 15_000;

/** The endpoint, serving; `url` is where it listens (the port chosen when 0 was asked for). */
export interface MetricsServer {
  url: string;
  /**
   * Waits for the first scrape after now, at most `lingerMs` (none when the signal is aborted),
   * then stops serving and closes every connection.
   */
  finish(lingerMs: number, signal?: AbortSignal): Promise<void>;
  /** Stops at once. */
  close(): Promise<void>;
}

/**
 * Serves `exposition()` at GET /metrics (OpenMetrics text by default) on `address`; anything else is 404.
 * Listening is the check that the port is free: a port in use, or a host that is no address of
 * this machine, is bad input (exit 2) naming it, before the run starts anything.
 */
export async function serveMetrics(
  address: MetricsAddress,
  exposition: () => string | Promise<string>,
  contentType: string = openMetricsContentType,
): Promise<MetricsServer> {
  let lastScrape = 0;
  const scraped = new Set<() => void>();
  const server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    if (request.method !== 'GET' || path !== metricsPath) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end(`loadlab serves ${metricsPath} only\n`);
      return;
    }
    void respond(response, exposition, contentType).then(() => {
      lastScrape = performance.now();
      for (const done of scraped) done();
    });
  });
  // a scrape must not keep a finished run waiting for its keep-alive connection
  server.keepAliveTimeout = 5000;
  await listen(server, address);
  const bound = server.address() as AddressInfo;
  const host = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return {
    url: `http://${host}:${bound.port}${metricsPath}`,
    close,
    async finish(lingerMs, signal) {
      const endedAt = performance.now();
      if (lingerMs > 0 && !signal?.aborted && lastScrape <= endedAt) {
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            scraped.delete(done);
            signal?.removeEventListener('abort', done);
            resolve();
          };
          const timer = setTimeout(done, lingerMs);
          scraped.add(done);
          signal?.addEventListener('abort', done, { once: true });
        });
      }
      await close();
    },
  };
}

async function respond(response: ServerResponse, exposition: () => string | Promise<string>, contentType: string): Promise<void> {
  try {
    const body = await exposition();
    response.writeHead(200, { 'content-type': contentType }).end(body);
  } catch (error) {
    response.writeHead(500, { 'content-type': 'text/plain' }).end(`loadlab could not collect its metrics: ${(error as Error).message}\n`);
  }
}

function listen(server: Server, address: MetricsAddress): Promise<void> {
  const where = `--prometheus ${address.host}:${address.port}`;
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new InputError(`${where}: port ${address.port} is in use; choose another port`));
      else if (error.code === 'EACCES')
        reject(new InputError(`${where}: not allowed to listen on port ${address.port} (below 1024 needs root); choose another port`));
      else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN')
        reject(new InputError(`${where}: ${address.host} is not an address of this machine`));
      else reject(new InputError(`${where}: cannot listen there (${error.code ?? error.message})`));
    });
    server.listen(address.port, address.host, () => resolve());
  });
}
