import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { buildRunReport } from '../analysis/run/build-report.js';
import { topologies } from '../deploy/topologies/index.js';
import { ExitCode, InputError, type ExitCodeValue } from '../contract/errors.js';
import { shardSchema, type ShardFile } from '../contract/shard.js';
import { mergeShards, type ShardInput } from '../measure/shards/merge-shards.js';
import { fileFormatsOf } from '../render/report-kind.js';
import { runReport } from '../render/run/kind.js';
import { reportStem } from '../render/write-files.js';
import { parseThreshold, type ScopedThreshold } from '../scenario/thresholds/parse.js';
import type { OutputStream } from './command-context.js';
import { cliThresholds } from './cli-thresholds.js';
import { readRunReport, readTextFile } from '../contract/read-report.js';
import { publish } from './run.js';
import { openWriter } from './open-writer.js';
import type { CommandOptions } from './options/command-table.js';

/** The options of `loadlab merge`, as the command table declares them. */
export type MergeCommandOptions = CommandOptions<'merge'>;

/**
 * `loadlab merge <shard.json…>`: the shards of one run (`loadlab run --shard I/N`) into one run
 * report, as if one generator had driven every trial: the recordings added exactly, then
 * verdicts, comparisons, gates and every renderer as after `loadlab run`. Shards that do not
 * belong together are refused, exit 2. A file may also be a pod's log with the shard on one
 * of its lines (kubectl logs).
 */
export async function mergeCommand(
  files: readonly string[],
  options: MergeCommandOptions,
  context: { stdout: OutputStream; stderr: OutputStream },
): Promise<ExitCodeValue> {
  const writer = await openWriter(options, context, true);
  const inputs: ShardInput[] = (await Promise.all(files.map(shardsAt))).flat();
  const baseline = options.baseline === undefined ? undefined : await readRunReport(options.baseline);
  const merged = mergeShards(inputs);
  const { summary } = merged.first.scenario;
  const { name, description, slo, scaleWhen, errorTolerance, compareTo } = summary;
  const thresholds = [...merged.first.scenario.thresholds.map(scopedThreshold), ...cliThresholds(options.threshold)];
  const report = buildRunReport({
    loadlabVersion: merged.first.loadlab,
    scenario: { name, description, slo, scaleWhen, errorTolerance, ...(compareTo === null ? {} : { compareTo }) },
    scenarioFile: summary.file,
    environment: merged.environment,
    startedAt: merged.startedAt,
    finishedAt: merged.finishedAt,
    trials: merged.trials,
    skipped: merged.skipped,
    interrupted: merged.interrupted,
    complete: true,
    thresholds,
    ...(baseline ? { baseline: { report: baseline, maxRegression: options.maxRegression } } : {}),
    inconclusive: options.inconclusive,
    topologies,
    ...(merged.first.scenario.entry ? { entry: merged.first.scenario.entry } : {}),
  });
  const formats = fileFormatsOf(options.format);
  const reportFiles = formats.length > 0 ? writer.files(runReport, reportStem(report.scenario.name, merged.startedAt), options.format) : undefined;
  await publish(writer, reportFiles, report, options, context);
  return writer.exitCode(report.outcome?.exitCode ?? ExitCode.gateFailed);
}

/** The shard in a file, or every shard file in a folder (what the merge Job finds on the results volume). */
async function shardsAt(path: string): Promise<ShardInput[]> {
  if (!(await isFolder(path))) return [{ file: path, shard: await readShardFile(path) }];
  const names = (await readdir(path)).filter((name) => name.endsWith('.json')).sort();
  const found = (
    await Promise.all(
      names.map(async (name) =>
        readShardFile(join(path, name)).then(
          (shard) => ({ file: join(path, name), shard }),
          () => undefined,
        ),
      ),
    )
  ).filter((input): input is ShardInput => input !== undefined);
  if (found.length === 0) throw new InputError(`${path}: no shard file in this folder`);
  return found;
}

async function isFolder(path: string): Promise<boolean> {
  return stat(path).then(
    (info) => info.isDirectory(),
    () => false,
  );
}

/** A threshold as the shard kept it, parsed again (it was checked when the shard ran). */
function scopedThreshold({ expr, topology, workload }: ShardFile['scenario']['thresholds'][number]): ScopedThreshold {
  const parsed = parseThreshold(expr);
  if ('error' in parsed) throw new InputError(`a shard's threshold '${expr}': ${parsed.error}`);
  return { threshold: parsed.threshold, ...(topology === undefined ? {} : { topology }), ...(workload === undefined ? {} : { workload }) };
}

/** A shard file, or the one line of a log (a pod's output) that is a shard. Anything else: one line naming the file, exit 2. */
export async function readShardFile(file: string): Promise<ShardFile> {
  const text = await readTextFile(file);
  const candidates = [text, ...text.split('\n').filter((line) => line.startsWith('{') && line.includes(shardSchema))];
  for (const candidate of candidates) {
    const value = parseJson(candidate);
    if (isShard(value)) return value;
  }
  throw new InputError(`${file}: not a loadlab shard file: expected schema '${shardSchema}' (written by loadlab run --shard I/N)`);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isShard(value: unknown): value is ShardFile {
  if (typeof value !== 'object' || value === null) return false;
  const shard = value as Partial<ShardFile>;
  return (
    shard.schema === shardSchema && Array.isArray(shard.trials) && typeof shard.shard?.index === 'number' && typeof shard.scenario?.fingerprint === 'string'
  );
}
