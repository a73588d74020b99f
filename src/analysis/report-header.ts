import type { Environment, ReportHeader } from '../contract/common.js';

/** What every report's facts tell of its making, as the commands gather them. */
export interface MakingFacts {
  loadlabVersion: string;
  environment: Environment;
  startedAt: Date;
  finishedAt: Date;
  interrupted: boolean;
  /** False for a report kept while the work goes on, true for the finished one. */
  complete: boolean;
}

/** The opening fields of a report, after its schema and before its scenario, in the order every report writes them. */
export function headerOf(facts: MakingFacts): Omit<ReportHeader, 'scenario'> {
  return {
    loadlab: facts.loadlabVersion,
    startedAt: facts.startedAt.toISOString(),
    finishedAt: facts.finishedAt.toISOString(),
    interrupted: facts.interrupted,
    complete: facts.complete,
    environment: facts.environment,
  };
}
