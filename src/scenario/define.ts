import type { ScenarioConfig } from './types.js';

/** Gives a scenario file types and editor completion. It returns its argument unchanged: validation happens when loadlab loads the file. */
export function defineScenario(config: ScenarioConfig): ScenarioConfig {
  return config;
}
