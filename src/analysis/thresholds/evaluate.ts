import type { ThresholdResult } from '../../contract/gate.js';
import type { TrialResult } from '../../contract/trial.js';
import { closestName } from '../../scenario/closest-name.js';
import { describeValue, metricValue, missingReason } from './metrics.js';
import { requestMetricValue } from './request-metrics.js';
import { describeThreshold } from './describe.js';
import { trialName } from '../../contract/trial-name.js';
import { formatStatusCodes } from '../../text/format.js';
import { holds, type ScopedThreshold } from '../../scenario/thresholds/parse.js';

export interface ThresholdEvaluation {
  /** True only when every result passed: a failure, missing data or a scope that matched nothing fails the gate. */
  passed: boolean;
  /** The message of every result that did not pass, in order. */
  failures: string[];
  results: ThresholdResult[];
}

/**
 * Judges every threshold against every trial in its scope (each repeat is a trial of its own).
 * A metric the trial could not measure is 'no-data', and a scope that matches no trial is too:
 * both fail, so that a run without probes, or a misspelt topology, never passes silently. Pure.
 */
export function evaluateThresholds(scoped: readonly ScopedThreshold[], trials: readonly TrialResult[]): ThresholdEvaluation {
  const results = scoped.flatMap((entry) => judge(entry, trials));
  const failures = results.filter((result) => result.status !== 'pass').map((result) => result.message);
  return { passed: failures.length === 0, failures, results };
}

function judge(entry: ScopedThreshold, trials: readonly TrialResult[]): ThresholdResult[] {
  const { threshold } = entry;
  const scope = {
    ...(entry.topology === undefined ? {} : { topology: entry.topology }),
    ...(entry.workload === undefined ? {} : { workload: entry.workload }),
    ...(entry.request === undefined ? {} : { request: entry.request }),
  };
  const inScope = trials.filter(
    (trial) =>
      (entry.topology === undefined || trial.topology === entry.topology || trial.sweep === entry.topology) &&
      (entry.workload === undefined || trial.workload === entry.workload),
  );
  if (inScope.length === 0) {
    return [
      {
        threshold: threshold.source,
        scope,
        trial: null,
        status: 'no-data',
        value: null,
        limit: threshold.value,
        message: `${describeThreshold(entry.threshold.source, entry)}: ${noMatch(entry, trials)}`,
      },
    ];
  }
  return inScope.map((trial): ThresholdResult => {
    const where = trialName(trial, trials);
    const base = {
      threshold: threshold.source,
      scope,
      trial: { topology: trial.topology, workload: trial.workload, repeat: trial.repeat, ...(trial.variant ? { variant: trial.variant } : {}) },
      limit: threshold.value,
    };
    const measured = entry.request === undefined ? trialValue(threshold.metric, trial) : requestMetricValue(threshold.metric, trial, entry.request);
    if ('missing' in measured) {
      return {
        ...base,
        status: 'no-data',
        value: null,
        message: `${describeThreshold(entry.threshold.source, entry)}: not enough data on ${where}: ${measured.missing}`,
      };
    }
    const { value } = measured;
    const status = holds(value, threshold.operator, threshold.value) ? 'pass' : 'fail';
    // a count of failed answers says which status codes they were, as every output does
    const codes = (threshold.metric === 'non2xx' || threshold.metric === 'error_rate') && trial.requests.non2xx > 0;
    const statuses = codes ? ` (${formatStatusCodes(trial.requests.statusCodes ?? {})})` : '';
    return {
      ...base,
      status,
      value,
      message: `${describeThreshold(entry.threshold.source, entry)}: ${where} had ${describeValue(threshold.metric, value, threshold.value)}${statuses}`,
    };
  });
}

function trialValue(metric: ScopedThreshold['threshold']['metric'], trial: TrialResult): { value: number } | { missing: string } {
  const value = metricValue(metric, trial);
  return value === null ? { missing: missingReason(metric, trial) } : { value };
}

/** Why nothing matched, with the names that did run and the closest of them. */
function noMatch(entry: ScopedThreshold, trials: readonly TrialResult[]): string {
  if (trials.length === 0) return 'no trial to judge (none finished)';
  const topologies = [...new Set(trials.flatMap((trial) => [trial.topology, ...(trial.sweep ? [trial.sweep] : [])]))];
  const workloads = [...new Set(trials.map((trial) => trial.workload))];
  const problems: string[] = [];
  if (entry.topology !== undefined && !topologies.includes(entry.topology)) problems.push(unknownName('topology', entry.topology, topologies));
  if (entry.workload !== undefined && !workloads.includes(entry.workload)) problems.push(unknownName('workload', entry.workload, workloads));
  if (problems.length > 0) return `no trial matched: ${problems.join('; ')}`;
  return `no trial matched: topology '${entry.topology}' did not run workload '${entry.workload}'`;
}

function unknownName(kind: string, name: string, names: readonly string[]): string {
  const suggestion = closestName(name, names);
  return `no ${kind} '${name}' ran (${kind === 'topology' ? 'topologies' : 'workloads'}: ${names.join(', ')})${suggestion ? `; did you mean ${suggestion}?` : ''}`;
}
