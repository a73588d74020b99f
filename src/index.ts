export { defineScenario } from './scenarios/define.js';
export type {
  AppConfig,
  DurationInput,
  LoadConfig,
  RequestConfig,
  ScaleWhenConfig,
  ScenarioConfig,
  SloConfig,
  TopologyConfig,
  TopologyKind,
  WorkloadConfig,
} from './scenarios/types.js';
export type { RunReport, TrialResult } from './model.js';
