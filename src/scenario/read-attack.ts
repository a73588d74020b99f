import { attackKinds } from '../contract/attack.js';
import type { FieldReader } from './field-reader.js';
import type { AttackSpec } from './types.js';

const attackKeys = ['kind', 'connections', 'interval'] as const;

export const attackDefaults = {
  /** Enough to matter to a server with a connection limit of a few hundred, few enough for any machine's file limits. */
  connections: 200,
  /** A fragment a second keeps a connection alive past any idle timeout, and is the classic pace. */
  intervalMs: 1000,
} as const;

/** A workload's `attack`, e.g. `{ kind: 'slowloris', connections: 200, interval: '1s' }`; undefined when there is none. */
export function readAttack(read: FieldReader, value: unknown, path: string): AttackSpec | undefined {
  if (value === undefined) return undefined;
  const attack = read.object(value, path, attackKeys);
  if (!attack) return undefined;
  if (attack.kind === undefined) {
    read.report(`${path}.kind`, `is required (${attackKinds.join(', ')})`);
    return undefined;
  }
  const kind = read.oneOf(attack.kind, `${path}.kind`, attackKinds, 'slowloris');
  return {
    kind,
    connections: read.integer(attack.connections, `${path}.connections`, 1, attackDefaults.connections),
    intervalMs: read.durationMs(attack.interval, `${path}.interval`, attackDefaults.intervalMs, 10),
  };
}
