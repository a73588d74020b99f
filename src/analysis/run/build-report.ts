import { headerOf, type MakingFacts } from '../report-header.js';
import type { EntryVersion, Environment, ScenarioSummary, SkippedTopology } from '../../contract/common.js';
import type { Comparison, RepeatSummary, RunReport } from '../../contract/run-report.js';
import type { TrialResult } from '../../contract/trial.js';
import { reportSchema } from '../../contract/run-report.js';
import type { TraitsByKind } from '../../scenario/topology-catalogue.js';
import type { ScenarioOf } from '../../scenario/types.js';
import { compareTopologies } from './comparisons.js';
import { trialNoise } from './noise.js';
import { groupTrials } from './trial-groups.js';
import { clearDifference, suspectSpeedUp } from './plausibility.js';
import { decideOutcome, gatingChecks, type InconclusivePolicy } from '../outcome.js';
import { compareRuns } from '../regression/index.js';
import { eventSentences, eventWarnings } from './event-summary.js';
import { withEventImpact } from './event-impact.js';
import { summariseRepeats } from './repeats.js';
import type { ScopedThreshold } from '../../scenario/thresholds/parse.js';
import { describeThreshold } from '../thresholds/describe.js';
import { evaluateThresholds } from '../thresholds/index.js';
import { summariseRun } from './summary.js';
import { threadsClaimSentences } from './threads-claim.js';
import { scalingCurves, scalingSentences } from '../scaling/scaling-curves.js';
import { analyseConnectionCost, connectionCostSentences } from '../connections/connection-cost.js';
import type { ConnectionCost } from '../../contract/connection-cost.js';
import { judgeTrial } from '../verdicts/index.js';
import { comparisonWarnings, runWarnings } from './warnings.js';
import { warningFields } from '../../contract/run-warning.js';
import { findBreakpoint } from '../breakpoint/find-breakpoint.js';
import { abortSentences, breakpointSentences } from '../breakpoint/breakpoint-text.js';

/** What a report keeps of its scenario (a merge of shard files has no more than this). */
export type ScenarioFacts = Pick<ScenarioOf, 'name' | 'description' | 'slo' | 'scaleWhen' | 'errorTolerance' | 'compareTo'>;

export interface RunFacts extends MakingFacts {
  scenario: ScenarioFacts;
  /** The scenario file as the user named it. */
  scenarioFile: string;
  trials: readonly TrialResult[];
  skipped: SkippedTopology[];
  /** The scenario's thresholds and the command line's, together. */
  thresholds: ScopedThreshold[];
  /** --baseline: the run to compare with, and the tolerance. */
  baseline?: { report: RunReport; maxRegression: number };
  /** What a check that could not be judged does to the outcome (--inconclusive). */
  inconclusive: InconclusivePolicy;
  /** The entry measured and its commit, when known. */
  entry?: EntryVersion;
  /** Per topology, when the scenario measured what a connection costs: the raw plateaus. */
  connectionCost?: ConnectionCost[];
  /** What each topology kind declares of itself (src/deploy/topologies/index.ts). */
  topologies: TraitsByKind;
}

