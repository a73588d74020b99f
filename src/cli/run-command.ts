import os from 'node:os';
import { buildRunReport } from '../analysis/build-report.js';
import { ExitCode, type ExitCodeValue } from '../errors.js';
import type { RunReport } from '../model.js';
import { renderJson } from '../report/json.js';
import { renderTerminal } from '../report/terminal.js';
import { reportStem, writeNewFile } from '../report/write-files.js';
import { describeEnvironment } from '../runner/environment.js';
import { planRun } from '../runner/plan.js';
import type { ProcessOwner } from '../runner/processes.js';
import { runScenario } from '../runner/run-scenario.js';
import { availableKinds } from '../runner/topologies/index.js';
import { loadScenario } from '../scenarios/load.js';
import { packageVersion } from '../util/package-info.js';
import { progressPrinter } from './progress.js';

export interface RunCommandOptions {
  topology?: string[];
  workload?: string[];
  duration?: number;
  warmup?: number;
  connections?: number;
  out: string;
  /** commander's --no-probes sets this to false. */
  probes: boolean;
  probeInterval: number;
  json?: boolean;
  quiet?: boolean;
}

export interface RunCommandContext {
  owner: ProcessOwner;
  signal: AbortSignal;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/**
 * `loadlab run <scenario>`: load, plan, run, report. Trials measured before an error or an
 * interruption are still written (marked interrupted); the error is rethrown afterwards for
 * the CLI to map to its exit code.
 */
export async function runCommand(scenarioFile: string, options: RunCommandOptions, context: RunCommandContext): Promise<ExitCodeValue> {
  const scenario = await loadScenario(scenarioFile, { cwd: process.cwd(), cores: os.availableParallelism(), availableKinds });
  const plan = planRun(scenario, {
    topologies: options.topology,
    workloads: options.workload,
    durationMs: options.duration,
    warmupMs: options.warmup,
    connections: options.connections,
  });
  const startedAt = new Date();
  const printProgress = progressPrinter({ isTTY: context.stderr.isTTY === true, write: (text) => context.stderr.write(text) });
  const outcome = await runScenario(scenario, plan, {
    owner: context.owner,
    signal: context.signal,
    probes: { enabled: options.probes, intervalMs: options.probeInterval },
    onEvent: options.quiet ? undefined : printProgress,
  });
  const report = buildRunReport({
    loadlabVersion: packageVersion,
    scenario,
    scenarioFile,
    environment: describeEnvironment(),
    startedAt,
    finishedAt: new Date(),
    trials: outcome.trials,
    interrupted: outcome.interrupted || context.signal.aborted,
  });
  if (report.trials.length > 0) await publish(report, options, context, startedAt);
  if (outcome.error !== undefined) throw outcome.error;
  if (context.signal.aborted) return ExitCode.interrupted;
  return report.gate.passed ? ExitCode.ok : ExitCode.gateFailed;
}

async function publish(report: RunReport, options: RunCommandOptions, context: RunCommandContext, startedAt: Date): Promise<void> {
  const json = renderJson(report);
  const path = await writeNewFile(options.out, reportStem(report.scenario.name, startedAt), 'json', json);
  if (options.json) {
    context.stdout.write(json);
  } else {
    context.stdout.write(renderTerminal(report, { color: context.stdout.isTTY === true, width: (context.stdout as { columns?: number }).columns }));
  }
  context.stderr.write(`report written to ${path}\n`);
}
