import { ExitCode, InputError, type ExitCodeValue } from '../contract/errors.js';
import type { Scenario } from '../scenario/scenario.js';
import { describeEntry } from '../deploy/entry-version.js';
import { describeEnvironment } from '../machine/environment.js';
import { packageVersion } from '../machine/package-info.js';
import type { LoadShare } from '../measure/drivers/load-share.js';
import type { DeploymentPlan } from '../measure/plan.js';
import { runScenario } from '../measure/run-scenario.js';
import { buildShardFile } from '../measure/shards/build-shard.js';
import { reportStem, writeNewFile } from '../render/write-files.js';
import type { ScopedThreshold } from '../scenario/thresholds/parse.js';
import { runContextFor, type LoadCommandContext, type ProbeChoice } from './command-context.js';

export interface ShardRunOptions extends ProbeChoice {
  shard: LoadShare;
  startAt?: number;
  out: string;
  json?: boolean;
  /** Options of a whole run that a shard cannot honour, by name: refused. */
  wholeRunOptions: string[];
}

/**
 * `loadlab run <scenario> --shard I/N`: the I-th share of every trial's load against servers
 * that run elsewhere (external topologies), each trial from its slot after --start-at, written
 * as a shard file (loadlab/shard@1) for `loadlab merge`: the raw recordings, no verdicts. Exit 0
 * when every trial ran.
 */
export async function runShard(
  scenarioFile: string,
  scenario: Scenario,
  plan: readonly DeploymentPlan[],
  thresholds: readonly ScopedThreshold[],
  options: ShardRunOptions,
  context: LoadCommandContext,
): Promise<ExitCodeValue> {
  const label = `--shard ${options.shard.index + 1}/${options.shard.count}`;
  const [wholeRunOption] = options.wholeRunOptions;
  if (wholeRunOption) throw new InputError(`${label}: ${wholeRunOption} judges the whole run: give it to loadlab merge`);
  const deploying = plan.find((step) => step.topology.kind !== 'external');
  if (deploying)
    throw new InputError(
      `${label}: topology '${deploying.topology.name}' (${deploying.topology.kind}) deploys the app on this machine; a shard loads a server that runs elsewhere: choose external topologies (--topology) or give --url`,
    );
  const entry = scenario.app.entry === null ? undefined : await describeEntry(context.owner, scenario.app.entry);
  const startedAt = new Date();
  const outcome = await runScenario(plan, {
    ...runContextFor(context, options),
    shard: { share: options.shard, ...(options.startAt === undefined ? {} : { startAt: options.startAt }) },
  });
  if (outcome.trials.length > 0) {
    const shardFile = buildShardFile({
      loadlabVersion: packageVersion,
      scenario,
      scenarioFile,
      thresholds,
      plan,
      share: options.shard,
      startAt: options.startAt,
      environment: describeEnvironment(),
      startedAt,
      finishedAt: new Date(),
      outcome,
      interrupted: outcome.interrupted || context.signal.aborted,
      ...(entry ? { entry } : {}),
    });
    // one line, so that a shard read back from a pod's log (kubectl logs) is one line to find
    const text = `${JSON.stringify(shardFile)}\n`;
    if (options.json) context.stdout.write(text);
    else {
      const stem = `${reportStem(scenario.name, startedAt)}-shard-${options.shard.index + 1}-of-${options.shard.count}`;
      const path = await writeNewFile(options.out, stem, 'json', text);
      context.stderr.write(`shard ${options.shard.index + 1} of ${options.shard.count} written to ${path}\n`);
    }
  }
  if (outcome.error !== undefined) throw outcome.error;
  return context.signal.aborted ? ExitCode.interrupted : ExitCode.ok;
}
