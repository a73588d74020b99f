import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { buildRunReport } from '../analysis/run/build-report.js';
import { decideOutcome, type InconclusivePolicy } from '../analysis/outcome.js';
import { compareRuns } from '../analysis/regression/index.js';
import { ExitCode, InputError, type ExitCodeValue } from '../contract/errors.js';
import type { EntryVersion } from '../contract/common.js';
import type { TrialResult } from '../contract/trial.js';
import { reportStem } from '../render/write-files.js';
import { writeReports } from '../render/run/write.js';
import { describeEnvironment } from '../machine/environment.js';
import { planAb, planRun } from '../measure/plan.js';
import { describeEntry } from '../deploy/entry-version.js';
import { runScenario } from '../measure/run-scenario.js';
import { runContextFor, type LoadCommandContext } from './command-context.js';
import { readScenarioFile } from './scenario-file.js';
import { packageVersion } from '../machine/package-info.js';
import { publishComparison, sayWhyNotPassed } from './gate-output.js';

export interface AbCommandOptions {
  baseEntry: string;
  topology?: string[];
  workload?: string[];
  duration?: number;
  warmup?: number;
  connections?: number;
  /** Load generator threads, or 'auto'. */
  generators?: number | 'auto';
  repeat: number;
  maxRegression: number;
  inconclusive: InconclusivePolicy;
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
export async function abCommand(scenarioFile: string, options: AbCommandOptions, context: LoadCommandContext): Promise<ExitCodeValue> {
  const scenario = await readScenarioFile(scenarioFile);
  const currentEntry = scenario.app.entry;
  if (currentEntry === null)
    throw new InputError(`${scenarioFile}: app: is required by loadlab ab, which runs two versions of the app (this scenario has external topologies only)`);
  const baseEntry = resolve(process.cwd(), options.baseEntry);
  if (!existsSync(baseEntry)) throw new InputError(`--base-entry ${options.baseEntry}: file not found: ${baseEntry}`);
  const plan = planAb(
    planRun(scenario, {
      topologies: options.topology,
      workloads: options.workload,
      durationMs: options.duration,
      warmupMs: options.warmup,
      connections: options.connections,
      generators: options.generators,
      repeat: options.repeat,
    }),
    { ...scenario.app, entry: baseEntry },
  );
  const entries = { base: await describeEntry(context.owner, baseEntry), current: await describeEntry(context.owner, currentEntry) };
  const startedAt = new Date();
  const outcome = await runScenario(plan, runContextFor(context, options));
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
      inconclusive: options.inconclusive,
      entry: entries[variant],
    });
  const base = reportOf(
    'base',
    outcome.trials.filter((trial) => trial.variant === 'base'),
  );
  const current = reportOf(
    'current',
    outcome.trials.filter((trial) => trial.variant === 'current'),
  );
  const regression = compareRuns(base, current, { maxRegression: options.maxRegression });
  // the change is judged as `run` judges a run (its trials' verdicts: the SLO, errors) and against its base
  const verdict = decideOutcome({ regression, trials: current.trials, inconclusive: options.inconclusive });
  const stderr = (text: string) => context.stderr.write(text);
  for (const [variant, report] of [
    ['base', base],
    ['current', current],
  ] as const) {
    if (report.trials.length === 0) continue;
    const stem = `${reportStem(report.scenario.name, startedAt)}-${variant}`;
    const written = await writeReports(report, {
      formats: ['json'],
      folder: options.out,
      stem,
      naming: 'first-free',
      stdout: { write: () => {}, json: false, color: false },
    });
    for (const path of written.files) stderr(`report written to ${path}\n  (the ${variant} side: ${describeVersion(entries[variant])})\n`);
  }
  await publishComparison({
    regression,
    outcome: verdict,
    trials: current.trials,
    title: 'A/B',
    junitFile: options.junit,
    suiteName: `${scenario.name} A/B`,
    write: (text) => context.stdout.write(text),
    stderr,
  });
  if (outcome.error !== undefined) throw outcome.error;
  if (context.signal.aborted) return ExitCode.interrupted;
  sayWhyNotPassed(verdict, stderr);
  return verdict.exitCode;
}

/** 'src/server.js at 1a2b3c4 (uncommitted changes)'. */
function describeVersion(version: EntryVersion): string {
  const commit = version.commit === null ? 'not in a git checkout' : `at ${version.commit.slice(0, 12)}${version.dirty ? ' with uncommitted changes' : ''}`;
  return `${relative(process.cwd(), version.entry) || version.entry} ${commit}`;
}
