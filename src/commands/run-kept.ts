import type { SkippedTopology } from '../contract/common.js';
import type { TrialResult } from '../contract/trial.js';
import type { DeploymentPlan } from '../measure/plan.js';
import { runScenario, type RunContext, type RunOutcome } from '../measure/run-scenario.js';
import { deploymentContextOf, liveProgress, type LoadCommandContext, type ProbeChoice } from './command-context.js';
import { followProgress } from './progress.js';

export type KeptRunOptions = ProbeChoice & {
  /** Thresholds judged while each trial runs (--abort-on-fail, abortOnFail). */
  liveGate?: RunContext['abortOnFail'];
};

/**
 * Runs the plan with its progress on stderr (unless quiet); after each finished trial, before
 * the next starts, `keep` gets every trial finished so far and the topologies skipped so far,
 * to keep the report on disk as the run goes (`run`, `ab`).
 */
export function runKept(
  plan: readonly DeploymentPlan[],
  context: LoadCommandContext,
  options: KeptRunOptions,
  keep: (trials: readonly TrialResult[], skipped: SkippedTopology[]) => Promise<void>,
): Promise<RunOutcome> {
  const { print, live } = liveProgress(context, options);
  const progress = followProgress(options.quiet === true, print);
  const finished: TrialResult[] = [];
  return runScenario(plan, {
    ...deploymentContextOf(context, options),
    ...(options.liveGate ? { abortOnFail: options.liveGate } : {}),
    ...(live ? { live } : {}),
    onEvent: progress.onEvent,
    afterTrial: async (trial) => {
      finished.push(trial);
      await keep(finished, progress.skipped);
    },
  });
}
