import { existsSync } from 'node:fs';
import os from 'node:os';
import { resolve } from 'node:path';
import { buildRunReport } from '../analysis/build-report.js';
import { compareRuns } from '../analysis/regression/index.js';
import { ExitCode, InputError, type ExitCodeValue } from '../errors.js';
import type { TrialResult } from '../model.js';
import { reportStem } from '../report/write-files.js';
import { writeReports } from '../report/write-reports.js';
import { describeEnvironment } from '../runner/environment.js';
import { planAb, planRun } from '../runner/plan.js';
import type { ProcessOwner } from '../runner/processes.js';
import { runScenario } from '../runner/run-scenario.js';
import { availableKinds } from '../runner/topologies/index.js';
import { loadScenario } from '../scenarios/load.js';
import { packageVersion } from '../util/package-info.js';
import { publishGate } from './gate-output.js';
import { progressPrinter } from './progress.js';

export interface AbCommandOptions {
  baseEntry: string;
  topology?: string[];
  workload?: string[];
  duration?: number;
  warmup?: number;
  connections?: number;
  repeat: number;
  maxRegression: number;
  junit?: string;
  out: string;
  probes: boolean;
  probeInterval: number;
  quiet?: boolean;
}

/**
 * `loadlab ab <scenario> --base-entry PATH`: the scenario's app against a base version of it
 * (its entry in a second checkout), deployment by deployment interleaved in one job, so that a
 * noisy shared runner slows both alike; then the same comparison and exit codes as `compare`.
 */
export async function abCommand(scenarioFile: string, options: AbCommandOptions, context: { owner: ProcessOwner; signal: AbortSignal; stdout: NodeJS.WritableStream & { isTTY?: boolean }; stderr: NodeJS.WritableStream & { isTTY?: boolean } }): Promise<ExitCodeValue> {
  const scenario = await loadScenario(scenarioFile, { cwd: process.cwd(), cores: os.availableParallelism(), availableKinds });
  const baseEntry = resolve(process.cwd(), options.baseEntry);
  if (!existsSync(baseEntry)) throw new InputError(`--base-entry ${options.baseEntry}: file not found: ${baseEntry}`);
  const plan = planAb(
    planRun(scenario, { topologies: options.topology, workloads: options.workload, durationMs: options.duration, warmupMs: options.warmup, connections: options.connections, repeat: options.repeat }),
    { ...scenario.app, entry: baseEntry },
  );
  const startedAt = new Date();
  const printProgress = progressPrinter({ isTTY: context.stderr.isTTY === true, write: (text) => context.stderr.write(text) });
  const outcome = await runScenario(plan, { owner: context.owner, signal: context.signal, probes: { enabled: options.probes, intervalMs: options.probeInterval }, onEvent: options.quiet ? undefined : printProgress });
  const reportOf = (variant: 'base' | 'current', trials: TrialResult[]) =>
    buildRunReport({
      loadlabVersion: packageVersion,
      scenario: variant === 'base' ? { ...scenario, app: { ...scenario.app, entry: baseEntry } } : scenario,
      scenarioFile,
      environment: describeEnvironment(),
      startedAt,
      finishedAt: new Date(),
      trials,
      skipped: outcome.skipped,
      interrupted: outcome.interrupted || context.signal.aborted,
      thresholds: [],
    });
  const base = reportOf('base', outcome.trials.filter((trial) => trial.variant === 'base'));
  const current = reportOf('current', outcome.trials.filter((trial) => trial.variant === 'current'));
  const regression = base.trials.length > 0 && current.trials.length > 0 ? compareRuns(base, current, { maxRegression: options.maxRegression }) : undefined;
  for (const [variant, report] of [['base', base], ['current', current]] as const) {
    if (report.trials.length === 0) continue;
    const stem = `${reportStem(report.scenario.name, startedAt)}-${variant}`;
    const written = await writeReports(report, { formats: ['json'], folder: options.out, stem, naming: 'first-free', stdout: { write: () => {}, json: false, color: false } });
    for (const path of written.files) context.stderr.write(`report written to ${path}\n`);
  }
  await publishGate({ regression, junitFile: options.junit, suiteName: `${scenario.name} A/B`, write: (text) => context.stdout.write(text), stderr: (text) => context.stderr.write(text) });
  if (outcome.error !== undefined) throw outcome.error;
  if (context.signal.aborted) return ExitCode.interrupted;
  return regression?.regressed ? ExitCode.gateFailed : ExitCode.ok;
}
