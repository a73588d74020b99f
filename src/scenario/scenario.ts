import type { TopologyConfig, TopologySpec } from '../deploy/topologies/index.js';
import type { ScenarioConfigOf, ScenarioOf } from './types.js';

/*
 * The scenario of this build's topologies. The spec and config types come from the catalogue
 * (src/deploy/topologies/index.ts), as types only: validation itself is handed the catalogue and
 * knows no kind (the one exception to this stage's imports, .dependency-cruiser.cjs).
 */

export type { TopologyConfig, TopologyKind, TopologySpec } from '../deploy/topologies/index.js';

/** A validated scenario: every default applied, every duration in ms, every path absolute. */
export type Scenario = ScenarioOf<TopologySpec>;

/** What a scenario file's default export may say (`defineScenario`). */
export type ScenarioConfig = ScenarioConfigOf<TopologyConfig>;
