import type { ScenarioConfig } from './scenario/scenario.js';

export type { ScenarioConfig, TopologyConfig, TopologyKind } from './scenario/scenario.js';
export type { AppConfig, DurationInput, LoadConfig, RequestConfig, ScaleWhenConfig, SloConfig, WorkloadConfig } from './scenario/types.js';
export type { RunReport } from './contract/run-report.js';
export type { TrialResult } from './contract/trial.js';

/** Gives a scenario file types and editor completion. It returns its argument unchanged: validation happens when loadlab loads the file. */
export function defineScenario(config: ScenarioConfig): ScenarioConfig {
  return config;
}
