import type { EventAction } from '../contract/vocabulary.js';
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

/**
 * What analysis, `doctor` and the reports read of a topology kind, declared in its own file
 * beside its start (src/deploy/topologies/<kind>.ts) and handed to them by the commands: no stage
 * after deploy names a kind to know these.
 */
export interface TopologyTraits {
  /** What one of its instances is called in a sentence ('worker': "cluster (2 workers)"); null when it always has one. */
  readonly instanceUnit: string | null;
  /** Why its processes may share the work unevenly, for the balance verdict: a clause after "likely cause: ". */
  readonly unevenBecause: string;
  /** Open files one load connection costs each of its processes: a balancer holds two (the client's and the upstream one). */
  readonly filesPerConnection: 1 | 2;
}

/** Every kind this build can run, by its name (src/deploy/topologies/index.ts). */
export type TopologyCatalogue = Readonly<Record<string, TopologyFields>>;

/** The traits of every kind this build can run, by its name; a saved report may name a kind that is not among them. */
export type TraitsByKind = Readonly<Record<string, TopologyTraits>>;

/** A kind's traits; undefined for a kind this build does not know (a saved report's, from another version). */
export function traitsOf(traits: TraitsByKind, kind: string): TopologyTraits | undefined {
  return Object.hasOwn(traits, kind) ? traits[kind] : undefined;
}

/** Why a process that accepted more connections keeps more of the work, in any topology whose processes accept connections themselves. */
export const keepAliveSplit =
  'with keep-alive every request of a connection goes to the process that accepted it, so the split made at accept time is the split of the work';

/** The likely cause of an uneven split where a topology declares nothing more particular. */
export const acceptTimeSplit = `the split of connections at accept time; ${keepAliveSplit}`;

/** The kinds of a catalogue that can do an event action, for messages. */
export function kindsThatCan(catalogue: TopologyCatalogue, action: EventAction): string[] {
  return Object.values(catalogue)
    .filter((entry) => entry.actions.includes(action))
    .map((entry) => entry.kind);
}
