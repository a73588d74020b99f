import type { Environment, SkippedTopology } from '../../contract/common.js';
import { InputError } from '../../contract/errors.js';
import type { ClientHealth, GeneratorHealth } from '../../contract/probes.js';
import type { ShardFile, ShardTrial } from '../../contract/shard.js';
import type { TrialResult } from '../../contract/trial.js';
import { mergeRecordings } from '../recording/load-recording.js';
import { decodeRecording } from '../recording/recording-codec.js';
import { summariseRecording } from '../recording/summarise-recording.js';

/** A shard file as read, with the name it was read from (for messages). */
export interface ShardInput {
  file: string;
  shard: ShardFile;
}

/** What the shards of one run come to: its trials, as if one generator had driven each, and the run's own facts. */
export interface MergedShards {
  trials: TrialResult[];
  first: ShardFile;
  environment: Environment;
  startedAt: Date;
  finishedAt: Date;
  interrupted: boolean;
  skipped: SkippedTopology[];
}

/**
 * How far apart the shards' measured phases may begin (and end): 10% of the phase, between 50 ms
 * and 1 s. Further apart, the shards did not load the server together, and their sum would be
 * a rate no one sent.
 */
export function phaseToleranceMs(durationMs: number): number {
  return Math.max(50, Math.min(1000, 0.1 * durationMs));
}

/**
 * The shards of one run merged, trial by trial: recordings added exactly and summarised once;
 * the probes, the response sample and the events are the first shard's (the server is the same),
 * the client's health is every shard's. Shards that do not belong together are refused with
 * one line that names the files and what differs.
 */
export function mergeShards(inputs: readonly ShardInput[]): MergedShards {
  checkShards(inputs);
  const sorted = [...inputs].sort((a, b) => a.shard.shard.index - b.shard.shard.index);
  const first = (sorted[0] as ShardInput).shard;
  const trials = first.trials.map((trial, index) =>
    mergeTrial(sorted.map((input) => ({ file: input.file, index: input.shard.shard.index, trial: input.shard.trials[index] as ShardTrial }))),
  );
  const times = (pick: (shard: ShardFile) => string) => sorted.map((input) => Date.parse(pick(input.shard)));
  return {
    trials,
    first,
    environment: first.environment,
    startedAt: new Date(Math.min(...times((shard) => shard.startedAt))),
    finishedAt: new Date(Math.max(...times((shard) => shard.finishedAt))),
    interrupted: sorted.some((input) => input.shard.interrupted),
    skipped: first.skipped,
  };
}

function checkShards(inputs: readonly ShardInput[]): void {
  const [head, ...rest] = inputs;
  if (!head) throw new InputError('loadlab merge: no shard file given');
  const disagree = (text: string) => new InputError(`shards disagree: ${text}`);
  for (const { file, shard } of rest) {
    if (shard.loadlab !== head.shard.loadlab) throw disagree(`${file} was written by loadlab ${shard.loadlab}, ${head.file} by ${head.shard.loadlab}`);
    if (shard.scenario.fingerprint !== head.shard.scenario.fingerprint)
      throw disagree(
        `${file} ran other trials or settings than ${head.file} (scenario '${shard.scenario.summary.name}' against '${head.shard.scenario.summary.name}')`,
      );
    if (shard.shard.count !== head.shard.shard.count)
      throw disagree(`${file} is one of ${shard.shard.count} shards, ${head.file} one of ${head.shard.shard.count}`);
    if (shard.trials.length !== head.shard.trials.length) throw disagree(`${file} has ${shard.trials.length} trials, ${head.file} ${head.shard.trials.length}`);
  }
  const count = head.shard.shard.count;
  const indices = inputs.map((input) => input.shard.shard.index).sort((a, b) => a - b);
  const expected = Array.from({ length: count }, (_, index) => index + 1);
  if (indices.join() !== expected.join()) throw disagree(`expected shards ${expected.join(', ')} of ${count}, found ${indices.join(', ')}`);
  head.shard.trials.forEach((trial, index) =>
    checkPhases(inputs, index, `${trial.topology} × ${trial.workload}${trial.repeat > 1 ? ` (repeat ${trial.repeat})` : ''}`),
  );
}

