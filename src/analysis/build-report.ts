import type { Environment, RunReport, TrialResult } from '../model.js';
import { reportSchema } from '../model.js';
import type { Scenario } from '../scenarios/types.js';
import { compareTopologies } from './comparisons.js';
import { runWarnings } from './warnings.js';

export interface RunFacts {
  loadlabVersion: string;
  scenario: Scenario;
  /** The scenario file as the user named it. */
  scenarioFile: string;
  environment: Environment;
  startedAt: Date;
  finishedAt: Date;
  trials: TrialResult[];
  interrupted: boolean;
}

/** Assembles the RunReport from what the runner measured; every derived figure is computed here, once. */
export function buildRunReport(facts: RunFacts): RunReport {
  const { scenario } = facts;
  return {
    schema: reportSchema,
    loadlab: facts.loadlabVersion,
    startedAt: facts.startedAt.toISOString(),
    finishedAt: facts.finishedAt.toISOString(),
    interrupted: facts.interrupted,
    environment: facts.environment,
    scenario: {
      name: scenario.name,
      description: scenario.description,
      file: facts.scenarioFile,
      slo: scenario.slo,
      scaleWhen: scenario.scaleWhen,
      thresholds: [],
    },
    trials: facts.trials,
    comparisons: compareTopologies(facts.trials),
    gate: { passed: true, failures: [] },
    warnings: runWarnings(facts.trials, facts.interrupted),
  };
}
