export { evaluateThresholds, type ThresholdEvaluation } from './evaluate.js';
export { metricValue } from './metrics.js';
