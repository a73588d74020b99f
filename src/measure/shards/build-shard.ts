import { createHash } from 'node:crypto';
import { summariseScenario } from '../../analysis/run/build-report.js';
import { describeThreshold } from '../../analysis/thresholds/describe.js';
import type { EntryVersion, Environment } from '../../contract/common.js';
import { shardSchema, type ShardFile, type ShardScenario } from '../../contract/shard.js';
import type { Scenario } from '../../scenario/scenario.js';
import type { ScopedThreshold } from '../../scenario/thresholds/parse.js';
import type { LoadShare } from '../drivers/load-share.js';
import type { DeploymentPlan } from '../plan.js';
import { encodeRecording } from '../recording/recording-codec.js';
import type { RunOutcome } from '../run-scenario.js';

export interface ShardFacts {
  loadlabVersion: string;
  scenario: Scenario;
  scenarioFile: string;
  thresholds: readonly ScopedThreshold[];
  plan: readonly DeploymentPlan[];
  share: LoadShare;
  startAt: number | undefined;
  environment: Environment;
  startedAt: Date;
  finishedAt: Date;
  outcome: RunOutcome;
  interrupted: boolean;
  entry?: EntryVersion;
}

/** One shard's run as a shard file: each trial's report fields without the load figures, and its raw recording. */
export function buildShardFile(facts: ShardFacts): ShardFile {
  const { outcome } = facts;
  return {
    schema: shardSchema,
    loadlab: facts.loadlabVersion,
    shard: { index: facts.share.index + 1, count: facts.share.count },
    startAt: facts.startAt === undefined ? null : new Date(facts.startAt).toISOString(),
    startedAt: facts.startedAt.toISOString(),
    finishedAt: facts.finishedAt.toISOString(),
    interrupted: facts.interrupted,
    environment: facts.environment,
    scenario: shardScenario(facts),
    skipped: outcome.skipped,
    trials: outcome.trials.map((trial, index) => {
      const recording = outcome.recordings[index];
      if (!recording) throw new Error(`trial ${index + 1} has no recording`);
      const {
        latencyMs: _latency,
        serviceLatencyMs: _service,
        requests: _requests,
        series: _series,
        windows: _windows,
        phases: _phases,
        verdicts: _verdicts,
        noise: _noise,
        ...kept
      } = trial;
      return { ...kept, recording: encodeRecording(recording) };
    }),
  };
}

function shardScenario(facts: ShardFacts): ShardScenario {
  return {
    summary: summariseScenario(facts.scenario, facts.scenarioFile, facts.thresholds),
    thresholds: facts.thresholds.map(({ threshold, topology, workload }) => ({
      expr: threshold.source,
      ...(topology === undefined ? {} : { topology }),
      ...(workload === undefined ? {} : { workload }),
    })),
    fingerprint: fingerprintOf(facts),
    ...(facts.entry ? { entry: facts.entry } : {}),
  };
}

/**
 * What shards of one run must share: the trials in order (topology, workload, repeat, requests
 * and load settings but the generator threads, which may differ from machine to machine), the
 * events and everything the verdicts and gates read. A hash of it.
 */
function fingerprintOf(facts: ShardFacts): string {
  const { scenario } = facts;
  const trials = facts.plan.flatMap((step) =>
    step.workloads.map(({ name, requests, load: { generators: _threads, ...load } }) => ({
      topology: step.topology,
      workload: name,
      repeat: step.repeat,
      requests,
      load,
      events: step.events ?? [],
    })),
  );
  const judged = { slo: scenario.slo, scaleWhen: scenario.scaleWhen, errorTolerance: scenario.errorTolerance, compareTo: scenario.compareTo ?? null };
  const thresholds = facts.thresholds.map((scoped) => describeThreshold(scoped.threshold.source, scoped));
  return createHash('sha256')
    .update(JSON.stringify({ name: scenario.name, trials, judged, thresholds }))
    .digest('hex')
    .slice(0, 16);
}
