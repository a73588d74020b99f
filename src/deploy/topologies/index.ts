import type { TopologyKind } from '../../scenario/types.js';
import { cluster } from './cluster.js';
import { external } from './external.js';
import { pm2 } from './pm2.js';
import { proxy } from './proxy.js';
import { single } from './single.js';
import type { Topology } from './types.js';

/** Every topology kind and its implementation. Adding one is a new file and one entry here. */
export const topologies = { single, cluster, pm2, proxy, external } satisfies Record<TopologyKind, Topology>;

export const availableKinds = Object.keys(topologies) as TopologyKind[];

export function topologyFor(kind: TopologyKind): Topology {
  return topologies[kind];
}
