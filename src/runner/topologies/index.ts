import type { TopologyKind } from '../../scenarios/types.js';
import { cluster } from './cluster.js';
import { single } from './single.js';
import type { Topology } from './types.js';

/** The topologies this build can run. Adding one is a new file and one entry here. */
export const topologies = { single, cluster } satisfies Partial<Record<TopologyKind, Topology>>;

export type AvailableKind = keyof typeof topologies;

export const availableKinds = Object.keys(topologies) as AvailableKind[];

export function topologyFor(kind: TopologyKind): Topology {
  const topology = (topologies as Partial<Record<TopologyKind, Topology>>)[kind];
  if (!topology) throw new Error(`no topology implementation for kind '${kind}'`);
  return topology;
}
