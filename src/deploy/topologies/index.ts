import { cluster, type ClusterConfig, type ClusterSpec } from './cluster.js';
import { external, type ExternalConfig, type ExternalSpec } from './external.js';
import { pm2, type Pm2Config, type Pm2Spec } from './pm2.js';
import { proxy, type ProxyConfig, type ProxySpec } from './proxy.js';
import { single, type SingleConfig, type SingleSpec } from './single.js';
import type { Topology } from './types.js';

/** Every validated topology: one spec type a kind, told apart by `kind`. */
export type TopologySpec = SingleSpec | ClusterSpec | Pm2Spec | ProxySpec | ExternalSpec;

/** What a scenario file may write in `topologies` (editor completion). */
export type TopologyConfig = SingleConfig | ClusterConfig | Pm2Config | ProxyConfig | ExternalConfig;

/**
 * The catalogue: every topology kind and its implementation, which declares its facts (fields,
 * traits, tools) beside its start. Adding a kind is a new file, an entry here and its types in
 * the two unions above; the scenario stage, analysis and doctor read the kinds from here.
 */
export const topologies = { single, cluster, pm2, proxy, external } satisfies { [K in TopologySpec['kind']]: Topology<Extract<TopologySpec, { kind: K }>> };

/** 'single' | 'cluster' | …: the kinds this build can run. */
export type TopologyKind = keyof typeof topologies;

/** The implementation of a spec's kind. */
export function topologyFor<S extends TopologySpec>(spec: S): Topology<S> {
  return topologies[spec.kind] as unknown as Topology<S>;
}
