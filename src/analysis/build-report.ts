import type { Environment, RunReport, ScenarioSummary, SkippedTopology, TrialResult } from '../model.js';
import { reportSchema } from '../model.js';
import type { Scenario } from '../scenarios/types.js';
import { compareTopologies } from './comparisons.js';
import { summariseRun } from './summary.js';
import { judgeTrial } from './verdicts/index.js';
import { comparisonWarnings, runWarnings } from './warnings.js';

export interface RunFacts {
  loadlabVersion: string;
  scenario: Scenario;
  /** The scenario file as the user named it. */
  scenarioFile: string;
  environment: Environment;
  startedAt: Date;
  finishedAt: Date;
  trials: TrialResult[];
  skipped: SkippedTopology[];
  interrupted: boolean;
}

/** Assembles the RunReport from what the runner measured; every derived figure is computed here, once. */
export function buildRunReport(facts: RunFacts): RunReport {
  const { scenario } = facts;
  const scenarioSummary: ScenarioSummary = {
    name: scenario.name,
    description: scenario.description,
    file: facts.scenarioFile,
    slo: scenario.slo,
    scaleWhen: scenario.scaleWhen,
    thresholds: [],
    errorTolerance: scenario.errorTolerance,
    compareTo: scenario.compareTo ?? null,
  };
  // Verdicts read only the report's own scenario summary and environment: a saved report can be judged again.
  const context = { scenario: scenarioSummary, environment: facts.environment };
  const trials = facts.trials.map((trial) => ({ ...trial, verdicts: judgeTrial(trial, context) }));
  const comparisons = compareTopologies(trials, scenarioSummary.compareTo);
  return {
    schema: reportSchema,
    loadlab: facts.loadlabVersion,
    startedAt: facts.startedAt.toISOString(),
    finishedAt: facts.finishedAt.toISOString(),
    interrupted: facts.interrupted,
    environment: facts.environment,
    scenario: scenarioSummary,
    trials,
    skipped: facts.skipped,
    comparisons,
    gate: { passed: true, failures: [] },
    warnings: [...facts.skipped.map((skip) => `${skip.topology} skipped: ${skip.reason}`), ...runWarnings(trials, facts.interrupted), ...comparisonWarnings(comparisons, scenarioSummary.compareTo)],
    summary: summariseRun(trials, comparisons),
  };
}
