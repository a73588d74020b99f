import os from 'node:os';
import { buildRunReport } from '../analysis/build-report.js';
import { ExitCode, type ExitCodeValue } from '../errors.js';
import type { RunReport } from '../model.js';
import { reportStem } from '../report/write-files.js';
import { writeReports, type ReportFormat } from '../report/write-reports.js';
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
  /** What to write: terminal (stdout), md, html, json (files in out). */
  format: ReportFormat[];
  /** commander's --no-probes sets this to false. */
  probes: boolean;
  probeInterval: number;
  json?: boolean;
  allowRemote?: boolean;
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
    allowRemote: options.allowRemote,
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
    skipped: outcome.skipped,
    interrupted: outcome.interrupted || context.signal.aborted,
  });
  if (report.trials.length > 0) await publish(report, options, context, startedAt);
  if (outcome.error !== undefined) throw outcome.error;
  if (context.signal.aborted) return ExitCode.interrupted;
  return report.gate.passed ? ExitCode.ok : ExitCode.gateFailed;
}

async function publish(report: RunReport, options: RunCommandOptions, context: RunCommandContext, startedAt: Date): Promise<void> {
  const written = await writeReports(report, {
    formats: options.format,
    folder: options.out,
    stem: reportStem(report.scenario.name, startedAt),
    naming: 'first-free',
    stdout: {
      write: (text) => context.stdout.write(text),
      json: options.json === true,
      color: context.stdout.isTTY === true,
      width: (context.stdout as { columns?: number }).columns,
    },
    // GitHub Actions sets it for every step; empty means off.
    appendMarkdownTo: process.env.GITHUB_STEP_SUMMARY || undefined,
  });
  for (const path of written.files) context.stderr.write(`report written to ${path}\n`);
  for (const problem of written.problems) context.stderr.write(`warning: ${problem}\n`);
}
