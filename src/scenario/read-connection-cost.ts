import type { FieldReader } from './field-reader.js';
import type { ConnectionCostSpec } from './types.js';

const connectionCostKeys = ['counts', 'hold'] as const;

export const connectionCostDefaults = {
  /** The folklore's range and past it: where a per-connection cost shows above a process's own memory. */
  counts: [1000, 2000, 5000, 10_000],
  /** Long enough for a few /proc samples of each plateau, short enough to stay inside Node's 5 s keep-alive timeout. */
  holdMs: 1000,
} as const;

/**
 * `connectionCost: { counts?: [1000, 2000, 5000, 10000], hold?: '1s' }`: whole numbers of at
 * least 1, three different ones or more (a line through two points always fits), run from the
 * smallest. Undefined when the scenario has none.
 */
export function readConnectionCost(read: FieldReader, value: unknown): ConnectionCostSpec | undefined {
  if (value === undefined) return undefined;
  const input = read.object(value, 'connectionCost', connectionCostKeys);
  if (!input) return undefined;
  const counts = input.counts === undefined ? [...connectionCostDefaults.counts] : readCounts(read, input.counts);
  return { counts, holdMs: read.durationMs(input.hold, 'connectionCost.hold', connectionCostDefaults.holdMs, 200) };
}

function readCounts(read: FieldReader, value: unknown): number[] {
  const path = 'connectionCost.counts';
  if (!Array.isArray(value)) {
    read.report(path, 'expected a list of connection counts, e.g. [1000, 2000, 5000, 10000]');
    return [];
  }
  const counts = value.flatMap((item: unknown, index) => {
    if (typeof item === 'number' && Number.isInteger(item) && item >= 1) return [item];
    read.report(`${path}[${index}]`, `expected a whole number of at least 1, found ${JSON.stringify(item) ?? String(item)}`);
    return [];
  });
  const distinct = [...new Set(counts)].sort((a, b) => a - b);
  if (counts.length === value.length && distinct.length < 3) {
    read.report(path, `needs at least three different counts (a line through two points always fits), found ${JSON.stringify(value)}`);
  }
  return distinct;
}
