export { compareRuns, compareTrials, formatChange, regressionMetrics, type RegressionOptions } from './compare-runs.js';
export { alpha, compareSamples, formatP, formatTolerance, minSamplesPerSide } from './compare-samples.js';
export { mannWhitneyU, smallestPValue, type MannWhitneyResult } from './mann-whitney.js';
export type {
  ChangeVerdict,
  Direction,
  MetricComparison,
  RegressionMetric,
  RegressionReport,
  RunIdentity,
  SampleComparison,
  SampleUnit,
  TrialComparison,
  TrialKey,
} from '../../contract/regression-report.js';
