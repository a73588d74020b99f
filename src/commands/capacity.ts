import { disturbedCpuLimit } from '../analysis/capacity/disturbance.js';
import { littlesLawTolerance } from '../analysis/capacity/littles-law.js';
import { buildCapacityReport, type CapacityRun } from '../analysis/capacity/build-report.js';
import { defaultMinAchievedRatio } from '../analysis/capacity/step.js';
import { runCapacity, type CapacitySettings } from '../measure/capacity/run-capacity.js';
import { ExitCode, type ExitCodeValue } from '../contract/errors.js';
import type { CapacitySearchSettings } from '../contract/capacity-report.js';
import type { SkippedTopology } from '../contract/common.js';
import { capacityReport } from '../render/capacity/kind.js';
import { fileFormatsOf } from '../render/report-kind.js';
import { reportStem } from '../render/write-files.js';
import { planRun } from '../measure/plan.js';
import { stepConnections } from '../measure/capacity/measure-step.js';
import { checkOpenFiles, demandOfPlan } from './open-files-check.js';
import { deploymentContextOf, type LoadCommandContext } from './command-context.js';
import { readScenarioFile } from './scenario-file.js';
import { reportFacts } from './report-facts.js';
import { followProgress } from './progress.js';
import { capacityPrinter } from './capacity-progress.js';
import { searchDefaults } from './capacity-search-defaults.js';
import type { CommandOptions } from './options/command-table.js';
import { openWriter } from './open-writer.js';
import { withPrometheus } from './prometheus-endpoint.js';

/** The options of `loadlab capacity`, as the command table declares them. */
export type CapacityCommandOptions = CommandOptions<'capacity'>;

export type CapacityCommandContext = LoadCommandContext;

/**
 * `loadlab capacity <scenario>`: per topology × workload, the highest arrival rate whose p99
 * stays within the SLO with no errors, on one running deployment. What was measured before an
 * error or an interruption is still written (marked interrupted); the error is rethrown
 * afterwards for the CLI to map to its exit code. With --prometheus, each step is served live
 * as a trial of its topology and workload.
 */
export async function capacityCommand(scenarioFile: string, options: CapacityCommandOptions, context: CapacityCommandContext): Promise<ExitCodeValue> {
  const writer = await openWriter(options, context, false);
  const scenario = await readScenarioFile(scenarioFile);
  const plan = planRun(scenario, {
    topologies: options.topology,
    workloads: options.workload,
    allowRemote: options.allowRemote,
    generators: options.generators,
  });
  // a step opens up to the connections its rate needs: the most the highest rate may need
  checkOpenFiles(demandOfPlan(plan, (workload) => stepConnections(workload, options.maxRps ?? Number.POSITIVE_INFINITY, scenario.slo.p99)));
  const settings: CapacitySettings = {
    stepWarmupMs: options.stepWarmup,
    stepDurationMs: options.stepDuration,
    probeDurationMs: searchDefaults.probeDurationMs,
    startRps: options.startRps,
    growth: searchDefaults.growth,
    precision: searchDefaults.precision,
    maxSteps: options.maxSteps,
    maxRps: options.maxRps,
    cooldownMs: searchDefaults.cooldownMs,
    retries: searchDefaults.retries,
    retryPauseMs: searchDefaults.retryPauseMs,
    disturbedCpu: disturbedCpuLimit,
    criteria: { p99Ms: scenario.slo.p99, errorTolerance: scenario.errorTolerance, minAchievedRatio: defaultMinAchievedRatio },
    littlesLawTolerance,
    confirmMs: options.confirm ?? searchDefaults.confirmSteps * options.stepDuration,
    confirmAttempts: searchDefaults.confirmAttempts,
    confirmStepDown: searchDefaults.confirmStepDown,
  };
  if (scenario.events.length > 0 && !options.quiet) {
    // a capacity search needs the deployment steady from step to step: a fault would move the knee
    context.stderr.write(`capacity: the scenario's ${scenario.events.length} event(s) are not run; \`loadlab run\` runs them\n`);
  }
  const search: CapacitySearchSettings = {
    stepWarmupMs: settings.stepWarmupMs,
    stepDurationMs: settings.stepDurationMs,
    probeDurationMs: settings.startRps === undefined ? settings.probeDurationMs : 0,
    growth: settings.growth,
    precision: settings.precision,
    maxSteps: settings.maxSteps,
    maxRps: settings.maxRps ?? null,
    minAchievedRatio: settings.criteria.minAchievedRatio,
    littlesLawTolerance: settings.littlesLawTolerance,
    cooldownMs: settings.cooldownMs,
    retries: settings.retries,
    disturbedCpu: settings.disturbedCpu,
    targetRps: options.targetRps ?? null,
    confirmMs: settings.confirmMs,
    confirmAttempts: settings.confirmAttempts,
    confirmStepDown: settings.confirmStepDown,
  };
  const startedAt = new Date();
  const facts = reportFacts(scenario, scenarioFile, startedAt);
  const reportOf = (runs: CapacityRun[], skipped: SkippedTopology[], end: { interrupted: boolean; complete: boolean }) =>
    buildCapacityReport({
      ...facts(),
      search,
      runs,
      skipped,
      ...end,
    });
  const files =
    fileFormatsOf(options.format).length > 0 ? writer.files(capacityReport, reportStem(`${scenario.name}-capacity`, startedAt), options.format) : undefined;
  context.atForcedStop?.(() => files?.keepAgainNow());
  const progress = followProgress(options.quiet === true, capacityPrinter(context));
  const finished: CapacityRun[] = [];
  return withPrometheus(options, context, async (live) => {
    const outcome = await runCapacity(plan, settings, {
      ...deploymentContextOf(context, options),
      onEvent: progress.onEvent,
      afterSearch: async (run) => {
        finished.push(run);
        await files?.keep(() => reportOf(finished, progress.skipped, { interrupted: context.signal.aborted, complete: false }));
      },
      ...(live ? { live } : {}),
    });
    const report = reportOf(outcome.runs, outcome.skipped, { interrupted: outcome.interrupted || context.signal.aborted, complete: true });
    if (report.results.length > 0 || report.skipped.length > 0) {
      await files?.finish(report);
      writer.printReport(capacityReport, report, { json: options.json === true, formats: options.format });
    }
    if (outcome.error !== undefined) throw outcome.error;
    if (context.signal.aborted) return ExitCode.interrupted;
    return writer.exitCode(ExitCode.ok);
  });
}
