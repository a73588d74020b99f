import type { CapacityWarningId } from '../../contract/capacity-warning.js';
import { warningFields } from '../../contract/typed-warning.js';
import { headerOf, type MakingFacts } from '../report-header.js';
import { summariseScenario } from '../run/build-report.js';
import type { CapacityReport, CapacityResult, CapacitySearchSettings, CapacityStep } from '../../contract/capacity-report.js';
import type { SkippedTopology } from '../../contract/common.js';
import { capacitySchema } from '../../contract/capacity-report.js';
import type { TopologyKindName } from '../../contract/vocabulary.js';
import type { ScenarioOf } from '../../scenario/types.js';
import { findKnee } from './knee.js';
import { sizeFor } from './sizing.js';
import { capacityWarnings, summariseCapacity } from './summary.js';

/** What the search measured on one topology × workload, before analysis. */
export interface CapacityRun {
  topology: string;
  kind: TopologyKindName;
  instances: number;
  workload: string;
  probeRps: number | null;
  steps: CapacityStep[];
  capacityRps: number | null;
  failedRps: number | null;
  foundRps: number | null;
  confirmation: CapacityResult['confirmation'];
  stop: CapacityResult['stop'];
}

export interface CapacityFacts extends MakingFacts {
  scenario: ScenarioOf;
  scenarioFile: string;
  search: CapacitySearchSettings;
  runs: CapacityRun[];
  skipped: SkippedTopology[];
}

/** Assembles the CapacityReport: the knee, the CPU at capacity, the sizing, warnings and plain words, each computed once, here. */
export function buildCapacityReport(facts: CapacityFacts): CapacityReport {
  const { scenario } = facts;
  const summary = summariseScenario(scenario, facts.scenarioFile, []);
  const results = facts.runs.map((run): CapacityResult => ({
    ...run,
    knee: findKnee(run.steps, scenario.slo.p99),
    cpuAtCapacity: run.capacityRps === null ? null : (stepsOf(run).find((step) => step.passed && step.targetRps === run.capacityRps)?.cpuByProcess ?? null),
    clientLimited:
      run.failedRps !== null && stepsOf(run).some((step) => step.counted && !step.passed && step.targetRps === run.failedRps && step.clientBottleneck),
  }));
  const sizing = facts.search.targetRps === null ? [] : sizeFor(facts.search.targetRps, results, facts.environment);
  return {
    schema: capacitySchema,
    ...headerOf(facts),
    scenario: summary,
    search: facts.search,
    results,
    skipped: facts.skipped,
    sizing,
    ...warningFields<CapacityWarningId>([
      ...facts.skipped.map((skip) => ({ id: 'skipped' as const, text: `${skip.topology} skipped: ${skip.reason}` })),
      ...(facts.interrupted
        ? [
            {
              id: 'interrupted' as const,
              text: 'The search was interrupted: capacities found so far are shown; an unfinished search reports the highest rate that passed before it stopped.',
            },
          ]
        : []),
      ...capacityWarnings(results, facts.search),
    ]),
    summary: summariseCapacity(results, sizing, scenario.slo.p99),
  };
}

/** The confirmation's holds first (the longer, later measurement), then the search's steps. */
function stepsOf(run: CapacityRun): CapacityStep[] {
  return [...(run.confirmation?.steps ?? []), ...run.steps];
}
