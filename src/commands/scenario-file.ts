import os from 'node:os';
import { topologies } from '../deploy/topologies/index.js';
import type { Scenario, TopologySpec } from '../scenario/scenario.js';
import { loadScenario } from '../scenario/load.js';

/** The scenario file of a command, validated against this build's topologies and this machine's cores. */
export function readScenarioFile(file: string): Promise<Scenario> {
  return loadScenario<TopologySpec>(file, { cwd: process.cwd(), cores: os.availableParallelism(), topologies });
}
