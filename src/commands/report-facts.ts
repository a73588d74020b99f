import type { Environment } from '../contract/common.js';
import { describeEnvironment } from '../machine/environment.js';
import { packageVersion } from '../machine/package-info.js';

export interface ReportFacts<Scenario> {
  loadlabVersion: string;
  scenario: Scenario;
  scenarioFile: string;
  environment: Environment;
  startedAt: Date;
  finishedAt: Date;
}

/**
 * What every report of a command says of what ran where and when, the machine described once;
 * each call is stamped now as its finishedAt, for a report kept as the work goes is built again
 * after each finished part.
 */
export function reportFacts<Scenario>(scenario: Scenario, scenarioFile: string, startedAt: Date): () => ReportFacts<Scenario> {
  const environment = describeEnvironment();
  return () => ({ loadlabVersion: packageVersion, scenario, scenarioFile, environment, startedAt, finishedAt: new Date() });
}