/** The shards' measured phases of trial `index` must begin and end within the tolerance of each other. */
function checkPhases(inputs: readonly ShardInput[], index: number, label: string): void {
  const stamps = inputs.map((input) => ({ file: input.file, trial: input.shard.trials[index] as ShardTrial }));
  for (const { file, trial } of stamps) {
    const head = stamps[0] as (typeof stamps)[number];
    if (trial.topology !== head.trial.topology || trial.workload !== head.trial.workload || trial.repeat !== head.trial.repeat)
      throw new InputError(`shards disagree: trial ${index + 1} of ${file} is ${trial.topology} × ${trial.workload}, of ${head.file} ${label}`);
  }
  const edges = (pick: (trial: ShardTrial) => number) => stamps.map(({ trial }) => pick(trial));
  const starts = edges((trial) => trial.recording.stamps.measuredStartMs);
  const ends = edges((trial) => trial.recording.stamps.measuredEndMs);
  const apart = Math.max(Math.max(...starts) - Math.min(...starts), Math.max(...ends) - Math.min(...ends));
  const tolerance = phaseToleranceMs((stamps[0] as (typeof stamps)[number]).trial.load.durationMs);
  if (apart > tolerance)
    throw new InputError(
      `shards disagree: ${label}: their measured phases lie ${(apart / 1000).toFixed(2)} s apart (more than ${(tolerance / 1000).toFixed(2)} s): start every shard with the same --start-at`,
    );
}

function mergeTrial(parts: readonly { file: string; index: number; trial: ShardTrial }[]): TrialResult {
  const { trial: head } = parts[0] as (typeof parts)[number];
  const result = summariseRecording(mergeRecordings(parts.map(({ index, trial }) => labelled(decodeRecording(trial.recording), index, trial.client))));
  const threads = result.generators ?? [];
  const { recording: _recording, client: _client, ...kept } = head;
  return {
    ...kept,
    load: { ...head.load, shards: parts.length, ...(threads.length > 1 ? { generators: threads.length } : {}) },
    phases: result.phases,
    latencyMs: result.latencyMs,
    ...(result.open ? { serviceLatencyMs: result.open.serviceLatencyMs } : {}),
    requests: result.requests,
    ...(result.byRequest ? { byRequest: result.byRequest } : {}),
    ...(result.flow ? { flow: result.flow } : {}),
    series: result.series,
    windows: result.windows,
    client: mergeClients(
      parts.map(({ trial }) => trial.client),
      threads,
    ),
    verdicts: [],
  };
}

/** The recording with its generator threads named by shard; a shard driven from one thread counts that thread. */
function labelled(recording: ReturnType<typeof decodeRecording>, shard: number, client: ClientHealth) {
  const threads: GeneratorHealth[] = recording.generators.length > 0 ? recording.generators : [{ generator: 1, cpu: client.cpu?.mean ?? null }];
  return { ...recording, generators: threads.map((thread) => ({ ...thread, shard })) };
}

/** Every shard's client: a bottleneck when any was one; the busiest shard's process figures; every generator thread. */
function mergeClients(clients: readonly ClientHealth[], generators: readonly GeneratorHealth[]): ClientHealth {
  const busiest = clients.reduce((top, client) => ((client.cpu?.mean ?? -1) > (top.cpu?.mean ?? -1) ? client : top));
  const limited = clients.flatMap((client, index) => (client.bottleneck ? [`shard ${index + 1}: ${client.reason}`] : []));
  return {
    cpu: busiest.cpu,
    eventLoopDelayMs: busiest.eventLoopDelayMs,
    bottleneck: limited.length > 0,
    reason: limited.join('; '),
    generators: [...generators],
  };
}
