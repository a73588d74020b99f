import { buildRunReport } from '../analysis/run/build-report.js';
import type { InconclusivePolicy } from '../analysis/outcome.js';
import { ExitCode, InputError, RunError, type ExitCodeValue } from '../contract/errors.js';
import type { LoadShare } from '../measure/drivers/load-share.js';
import { runShard } from './run-shard.js';
import type { RunReport } from '../contract/run-report.js';
import { renderJson } from '../render/run/json.js';
import { replaceFile, reportStem } from '../render/write-files.js';
import { writeReports, type ReportFormat } from '../render/run/write.js';
import { describeEnvironment } from '../machine/environment.js';
import { planRun } from '../measure/plan.js';
import { describeEntry } from '../deploy/entry-version.js';
import { runScenario } from '../measure/run-scenario.js';
import { runContextFor, type LoadCommandContext } from './command-context.js';
import { readScenarioFile } from './scenario-file.js';
import { packageVersion } from '../machine/package-info.js';
import { basename, dirname } from 'node:path';
import { cliThresholds } from './gate-options.js';
import { publishJunit, sayWhyNotPassed } from './gate-output.js';
import { readRunReport } from './report.js';

export interface RunCommandOptions {
  topology?: string[];
  workload?: string[];
  duration?: number;
  warmup?: number;
  connections?: number;
  /** Open-model rate (requests/s) for every workload. */
  rate?: number;
  generators?: number | 'auto';
  /** Drive only this share of every trial's load and write a shard file (see run-shard.ts). */
  shard?: LoadShare;
  /** Epoch ms: when the first trial's warm-up begins (shards started together). */
  startAt?: number;
  /** Load this URL instead of the scenario's topologies. */
  externalUrl?: string;
  repeat: number;
  threshold?: string[];
  baseline?: string;
  saveBaseline?: string;
  /** Save the baseline even when the gate did not pass. */
  saveBaselineAlways?: boolean;
  maxRegression: number;
  inconclusive: InconclusivePolicy;
  junit?: string;
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

export type RunCommandContext = LoadCommandContext;

/**
 * `loadlab run <scenario>`: load, plan, run, report, gate. Every input (scenario, thresholds,
 * baseline) is checked before anything starts. Trials measured before an error or an
 * interruption are still written (marked interrupted); the error is rethrown afterwards for
 * the CLI to map to its exit code. Exit 1 when a threshold failed or the baseline comparison
 * found a regression.
 */
export async function runCommand(scenarioFile: string, options: RunCommandOptions, context: RunCommandContext): Promise<ExitCodeValue> {
  const scenario = await readScenarioFile(scenarioFile);
  const thresholds = [...scenario.thresholds, ...cliThresholds(options.threshold)];
  const baseline = options.baseline === undefined ? undefined : await readRunReport(options.baseline);
  const plan = planRun(scenario, {
    topologies: options.topology,
    workloads: options.workload,
    durationMs: options.duration,
    warmupMs: options.warmup,
    connections: options.connections,
    rate: options.rate,
    generators: options.generators,
    repeat: options.repeat,
    allowRemote: options.allowRemote,
    externalUrl: options.externalUrl,
  });
  if (options.startAt !== undefined && !options.shard) throw new InputError('--start-at aligns the shards of a run: give it with --shard');
  if (options.shard) {
    const wholeRunOptions = [options.baseline && '--baseline', options.saveBaseline && '--save-baseline', options.junit && '--junit'].filter(
      (option): option is string => typeof option === 'string',
    );
    return runShard(scenarioFile, scenario, plan, thresholds, { ...options, shard: options.shard, wholeRunOptions }, context);
  }
  const entry = scenario.app.entry === null ? undefined : await describeEntry(context.owner, scenario.app.entry);
  const startedAt = new Date();
  const outcome = await runScenario(plan, runContextFor(context, options));
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
    thresholds,
    ...(baseline ? { baseline: { report: baseline, maxRegression: options.maxRegression } } : {}),
    inconclusive: options.inconclusive,
    ...(entry ? { entry } : {}),
  });
  if (outcome.trials.length === 0 && outcome.skipped.length > 0 && outcome.error === undefined && !context.signal.aborted) {
    // every topology was skipped: nothing was measured, and a green exit would say otherwise
    throw new RunError(['nothing was measured: every topology was skipped', ...outcome.skipped.map((skip) => `  ${skip.topology}: ${skip.reason}`)]);
  }
  if (report.trials.length > 0) await publish(report, options, context, startedAt);
  if (outcome.error !== undefined) throw outcome.error;
  if (context.signal.aborted) return ExitCode.interrupted;
  return report.outcome?.exitCode ?? ExitCode.gateFailed;
}

/** What publishing a run report reads of the options. */
export type PublishOptions = Pick<RunCommandOptions, 'format' | 'out' | 'json' | 'junit' | 'saveBaseline' | 'saveBaselineAlways'>;

/** Writes a run report in every format asked for, the JUnit file and the baseline, and says why the gate did not pass. */
export async function publish(
  report: RunReport,
  options: PublishOptions,
  context: Pick<RunCommandContext, 'stdout' | 'stderr'>,
  startedAt: Date,
): Promise<void> {
  const stderr = (text: string) => context.stderr.write(text);
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
  for (const path of written.files) stderr(`report written to ${path}\n`);
  for (const problem of written.problems) stderr(`warning: ${problem}\n`);
  const outcome = report.outcome;
  if (outcome) {
    await publishJunit(
      options.junit,
      { thresholds: report.gate.thresholdResults, regression: report.regression, trials: report.trials, outcome, suiteName: report.scenario.name },
      stderr,
    );
    sayWhyNotPassed(outcome, stderr);
  }
  if (options.saveBaseline) await saveBaseline(report, options.saveBaseline, options.saveBaselineAlways === true, stderr);
}

/** A baseline is the reference every later run is judged by: only a complete run whose gate passed becomes one, unless forced. */
async function saveBaseline(report: RunReport, file: string, always: boolean, stderr: (text: string) => void): Promise<void> {
  if (report.interrupted) {
    stderr(`baseline not saved to ${file}: the run was interrupted\n`);
    return;
  }
  if (report.outcome?.exitCode !== 0 && !always) {
    stderr(
      `baseline not saved to ${file}: the run's gate did not pass (${report.outcome?.headline ?? 'no outcome'}); the old baseline is kept (--save-baseline-always saves it anyway)\n`,
    );
    return;
  }
  const path = await replaceFile(dirname(file), basename(file), renderJson(report));
  stderr(`baseline saved to ${path}\n`);
}
