export { defineScenario } from './scenario/define.js';
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
} from './scenario/types.js';
export type { RunReport } from './contract/run-report.js';
export type { TrialResult } from './contract/trial.js';
