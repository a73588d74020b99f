import type { TopologyKind } from '../../contract/vocabulary.js';
import type { ScenarioConfigOf, ScenarioOf } from '../../scenario/types.js';
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

/** Every topology kind and its implementation. Adding one is a new file and an entry here (and its name in the contract's vocabulary). */
export const topologies = { single, cluster, pm2, proxy, external } satisfies { [K in TopologyKind]: Topology<Extract<TopologySpec, { kind: K }>> };

/** A validated scenario of this build's topologies. */
export type Scenario = ScenarioOf<TopologySpec>;
export type ScenarioConfig = ScenarioConfigOf<TopologyConfig>;

/** The implementation of a spec's kind. */
export function topologyFor<S extends TopologySpec>(spec: S): Topology<S> {
  return topologies[spec.kind] as unknown as Topology<S>;
}
