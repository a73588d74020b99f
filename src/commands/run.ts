import { buildRunReport } from '../analysis/run/build-report.js';
import { ExitCode, InputError, RunError, type ExitCodeValue } from '../contract/errors.js';
import type { SkippedTopology } from '../contract/common.js';
import type { RunReport } from '../contract/run-report.js';
import type { TrialResult } from '../contract/trial.js';
import { renderJunit } from '../render/gate/junit.js';
import { fileFormatsOf } from '../render/report-kind.js';
import { runReport } from '../render/run/kind.js';
import { reportStem } from '../render/write-files.js';
import { type ReportWriter, type ReportFiles } from '../render/write.js';
import { planRun } from '../measure/plan.js';
import type { LoadCommandContext, ProbeChoice } from './command-context.js';
import type { ScopedThreshold } from '../scenario/thresholds/parse.js';
import { describeEntry } from '../deploy/entry-version.js';
import { readScenarioFile } from './scenario-file.js';
import { scenarioForUrl } from './url-scenario.js';
import type { Scenario } from '../scenario/scenario.js';
import { topologies } from '../deploy/topologies/index.js';
import { reportFacts } from './report-facts.js';
import { cliThresholds } from './cli-thresholds.js';
import { sayWhyNotPassed } from './gate-output.js';
import { runKept } from './run-kept.js';
import { checkOpenFiles, demandOfPlan, trialConnections } from './open-files-check.js';
import { readRunReport } from '../contract/read-report.js';
import { runShard } from './run-shard.js';
import type { AbortOnFail, RunOutcome } from '../measure/run-scenario.js';
import { withPrometheus } from './prometheus-endpoint.js';
import type { CommandOptions } from './options/command-table.js';
import { openWriter } from './open-writer.js';

/** The options of `loadlab run`, as the command table declares them. */
export type RunCommandOptions = CommandOptions<'run'>;

export type RunCommandContext = LoadCommandContext;

/** What publishing a run report reads of the options. */
export type PublishOptions = Pick<RunCommandOptions, 'format' | 'json' | 'saveBaseline' | 'saveBaselineAlways'>;

/**
 * `loadlab run <scenario>` or `loadlab run --url URL`: load, plan, run, report, gate. Every input (outputs, scenario,
 * thresholds, baseline) is checked before anything starts. The JSON report is kept on disk as
 * the run goes, rewritten after each finished trial (`complete: false`); trials measured before
 * an error or an interruption are still written (marked interrupted), and the error is rethrown
 * afterwards for the CLI to map to its exit code. Exit 1 when a threshold failed or the
 * baseline comparison found a regression; 3 when a report could not be written.
 */
export async function runCommand(scenarioFile: string | undefined, options: RunCommandOptions, context: RunCommandContext): Promise<ExitCodeValue> {
  const writer = await openWriter(options, context, true);
  const scenario = await scenarioOfRun(scenarioFile, options);
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
    ...(scenarioFile !== undefined && options.url !== undefined ? { externalUrl: originOf(options.url) } : {}),
  });
  if (options.startAt !== undefined && !options.shard) throw new InputError('--start-at aligns the shards of a run: give it with --shard');
  checkOpenFiles(demandOfPlan(plan, trialConnections, options.shard));
  return withPrometheus(options, context, (live) =>
    runPlan(scenarioFile, scenario, plan, thresholds, baseline, writer, { ...options, ...(live ? { live } : {}) }, context),
  );
}

/** The run itself, once every input is checked (and the Prometheus endpoint serves, when asked for). */
async function runPlan(
  scenarioFile: string | undefined,
  scenario: Scenario,
  plan: ReturnType<typeof planRun>,
  thresholds: ScopedThreshold[],
  baseline: RunReport | undefined,
  writer: ReportWriter,
  options: RunCommandOptions & Pick<ProbeChoice, 'live'>,
  context: RunCommandContext,
): Promise<ExitCodeValue> {
  if (options.shard) {
    if (scenarioFile === undefined) throw new InputError('--shard: give the scenario file every shard runs (with --url, the server they load)');
    const wholeRunOptions = [options.baseline && '--baseline', options.saveBaseline && '--save-baseline', options.junit && '--junit'].filter(
      (option): option is string => typeof option === 'string',
    );
    return runShard(scenarioFile, scenario, plan, thresholds, { ...options, shard: options.shard, wholeRunOptions }, context);
  }
  const entry = scenario.app.entry === null ? undefined : await describeEntry(context.owner, scenario.app.entry);
  const startedAt = new Date();
  const facts = reportFacts(scenario, scenarioFile ?? '', startedAt);
  // the idle connections' cost is measured after the workloads: in the report once the run ends
  let connectionCost: RunOutcome['connectionCost'] = [];
  const reportOf = (trials: readonly TrialResult[], skipped: SkippedTopology[], end: { interrupted: boolean; complete: boolean }) =>
    buildRunReport({
      ...facts(),
      topologies,
      trials,
      skipped,
      ...end,
      thresholds,
      ...(baseline ? { baseline: { report: baseline, maxRegression: options.maxRegression } } : {}),
      inconclusive: options.inconclusive,
      ...(entry ? { entry } : {}),
      ...(connectionCost.length > 0 ? { connectionCost } : {}),
    });
  const files = fileFormatsOf(options.format).length > 0 ? writer.files(runReport, reportStem(scenario.name, startedAt), options.format) : undefined;
  context.atForcedStop?.(() => files?.keepAgainNow());
  const outcome = await runKept(plan, context, { ...options, ...abortOnFailOf(thresholds, options.abortOnFail) }, (trials, skipped) =>
    files ? files.keep(() => reportOf(trials, skipped, { interrupted: context.signal.aborted, complete: false })) : Promise.resolve(),
  );
  connectionCost = outcome.connectionCost;
  const report = reportOf(outcome.trials, outcome.skipped, { interrupted: outcome.interrupted || context.signal.aborted, complete: true });
  if (outcome.trials.length === 0 && outcome.skipped.length > 0 && outcome.error === undefined && !context.signal.aborted) {
    // every topology was skipped: nothing was measured, and a green exit would say otherwise
    throw new RunError(['nothing was measured: every topology was skipped', ...outcome.skipped.map((skip) => `  ${skip.topology}: ${skip.reason}`)]);
  }
  if (report.trials.length > 0 || report.connectionCost) await publish(writer, files, report, options, context);
  if (outcome.error !== undefined) throw outcome.error;
  if (context.signal.aborted) return ExitCode.interrupted;
  return writer.exitCode(report.outcome?.exitCode ?? ExitCode.gateFailed);
}

