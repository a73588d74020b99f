export {
  compareRuns,
  compareTrials,
  formatChange,
  regressionMetrics,
  type MetricComparison,
  type RegressionMetric,
  type RegressionOptions,
  type RegressionReport,
  type RunIdentity,
  type TrialComparison,
  type TrialKey,
} from './compare-runs.js';
export { alpha, compareSamples, formatP, formatTolerance, type ChangeVerdict, type Direction, type SampleComparison } from './compare-samples.js';
export { mannWhitneyU, smallestPValue, type MannWhitneyResult } from './mann-whitney.js';
