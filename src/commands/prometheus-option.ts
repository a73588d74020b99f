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
