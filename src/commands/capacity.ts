import { disturbedCpuLimit } from '../analysis/capacity/disturbance.js';
import { littlesLawTolerance } from '../analysis/capacity/littles-law.js';
import { buildCapacityReport, type CapacityRun } from '../analysis/capacity/build-report.js';
import { defaultMinAchievedRatio } from '../analysis/capacity/step.js';
import { runCapacity, type CapacityEvent, type CapacitySettings } from '../measure/capacity/run-capacity.js';
import { ExitCode, type ExitCodeValue } from '../contract/errors.js';
import type { CapacitySearchSettings } from '../contract/capacity-report.js';
import type { SkippedTopology } from '../contract/common.js';
import { capacityReport } from '../render/capacity/kind.js';
import { fileFormatsOf, type ReportFormat } from '../render/report-kind.js';
import { ReportWriter } from '../render/write.js';
import { formatLatency, formatRps } from '../text/format.js';
import { reportStem } from '../render/write-files.js';
import { planRun } from '../measure/plan.js';
import { stepConnections } from '../measure/capacity/measure-step.js';
import { checkOpenFiles, demandOfPlan } from './open-files-check.js';
import { deploymentContextOf, type LoadCommandContext, type ProbeChoice } from './command-context.js';
import { readScenarioFile } from './scenario-file.js';
import { reportFacts } from './report-facts.js';
import { formatDuration } from '../text/duration.js';
import { followProgress, progressPrinter } from './progress.js';

export interface CapacityCommandOptions extends ProbeChoice {
  topology?: string[];
  workload?: string[];
  targetRps?: number;
  /** Load generator threads, or 'auto'. */
  generators?: number | 'auto';
  stepDuration: number;
  stepWarmup: number;
  startRps?: number;
  maxRps?: number;
  maxSteps: number;
  /** How long to hold the found rate; undefined: 3 steps' worth. */
  confirm?: number;
  out: string;
  format: ReportFormat[];
  json?: boolean;
  allowRemote?: boolean;
}

export type CapacityCommandContext = LoadCommandContext;

/** The search's fixed parameters (see src/capacity/search.ts and the README for why these). */
export const searchDefaults = {
  /** ×1.5 a step up: from half the probe's throughput, the second or third step brackets a CPU-bound server. */
  growth: 1.5,
  /** Bisection to 5%: finer than a 2 s step can tell apart on a shared machine. */
  precision: 0.05,
  probeDurationMs: 1000,
  cooldownMs: 500,
  /** A failure while other processes took the machine is measured again, twice at most, after a pause. */
  retries: 2,
  retryPauseMs: 1000,
  /** The found rate is held for this many steps' worth (--confirm): long enough that a lucky step does not make a capacity. */
  confirmSteps: 3,
  /**
   * Then 5% lower each time, the search's own precision, down to 86% at most. A coarser step made
   * the capacity bimodal: near the knee a 3 s hold at the rate found fails now and then, and a
   * 10% step down then reported 215 req/s beside 241 and 247 for the same server.
   */
  confirmAttempts: 4,
  confirmStepDown: 0.95,
} as const;

/**
 * `loadlab capacity <scenario>`: per topology × workload, the highest arrival rate whose p99
 * stays within the SLO with no errors, on one running deployment. What was measured before an
 * error or an interruption is still written (marked interrupted); the error is rethrown
 * afterwards for the CLI to map to its exit code.
 */
export async function capacityCommand(scenarioFile: string, options: CapacityCommandOptions, context: CapacityCommandContext): Promise<ExitCodeValue> {
  const writer = await ReportWriter.open({ out: fileFormatsOf(options.format).length > 0 ? options.out : undefined }, context);
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
  const outcome = await runCapacity(plan, settings, {
    ...deploymentContextOf(context, options),
    onEvent: progress.onEvent,
    afterSearch: async (run) => {
      finished.push(run);
      await files?.keep(() => reportOf(finished, progress.skipped, { interrupted: context.signal.aborted, complete: false }));
    },
  });
  const report = reportOf(outcome.runs, outcome.skipped, { interrupted: outcome.interrupted || context.signal.aborted, complete: true });
  if (report.results.length > 0 || report.skipped.length > 0) {
    await files?.finish(report);
    writer.printReport(capacityReport, report, { json: options.json === true, formats: options.format });
  }
  if (outcome.error !== undefined) throw outcome.error;
  if (context.signal.aborted) return ExitCode.interrupted;
  return writer.exitCode(ExitCode.ok);
}

/** Deployment events as `loadlab run` prints them; a line per probe and per step. */
function capacityPrinter(context: CapacityCommandContext): (event: CapacityEvent) => void {
  const print = progressPrinter({ isTTY: context.stderr.isTTY === true, write: (text) => context.stderr.write(text) });
  return (event) => {
    switch (event.type) {
      case 'probe-done':
        context.stderr.write(
          `${event.topology} × ${event.workload}: closed-model probe ${formatRps(event.probeRps)} req/s; starting at ${formatRps(event.startRps)} req/s\n`,
        );
        break;
      case 'step-done': {
        const { step } = event;
        const holding = event.confirming ? 'confirming ' : '';
        const busy = step.doubt ? ` (doubtful: ${step.doubt})` : '';
        const outcome = step.passed ? `pass${busy}` : `FAIL: ${step.reason}${busy}`;
        context.stderr.write(
          `${event.topology} × ${event.workload}: ${holding}${formatRps(step.targetRps)} req/s → sent ${formatRps(step.achievedRps)}, p99 ${step.responses > 0 ? formatLatency(step.latencyMs.p99) : '—'} · ${outcome}\n`,
        );
        break;
      }
      case 'search-done': {
        const { run } = event;
        const found =
          run.capacityRps === null
            ? run.foundRps === null
              ? 'no rate passed'
              : `found ${formatRps(run.foundRps)} req/s, but no rate could be confirmed`
            : `capacity ${run.failedRps === null ? '≥ ' : ''}${formatRps(run.capacityRps)} req/s`;
        const confirmed = run.confirmation?.confirmedRps ? `, confirmed for ${formatDuration(run.confirmation.durationMs)}` : '';
        context.stderr.write(`${run.topology} × ${run.workload}: ${found}${confirmed} (${run.steps.length} steps, ${run.stop})\n`);
        break;
      }
      default:
        print(event);
    }
  };
}
