import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { buildRunReport } from '../analysis/run/build-report.js';
import { decideOutcome } from '../analysis/outcome.js';
import { compareRuns } from '../analysis/regression/index.js';
import { ExitCode, InputError, type ExitCodeValue } from '../contract/errors.js';
import type { EntryVersion, SkippedTopology } from '../contract/common.js';
import type { TrialResult } from '../contract/trial.js';
import { runReport } from '../render/run/kind.js';
import { reportStem } from '../render/write-files.js';
import { planAb, planRun } from '../measure/plan.js';
import type { LoadCommandContext } from './command-context.js';
import { describeEntry } from '../deploy/entry-version.js';
import { topologies } from '../deploy/topologies/index.js';
import { readScenarioFile } from './scenario-file.js';
import { projectFolder } from '../scenario/app-defaults.js';
import { reportFacts } from './report-facts.js';
import { publishComparison, sayWhyNotPassed } from './gate-output.js';
import { runKept } from './run-kept.js';
import { checkOpenFiles, demandOfPlan } from './open-files-check.js';
import type { CommandOptions } from './options/command-table.js';
import { openWriter } from './open-writer.js';

/** The options of `loadlab ab`, as the command table declares them. */
export type AbCommandOptions = CommandOptions<'ab'>;

/**
 * `loadlab ab <scenario> --base-entry PATH`: the scenario's app against a base version of it
 * (its entry in a second checkout), deployment by deployment interleaved in one job, so that a
 * noisy shared runner slows both alike; then the same comparison and exit codes as `compare`.
 */
export async function abCommand(scenarioFile: string, options: AbCommandOptions, context: LoadCommandContext): Promise<ExitCodeValue> {
  const writer = await openWriter(options, context, true);
  const scenario = await readScenarioFile(scenarioFile);
  const currentEntry = scenario.app.entry;
  if (currentEntry === null)
    throw new InputError(`${scenarioFile}: app: is required by loadlab ab, which runs two versions of the app (this scenario has external topologies only)`);
  const baseEntry = resolve(process.cwd(), options.baseEntry);
  if (!existsSync(baseEntry)) throw new InputError(`--base-entry ${options.baseEntry}: file not found: ${baseEntry}`);
  // the base version runs in its own project folder, unless the scenario named one (app.cwd)
  const baseApp = { ...scenario.app, entry: baseEntry, cwd: scenario.app.cwd === projectFolder(currentEntry) ? projectFolder(baseEntry) : scenario.app.cwd };
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
    baseApp,
  );
  checkOpenFiles(demandOfPlan(plan));
  const entries = { base: await describeEntry(context.owner, baseEntry), current: await describeEntry(context.owner, currentEntry) };
  const startedAt = new Date();
  const facts = reportFacts(scenario, scenarioFile, startedAt);
  const reportOf = (variant: Variant, trials: readonly TrialResult[], skipped: SkippedTopology[], end: { interrupted: boolean; complete: boolean }) =>
    buildRunReport({
      ...facts(),
      topologies,
      scenario: variant === 'base' ? { ...scenario, app: baseApp } : scenario,
      trials: trials.filter((trial) => trial.variant === variant),
      skipped,
      ...end,
      thresholds: [],
      inconclusive: options.inconclusive,
      entry: entries[variant],
    });
  const files = {
    base: writer.files(runReport, `${reportStem(scenario.name, startedAt)}-base`, ['json']),
    current: writer.files(runReport, `${reportStem(scenario.name, startedAt)}-current`, ['json']),
  };
  context.atForcedStop?.(() => {
    files.base.keepAgainNow();
    files.current.keepAgainNow();
  });
  const outcome = await runKept(plan, context, options, async (trials, skipped) => {
    const variant = trials.at(-1)?.variant ?? 'current';
    await files[variant].keep(() => reportOf(variant, trials, skipped, { interrupted: context.signal.aborted, complete: false }));
  });
  const end = { interrupted: outcome.interrupted || context.signal.aborted, complete: true };
  const base = reportOf('base', outcome.trials, outcome.skipped, end);
  const current = reportOf('current', outcome.trials, outcome.skipped, end);
  const regression = compareRuns(base, current, { maxRegression: options.maxRegression });
  // the change is judged as `run` judges a run (its trials' verdicts: the SLO, errors) and against its base
  const verdict = decideOutcome({ regression, trials: current.trials, inconclusive: options.inconclusive });
  for (const [variant, report] of [
    ['base', base],
    ['current', current],
  ] as const) {
    if (report.trials.length === 0) continue;
    const paths = await files[variant].finish(report);
    if (paths.length > 0) writer.say(`  (the ${variant} side: ${describeVersion(entries[variant])})`);
  }
  await publishComparison(writer, { regression, outcome: verdict, trials: current.trials, title: 'A/B', suiteName: `${scenario.name} A/B` });
  if (outcome.error !== undefined) throw outcome.error;
  if (context.signal.aborted) return ExitCode.interrupted;
  sayWhyNotPassed(verdict, (text) => context.stderr.write(text), false);
  return writer.exitCode(verdict.exitCode);
}

type Variant = 'base' | 'current';

/** 'src/server.js at 1a2b3c4 (uncommitted changes)'. */
function describeVersion(version: EntryVersion): string {
  const commit = version.commit === null ? 'not in a git checkout' : `at ${version.commit.slice(0, 12)}${version.dirty ? ' with uncommitted changes' : ''}`;
  return `${relative(process.cwd(), version.entry) || version.entry} ${commit}`;
}
