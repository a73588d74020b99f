export { closestName } from '../../scenario/closest-name.js';
export { evaluateThresholds, type ThresholdEvaluation } from './evaluate.js';
export { metricNames, metricValue, type MetricName } from './metrics.js';
export { operators, parseThreshold, type Operator, type ScopedThreshold, type Threshold } from '../../scenario/thresholds/parse.js';
