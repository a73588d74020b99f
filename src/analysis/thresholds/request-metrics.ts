import type { RequestFigures, TrialResult } from '../../contract/trial.js';
import type { MetricName } from '../../scenario/thresholds/metric-names.js';
import { checksPassed } from './metrics.js';

/**
 * A metric of one request of a trial (its byRequest figures), in the metric's base unit; null
 * with the reason when the trial has no figures for it or the request got no answer.
 */
export function requestMetricValue(metric: MetricName, trial: TrialResult, request: string): { value: number } | { missing: string } {
  const figures: RequestFigures | undefined = trial.byRequest?.[request];
  if (!figures) return { missing: `no figures for request '${request}' (it never answered, or the report predates figures per request)` };
  const latency = figures.latencyMs;
  switch (metric) {
    case 'p50':
    case 'p90':
    case 'p99':
    case 'p999':
    case 'max':
      return latency ? { value: latency[metric] } : { missing: `request '${request}' got no answer, so there is no latency` };
    case 'rps':
      return { value: figures.requests.rps };
    case 'errors':
      return { value: figures.errors };
    case 'error_rate':
      return figures.requests.total + figures.errors === 0
        ? { missing: `request '${request}' was never sent` }
        : { value: figures.errors / Math.max(figures.requests.total, figures.errors) };
    case 'checks': {
      const passed = checksPassed([figures]);
      return passed === null ? { missing: `request '${request}' has no expect` } : { value: passed };
    }
    default:
      return { missing: `${metric} is not measured per request` };
  }
}
