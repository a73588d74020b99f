import { InvalidArgumentError } from 'commander';
import type { MetricsAddress } from '../measure/live/metrics-server.js';

/**
 * commander parser of --prometheus: `host:port` (`[::1]:9464` for an IPv6 address), or a port
 * alone for 127.0.0.1. Port 0 takes any free port (loadlab says which).
 */
export function prometheusAddressOption(value: string): MetricsAddress {
  const text = value.trim();
  const match = /^(?:(\[[^\]]+\]|[^:[\]]+):)?(\d{1,5})$/.exec(text);
  const port = Number(match?.[2]);
  if (!match || !Number.isInteger(port) || port > 65_535)
    throw new InvalidArgumentError(`expected host:port such as 127.0.0.1:9464 (or a port alone, for 127.0.0.1), found '${value}'`);
  return { host: (match[1] ?? '127.0.0.1').replace(/^\[|\]$/g, ''), port };
}

/** commander parser of `loadlab k8s --prometheus <port>`: the port every shard pod serves on, 1 to 65535. */
export function metricsPortOption(value: string): number {
  const port = Number(value.trim());
  if (!/^\d{1,5}$/.test(value.trim()) || port < 1 || port > 65_535) throw new InvalidArgumentError(`expected a port from 1 to 65535, found '${value}'`);
  return port;
}
