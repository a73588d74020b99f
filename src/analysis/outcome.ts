import type { Outcome, OutcomeCheck, ThresholdResult } from '../contract/gate.js';
import type { TrialResult } from '../contract/trial.js';
import type { RegressionReport } from './regression/index.js';
import { trialName } from '../contract/trial-name.js';

export type InconclusivePolicy = Outcome['inconclusivePolicy'];

export interface OutcomeInput {
  /** Every threshold judged (RunReport.gate.thresholdResults); none for compare and ab. */
  thresholds?: readonly ThresholdResult[];
  regression?: RegressionReport;
  /** Trials whose verdicts gate: a 'fail' fails the run, 'no-data' is said but does not gate. None for compare and ab. */
  trials?: readonly TrialResult[];
  inconclusive: InconclusivePolicy;
}

/**
 * The one outcome of a run, a comparison or an A/B job, computed once: the headline of every
 * report, the step summary, JUnit and the exit code all read it.
 * - failed: a threshold failed, a metric regressed, or a trial verdict failed (the SLO, errors,
 *   latency past scaleWhen.latencyMs): exit 1.
 * - inconclusive: nothing failed, but a check could not be judged (a threshold without data, a
 *   comparison without enough samples or with nothing to compare): exit 1, because what a gate
 *   could not judge it has not passed; exit 0 with `--inconclusive warn`, which makes it a warning.
 * - passed: exit 0. Verdicts without data (no /proc, no agent, probes off) are counted in the
 *   headline but do not gate: they describe the machine, not the change.
 */
export function decideOutcome(input: OutcomeInput): Outcome {
  const thresholds = input.thresholds ?? [];
  const trials = input.trials ?? [];
  const failed: OutcomeCheck[] = [
    ...thresholds.filter((result) => result.status === 'fail').map((result) => ({ source: 'threshold' as const, message: result.message })),
    ...(input.regression?.regressions ?? []).map((message) => ({ source: 'regression' as const, message })),
    ...trials.flatMap((trial) =>
      trial.verdicts
        .filter((verdict) => verdict.status === 'fail')
        .map((verdict) => ({ source: 'verdict' as const, message: `${trialName(trial, trials)}: ${verdict.id}: ${verdict.message}` })),
    ),
    ...abortedChecks(trials, thresholds),
  ];
  const inconclusive: OutcomeCheck[] = [
    ...thresholds.filter((result) => result.status === 'no-data').map((result) => ({ source: 'threshold' as const, message: result.message })),
    ...(input.regression?.inconclusive ?? []).map((message) => ({ source: 'regression' as const, message })),
  ];
  const unjudged = trials.reduce((sum, trial) => sum + trial.verdicts.filter((verdict) => verdict.status === 'no-data').length, 0);
  const status = failed.length > 0 ? 'failed' : inconclusive.length > 0 ? 'inconclusive' : 'passed';
  const exitCode = status === 'failed' || (status === 'inconclusive' && input.inconclusive === 'fail') ? 1 : 0;
  return {
    status,
    exitCode,
    inconclusivePolicy: input.inconclusive,
    failed,
    inconclusive,
    unjudgedVerdicts: unjudged,
    headline: headline(status, failed, inconclusive, unjudged, input.inconclusive),
  };
}

/** The lines that did not pass and gate, failed first: what a CI log must show on a non-zero exit. */
export function gatingChecks(outcome: Outcome): OutcomeCheck[] {
  return [...outcome.failed, ...(outcome.inconclusivePolicy === 'fail' ? outcome.inconclusive : [])];
}

function headline(
  status: Outcome['status'],
  failed: readonly OutcomeCheck[],
  inconclusive: readonly OutcomeCheck[],
  unjudged: number,
  policy: InconclusivePolicy,
): string {
  const notJudged = inconclusive.length > 0 ? `${count(inconclusive.length, 'check')} could not be judged` : '';
  const noData = unjudged > 0 ? `${count(unjudged, 'verdict')} had no data` : '';
  switch (status) {
    case 'failed':
      return `Failed: ${describeFailed(failed)}${notJudged ? `; ${notJudged}` : ''}.`;
    case 'inconclusive':
      return policy === 'fail'
        ? `Not passed: ${notJudged}, and what was not judged has not passed (measure longer, or --inconclusive warn).`
        : `Passed with a warning: ${notJudged} (--inconclusive warn).`;
    case 'passed':
      return noData ? `Passed: nothing failed, but ${noData}.` : 'Every check passed.';
  }
}

/** After 'Failed: ' (the status is said once): '1 threshold and 2 verdicts', '1 metric regressed', '1 threshold; 1 metric regressed'. */
function describeFailed(failed: readonly OutcomeCheck[]): string {
  const bySource = (source: OutcomeCheck['source']) => failed.filter((check) => check.source === source).length;
  const checks = [
    bySource('threshold') > 0 ? count(bySource('threshold'), 'threshold') : '',
    bySource('verdict') > 0 ? count(bySource('verdict'), 'verdict') : '',
  ].filter(Boolean);
  const parts = [checks.join(' and '), bySource('regression') > 0 ? `${count(bySource('regression'), 'metric')} regressed` : ''].filter(Boolean);
  return parts.join('; ');
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/**
 * A trial stopped because a threshold failed while it ran fails the run, even when its figures
 * until then pass that threshold at the end (a p99 that was past the limit for a while): said
 * once, unless the threshold failed on that trial at the end too.
 */
function abortedChecks(trials: readonly TrialResult[], thresholds: readonly ThresholdResult[]): OutcomeCheck[] {
  return trials.flatMap((trial) => {
    if (!trial.aborted) return [];
    const failedAtEnd = thresholds.some(
      (result) =>
        result.status === 'fail' &&
        result.trial?.topology === trial.topology &&
        result.trial.workload === trial.workload &&
        result.trial.repeat === trial.repeat &&
        result.trial.variant === trial.variant,
    );
    return failedAtEnd ? [] : [{ source: 'threshold' as const, message: `${trialName(trial, trials)}: stopped early: ${trial.aborted.message}` }];
  });
}
