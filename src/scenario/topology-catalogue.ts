import type { EventAction, TopologyKind } from '../contract/vocabulary.js';
import type { FieldReader } from './field-reader.js';
import type { TopologySpecBase } from './types.js';

/**
 * What the scenario stage needs to know of a topology kind to read its entry of `topologies`:
 * its own fields and how to read them. Each kind's file (src/deploy/topologies/<kind>.ts)
 * provides this beside its start; validation only reads what all of them have in common, so
 * adding a kind changes nothing here.
 */
export interface TopologyFields<S extends TopologySpecBase = TopologySpecBase> {
  readonly kind: S['kind'];
  /** The kind's own fields, beyond name, kind and instances. */
  readonly fields: readonly string[];
  /** 'one': always exactly one instance; otherwise the number without `instances` (the machine's cores, or 1). */
  readonly instances: 'one' | { default: 'cores' | 1 };
  /** Whether it starts the scenario's app (and so needs `app`). */
  readonly needsApp: boolean;
  /** The events it can put a deployment through. */
  readonly actions: readonly EventAction[];
  /** Reads and checks the kind's own fields; every problem goes to `read`, under `path`. */
  readSpec(read: FieldReader, fields: Record<string, unknown>, base: TopologySpecBase & { kind: S['kind'] }, path: string): S;
}

/** Every kind this build can run, by its name. */
export type TopologyCatalogue = Readonly<Partial<Record<TopologyKind, TopologyFields>>>;

/** The kinds of a catalogue that can do an event action, for messages. */
export function kindsThatCan(catalogue: TopologyCatalogue, action: EventAction): TopologyKind[] {
  return (Object.values(catalogue) as TopologyFields[]).filter((entry) => entry.actions.includes(action)).map((entry) => entry.kind);
}