/** Assembles the RunReport from what the runner measured; every derived figure is computed here, once. */
export function buildRunReport(facts: RunFacts): RunReport {
  const scenarioSummary = { ...summariseScenario(facts.scenario, facts.scenarioFile, facts.thresholds), ...(facts.entry ? { app: facts.entry } : {}) };
  // Verdicts read only the report's own scenario summary and environment, and the catalogue: a saved report can be judged again.
  const context = { scenario: scenarioSummary, environment: facts.environment, topologies: facts.topologies, trials: facts.trials };
  const limits = { slo: facts.scenario.slo, errorTolerance: facts.scenario.errorTolerance, thresholds: facts.thresholds };
  const trials = facts.trials.map((trial) => {
    const noise = trialNoise(trial);
    const breakpoint = findBreakpoint(trial, limits);
    return {
      ...withEventImpact(trial),
      verdicts: judgeTrial(trial, context),
      ...(noise ? { noise } : {}),
      ...(breakpoint === undefined ? {} : { breakpoint }),
    };
  });
  const repeated = trials.some((trial) => trial.repeat > 1);
  const repeats = repeated ? summariseRepeats(trials) : undefined;
  const compared = medianRepeats(trials);
  const comparisons = compareTopologies(compared, scenarioSummary.compareTo).map((comparison) =>
    withPlausibility(comparison, compared, facts.environment, repeats),
  );
  const scaling = scalingCurves(compared, facts.environment.cpus);
  const connectionCost = (facts.connectionCost ?? []).map((cost) => analyseConnectionCost(cost, facts.environment));
  const gate = evaluateThresholds(facts.thresholds, trials);
  const report: Omit<RunReport, 'outcome'> = {
    schema: reportSchema,
    ...headerOf(facts),
    scenario: scenarioSummary,
    trials,
    skipped: facts.skipped,
    comparisons,
    gate: { passed: gate.passed, failures: gate.failures, thresholdResults: gate.results },
    ...(repeats ? { repeats } : {}),
    ...(scaling.length > 0 ? { scaling } : {}),
    ...(connectionCost.length > 0 ? { connectionCost } : {}),
    ...warningFields([
      ...facts.skipped.map((skip) => ({ id: 'skipped' as const, text: `${skip.topology} skipped: ${skip.reason}` })),
      ...runWarnings(trials, facts.interrupted),
      ...comparisonWarnings(comparisons, scenarioSummary.compareTo),
      ...comparisons.flatMap((comparison) => (comparison.suspect ? [{ id: 'suspect' as const, text: comparison.suspect }] : [])),
      ...eventWarnings(trials).map((text) => ({ id: 'event' as const, text })),
      ...abortSentences(trials).map((text) => ({ id: 'aborted' as const, text })),
    ]),
    summary: [
      ...summariseRun(trials, comparisons, facts.topologies),
      ...threadsClaimSentences(compared),
      ...scalingSentences(scaling),
      ...connectionCostSentences(connectionCost),
      ...eventSentences(trials),
      ...breakpointSentences(trials),
    ],
  };
  const regression =
    facts.baseline && trials.length > 0 ? compareRuns(facts.baseline.report, report, { maxRegression: facts.baseline.maxRegression }) : undefined;
  const outcome = decideOutcome({ thresholds: gate.results, regression, trials, inconclusive: facts.inconclusive });
  const gating = gatingChecks(outcome).map((check) => check.message);
  return {
    ...report,
    // gate: whether the run passed as a pipeline step, with the lines that stopped it (the exit code's story)
    gate: { passed: outcome.exitCode === 0, failures: gating, thresholdResults: gate.results },
    ...(regression ? { regression } : {}),
    outcome,
    summary: [outcome.headline, ...(report.summary ?? [])],
  };
}

/** The comparison with what makes its speed-up doubtful: above what the processes could add, or within the repeats' noise. */
function withPlausibility(
  comparison: Comparison,
  trials: readonly TrialResult[],
  environment: Environment,
  repeats: readonly RepeatSummary[] | undefined,
): Comparison {
  const find = (topology: string) => trials.find((trial) => trial.topology === topology && trial.workload === comparison.workload);
  const [trial, baseline] = [find(comparison.topology), find(comparison.baseline)];
  const suspect = trial && baseline ? suspectSpeedUp(comparison, trial, baseline, environment) : null;
  const clear = comparison.topology === comparison.baseline ? null : clearDifference(comparison, repeats);
  return { ...comparison, ...(suspect ? { suspect } : {}), ...(clear === null ? {} : { clearDifference: clear }) };
}

/** What a report keeps of its scenario: enough to judge the report again without the file. */
export function summariseScenario(scenario: ScenarioFacts, file: string, thresholds: readonly ScopedThreshold[]): ScenarioSummary {
  return {
    name: scenario.name,
    description: scenario.description,
    file,
    slo: scenario.slo,
    scaleWhen: scenario.scaleWhen,
    thresholds: thresholds.map((scoped) => describeThreshold(scoped.threshold.source, scoped)),
    errorTolerance: scenario.errorTolerance,
    compareTo: scenario.compareTo ?? null,
  };
}

/**
 * With --repeat, topologies are compared through their median repeat (by rps) on each
 * workload, not through whichever repeat ran first. Without repeats this is every trial.
 */
function medianRepeats(trials: readonly TrialResult[]): TrialResult[] {
  return [...groupTrials(trials).values()].map((group) => {
    const sorted = [...group].sort((a, b) => a.requests.rps - b.requests.rps);
    return sorted[Math.floor((sorted.length - 1) / 2)] as TrialResult;
  });
}
