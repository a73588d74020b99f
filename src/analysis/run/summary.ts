import type { Comparison } from '../../contract/run-report.js';
import { answeredLatency } from '../figures.js';
import type { TrialResult } from '../../contract/trial.js';
import type { VerdictStatus } from '../../contract/verdict.js';
import { formatLatency, formatRatio, formatRps } from '../../text/format.js';
import type { TraitsByKind } from '../../scenario/topology-catalogue.js';
import { describeTopology, listNames } from '../verdicts/judgement.js';

/**
 * A throughput ratio from 0.9 to 1.1 (within ±10%) is "no difference": two runs of the same
 * topology on one machine differ by a few percent, so a smaller change cannot be told from noise,
 * and it would not pay for a more complex deployment anyway.
 */
const noDifference = { from: 0.9, to: 1.1 };

/**
 * The run in plain words, one sentence an entry: per workload what each topology bought against
 * its baseline, then the checks that did not pass. Pure; the numbers are the comparisons' and
 * the trials', formatted as the tables show them; what a kind's instances are called, its traits'.
 */
export function summariseRun(trials: readonly TrialResult[], comparisons: readonly Comparison[], traits: TraitsByKind): string[] {
  if (trials.length === 0) return [];
  const workloads = [...new Set(trials.map((trial) => trial.workload))];
  return [
    ...workloads.map((workload) =>
      workloadSentence(
        workload,
        trials.filter((trial) => trial.workload === workload),
        comparisons,
        (trial) => describeTopology(trial, traits),
      ),
    ),
    ...verdictSentences(trials),
  ];
}

type Describe = (trial: TrialResult) => string;

function workloadSentence(workload: string, trials: readonly TrialResult[], comparisons: readonly Comparison[], describeTopology: Describe): string {
  const find = (topology: string) => trials.find((trial) => trial.topology === topology);
  const clauses = comparisons
    .filter((comparison) => comparison.workload === workload && comparison.topology !== comparison.baseline)
    .flatMap((comparison) => {
      const trial = find(comparison.topology);
      const baseline = find(comparison.baseline);
      return trial && baseline ? [comparisonClause(comparison, trial, baseline, describeTopology)] : [];
    });
  if (clauses.length > 0) return `On ${workload}, ${clauses.join('; ')}.`;
  const [only] = trials;
  if (!only || only.requests.total === 0) return `On ${workload}, ${only ? describeTopology(only) : 'no topology'} received no response.`;
  return `On ${workload}, ${describeTopology(only)} served ${formatRps(only.requests.rps)} requests/s with p99 ${formatLatency(answeredLatency(only)?.p99 ?? null)}.`;
}

function comparisonClause(comparison: Comparison, trial: TrialResult, baseline: TrialResult, describeTopology: Describe): string {
  const name = describeTopology(trial);
  const ratio = comparison.throughputRatio;
  if (ratio === null || baseline.requests.total === 0) return `${name} could not be compared with ${baseline.topology}, which received no response`;
  if (trial.requests.total === 0) return `${name} received no response`;
  const p99 = `p99 ${formatLatency(answeredLatency(trial)?.p99 ?? null)} against ${formatLatency(answeredLatency(baseline)?.p99 ?? null)}`;
  const outcome =
    ratio >= noDifference.from && ratio <= noDifference.to
      ? `${name} made no difference against ${baseline.topology} (${formatRatio(ratio)} the requests, ${p99})`
      : comparison.clearDifference === false
        ? `${name} made no clear difference against ${baseline.topology} (${formatRatio(ratio)} the requests, but the 95% intervals of their repeats overlap; ${p99})`
        : `${name} served ${formatRatio(ratio)} the requests of ${baseline.topology} with ${p99}`;
  return outcome + caveats(comparison, trial, baseline);
}

/** What makes the ratio mean less than it says: a load generator at its limit, or different responses. */
function caveats(comparison: Comparison, trial: TrialResult, baseline: TrialResult): string {
  const limited = [baseline, trial].filter((entry) => entry.client.bottleneck).map((entry) => entry.topology);
  const notes: string[] = [];
  if (limited.length > 0) notes.push(`loadlab itself was the bottleneck on ${listNames(limited)}, so the figures describe the load generator`);
  if (comparison.parity && !comparison.parity.ok) notes.push('they did not serve the same responses (see the warnings)');
  if (comparison.suspect) notes.push('that is more than its processes can add, so it is suspect (see the warnings)');
  return notes.length > 0 ? `, but ${notes.join(' and ')}` : '';
}

// A failed verdict is not among them: the outcome lists each failure, and a failure is said once.
const statusSentences: { status: Exclude<VerdictStatus, 'pass' | 'fail'>; title: string }[] = [
  { status: 'warn', title: 'Warnings' },
  { status: 'no-data', title: 'Not enough data' },
];

/** 'Warnings: scale-cpu (cluster on io).' and the like, one sentence per status; nothing when every verdict passed or failed (the outcome says so). */
function verdictSentences(trials: readonly TrialResult[]): string[] {
  const judged = trials.filter((trial) => trial.verdicts.length > 0);
  if (judged.length === 0) return [];
  const sentences = statusSentences.flatMap(({ status, title }) => {
    const ids = [...new Set(judged.flatMap((trial) => trial.verdicts.filter((verdict) => verdict.status === status).map((verdict) => verdict.id)))];
    if (ids.length === 0) return [];
    const groups = ids.map((id) => {
      const on = judged.filter((trial) => trial.verdicts.some((verdict) => verdict.id === id && verdict.status === status));
      const where = on.length === trials.length && trials.length > 1 ? 'every trial' : listNames(on.map((trial) => `${trial.topology} on ${trial.workload}`));
      return `${id} (${where})`;
    });
    return [`${title}: ${groups.join(', ')}.`];
  });
  return sentences;
}
