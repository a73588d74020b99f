export { compareRuns, compareTrials, regressionMetrics, type RegressionOptions } from './compare-runs.js';
export { formatChange } from './format-change.js';
export { compareRequests } from './compare-requests.js';
export { compareErrorShares } from './compare-error-shares.js';
export { alpha, compareSamples, formatP, formatTolerance, minSamplesPerSide } from './compare-samples.js';
export { mannWhitneyU, smallestPValue, type MannWhitneyResult } from './mann-whitney.js';
export type {
  ChangeVerdict,
  Direction,
  MetricComparison,
  RegressionMetric,
  RegressionReport,
  RequestMetric,
  RequestMetricComparison,
  RunIdentity,
  SampleComparison,
  SampleUnit,
  TrialComparison,
  TrialKey,
} from '../../contract/regression-report.js';