/** A scenario file (its workloads against --url when given), or --url alone (with --pids). */
/** What stops a trial while it runs: --abort-on-fail (every threshold), or the thresholds marked abortOnFail; nothing when neither. */
function abortOnFailOf(thresholds: readonly ScopedThreshold[], flag: RunCommandOptions['abortOnFail']): { liveGate?: AbortOnFail } {
  if (flag !== undefined && thresholds.length === 0)
    throw new InputError('--abort-on-fail: the run has no threshold to judge (give --threshold, or thresholds in the scenario)');
  if (flag === undefined && !thresholds.some((scoped) => scoped.abortOnFail)) return {};
  return { liveGate: { thresholds, all: flag !== undefined, run: flag === 'run' } };
}

async function scenarioOfRun(scenarioFile: string | undefined, options: RunCommandOptions): Promise<Scenario> {
  if (scenarioFile === undefined && options.url !== undefined) return scenarioForUrl(options.url, { pids: options.pids, allowRemote: options.allowRemote });
  if (scenarioFile === undefined)
    throw new InputError('loadlab run: give a scenario file, or --url of a server that is running (loadlab init writes a scenario)');
  if (options.pids !== undefined) throw new InputError(`--pids: only with --url; a scenario gives them in its external topology (pids: [...])`);
  return readScenarioFile(scenarioFile);
}

/** --url with a scenario file is where its workloads go: an origin, since the paths are the workloads'. */
function originOf(url: string): string {
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (!parsed || !['http:', 'https:'].includes(parsed.protocol)) throw new InputError(`--url ${url}: expected an http:// or https:// URL`);
  if (parsed.pathname !== '/' || parsed.search !== '')
    throw new InputError(`--url ${url}: with a scenario file, give the server's origin (${parsed.origin}): the paths are the workloads'`);
  return parsed.origin;
}

/** Writes a run report in every format asked for, the JUnit file and the baseline, and says why the gate did not pass (run, merge). */
export async function publish(
  writer: ReportWriter,
  files: ReportFiles<RunReport> | undefined,
  report: RunReport,
  options: PublishOptions,
  context: Pick<RunCommandContext, 'stderr'>,
): Promise<void> {
  const stderr = (text: string) => context.stderr.write(text);
  await files?.finish(report);
  writer.printReport(runReport, report, { json: options.json === true, formats: options.format });
  await writer.appendStepSummary(() => runReport.md(report));
  const outcome = report.outcome;
  if (outcome) {
    await writer.writeFile('junit', () =>
      renderJunit({ thresholds: report.gate.thresholdResults, regression: report.regression, trials: report.trials, outcome, suiteName: report.scenario.name }),
    );
    sayWhyNotPassed(outcome, stderr, options.json !== true && options.format.includes('terminal'));
  }
  // what makes the comparison with the baseline doubtful (another scenario, an older current) reaches the log whatever the format
  for (const warning of report.regression?.warnings ?? []) stderr(`warning: ${warning}\n`);
  if (options.saveBaseline) await saveBaseline(writer, report, options.saveBaseline, options.saveBaselineAlways === true);
}

/** A baseline is the reference every later run is judged by: only a complete run whose gate passed becomes one, unless forced. */
async function saveBaseline(writer: ReportWriter, report: RunReport, file: string, always: boolean): Promise<void> {
  if (report.interrupted) {
    writer.say(`baseline not saved to ${file}: the run was interrupted`);
    return;
  }
  if (report.outcome?.exitCode !== 0 && !always) {
    writer.say(
      `baseline not saved to ${file}: the run's gate did not pass (${report.outcome?.headline ?? 'no outcome'}); the old baseline is kept (--save-baseline-always saves it anyway)`,
    );
    return;
  }
  await writer.writeFile('saveBaseline', () => runReport.json(report));
}
