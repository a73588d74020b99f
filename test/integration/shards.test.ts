import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { RunReport } from '../../src/contract/run-report.js';
import type { ShardFile } from '../../src/contract/shard.js';
import type { TrialResult } from '../../src/contract/trial.js';
import { mergeRecordings } from '../../src/measure/recording/load-recording.js';
import { decodeRecording } from '../../src/measure/recording/recording-codec.js';
import { summariseRecording } from '../../src/measure/recording/summarise-recording.js';
import { fixtureScenario, runCli, startCli, tempDir, type CliResult } from '../helpers/cli.js';
import { startFixture, stopFixture, type Fixture } from '../helpers/fixture-server.js';
import { answered } from '../helpers/latency.js';

const scenario = fixtureScenario('external.ts');
const fake = JSON.stringify({ latencyMs: 5, jitter: 0.6, errorRate: 0.02 });
let server: Fixture | undefined;
before(async () => {
  server = await startFixture('fixed-delay.js', { FIXTURE_DELAY_MS: '5' });
});
after(() => stopFixture(server));

const env = (extra: NodeJS.ProcessEnv = {}) => ({ EXTERNAL_URL: server?.url ?? '', ...extra });
const readJson = <T>(file: string) => JSON.parse(readFileSync(file, 'utf8')) as T;
const jsonIn = (folder: string) =>
  readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .map((name) => join(folder, name));
/** Shard files in the order of their index: their names begin with the second each shard started, which shards started together may not share. */
const byShardIndex = (files: string[]) =>
  files
    .map((file) => ({ file, index: readJson<ShardFile>(file).shard.index }))
    .sort((a, b) => a.index - b.index)
    .map(({ file }) => file);

/** Runs shards 1…count of the external scenario with one --start-at; returns the folder of the shard files. */
async function runShards(count: number, extra: readonly string[], options: { fakeLoad?: boolean; startAt?: string } = {}): Promise<string> {
  const folder = tempDir();
  const startAt = options.startAt ?? new Date(Date.now() + 500).toISOString();
  const results = await Promise.all(
    Array.from({ length: count }, (_, index) =>
      runCli(['run', scenario, '--shard', `${index + 1}/${count}`, '--start-at', startAt, '--out', folder, '--quiet', ...extra], {
        env: env(options.fakeLoad === false ? {} : { LOADLAB_FAKE_LOAD: fake }),
      }),
    ),
  );
  for (const result of results) assert.equal(result.code, 0, result.stderr);
  return folder;
}

function merge(files: string[], extra: string[] = []): Promise<CliResult> {
  return runCli(['merge', ...files, '--out', tempDir(), '--format', 'json', '--quiet', ...extra].filter((arg) => arg !== '--quiet'));
}

function mergedReport(result: CliResult): RunReport {
  const file = result.stderr.match(/report written to (.+\.json)/)?.[1];
  assert.ok(file, `no report; exit ${result.code}: ${result.stderr}`);
  return readJson<RunReport>(file);
}

/** The figures that must not depend on how the load was split: every one but the rates, which are compared to 1e-9. */
function assertSameFigures(merged: TrialResult, whole: TrialResult): void {
  assert.deepEqual(merged.latencyMs, whole.latencyMs);
  assert.deepEqual(merged.serviceLatencyMs, whole.serviceLatencyMs);
  const { rps: mergedRps, sentRps: _m, ...mergedCounts } = merged.requests;
  const { rps: wholeRps, sentRps: _w, ...wholeCounts } = whole.requests;
  assert.deepEqual(mergedCounts, wholeCounts);
  assert.ok(Math.abs(mergedRps - wholeRps) < 1e-9 * wholeRps, `${mergedRps} against ${wholeRps}`);
  const withoutRates = <T extends { rps: number }>(points: readonly T[]) => points.map(({ rps: _rps, ...rest }) => rest);
  assert.deepEqual(withoutRates(merged.series), withoutRates(whole.series));
  assert.deepEqual(withoutRates(merged.windows?.points ?? []), withoutRates(whole.windows?.points ?? []));
  assert.equal(merged.phases.measured.durationMs, whole.phases.measured.durationMs);
}

describe('shards on the fake load: merged, the same figures as one generator', () => {
  for (const [model, extra] of [
    ['closed model', ['--connections', '6']],
    ['open model', ['--rate', '300']],
  ] as const) {
    test(`${model}: 3 shard files merged equal the whole run in every percentile, count, series point and window`, async () => {
      const wholeFolder = tempDir();
      const whole = await runCli(['run', scenario, '--out', wholeFolder, '--format', 'json', '--quiet', ...extra], { env: env({ LOADLAB_FAKE_LOAD: fake }) });
      assert.ok(whole.code === 0 || whole.code === 1, whole.stderr);
      const wholeTrial = readJson<RunReport>(jsonIn(wholeFolder)[0] ?? '').trials[0];
      const shards = jsonIn(await runShards(3, extra));
      assert.equal(shards.length, 3);
      const merged = mergedReport(await merge(shards));
      const trial = merged.trials[0];
      assert.ok(trial && wholeTrial);
      assertSameFigures(trial, wholeTrial);
      assert.equal(trial.load.shards, 3);
      assert.ok(
        wholeTrial.requests.errors > 0 && answered(wholeTrial.latencyMs).p99 > answered(wholeTrial.latencyMs).p50,
        'the fake reaches errors and a spread',
      );
      assert.deepEqual(
        trial.verdicts.map((verdict) => verdict.id),
        wholeTrial.verdicts.map((verdict) => verdict.id),
      );
    });
  }
});

describe('shards that do not belong together are refused: one line, exit 2', () => {
  let folder = '';
  let files: string[] = [];
  before(async () => {
    folder = await runShards(3, []);
    files = byShardIndex(jsonIn(folder));
  });

  const refused = (result: CliResult, pattern: RegExp) => {
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, pattern);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  };

  test('a shard missing', async () => {
    refused(await merge(files.slice(0, 2)), /^shards disagree: expected shards 1, 2, 3 of 3, found 1, 2$/m);
  });

  test('a shard that ran other settings', async () => {
    const other = byShardIndex(jsonIn(await runShards(3, ['--duration', '2s'])))[2] ?? '';
    refused(await merge([...files.slice(0, 2), other]), /ran other trials or settings than/);
  });

  test('a shard whose phases began 5 s after the others', async () => {
    const late = new Date(Date.parse(readJson<ShardFile>(files[0] ?? '').startAt ?? '') + 5000).toISOString();
    const shifted = byShardIndex(jsonIn(await runShards(3, [], { startAt: late })))[1] ?? '';
    refused(
      await merge([files[0] ?? '', shifted, files[2] ?? '']),
      /measured phases lie 5\.00 s apart \(more than 0\.10 s\): start every shard with the same --start-at/,
    );
  });

  test('a file that is no shard, and a shard of another version', async () => {
    const report = tempDir();
    await runCli(['run', scenario, '--out', report, '--format', 'json', '--quiet'], { env: env({ LOADLAB_FAKE_LOAD: fake }) });
    refused(await merge([...files.slice(0, 2), jsonIn(report)[0] ?? '']), /not a loadlab shard file: expected schema 'loadlab\/shard@1'/);
  });

  test('--shard against a topology that deploys the app, --start-at alone, and a bad --shard', async () => {
    const run = (args: string[]) => runCli(['run', ...args, '--out', tempDir(), '--quiet'], { env: env({ LOADLAB_FAKE_LOAD: fake }) });
    refused(await run([fixtureScenario('fixed-delay.ts'), '--shard', '1/2']), /--shard 1\/2: topology 'single' \(single\) deploys the app on this machine/);
    refused(await run([scenario, '--start-at', new Date().toISOString()]), /--start-at aligns the shards of a run: give it with --shard/);
    refused(await run([scenario, '--shard', '3/2']), /the shard must be 1 to 2, found 3/);
    refused(await run([scenario, '--shard', 'job/2']), /JOB_COMPLETION_INDEX/);
  });
});

describe('two shard processes against one real server', () => {
  test('merged: the total is the sum of the shards, the percentiles the exact merge, and every format renders', async () => {
    assert.ok(server);
    const folder = tempDir();
    // both start their first trial at the same instant, far enough out for tsx to load loadlab in
    // both processes on a busy machine (a shard that starts late is refused by the merge)
    const startAt = new Date(Date.now() + 8000).toISOString();
    const children = [1, 2].map((index) =>
      startCli(['run', scenario, '--shard', `${index}/2`, '--start-at', startAt, '--duration', '2s', '--connections', '8', '--out', folder, '--quiet'], {
        env: env(),
      }),
    );
    const results = await Promise.all(children.map((child) => child.result));
    for (const result of results) assert.equal(result.code, 0, result.stderr);
    const files = jsonIn(folder);
    const shards = files.map((file) => readJson<ShardFile>(file));
    const recordings = shards.map((shard) => decodeRecording((shard.trials[0] as ShardFile['trials'][number]).recording));
    const out = tempDir();
    const merged = await runCli(['merge', ...files, '--out', out, '--format', 'terminal,md,html,json']);
    assert.ok(merged.code === 0 || merged.code === 1, merged.stderr);
    const report = mergedReport(merged);
    const trial = report.trials[0];
    assert.ok(trial);
    assert.equal(
      trial.requests.total,
      recordings.reduce((sum, recording) => sum + recording.latency.count, 0),
    );
    assert.ok(recordings.every((recording) => recording.latency.count > 100));
    const exact = summariseRecording(mergeRecordings(recordings));
    assert.deepEqual(trial.latencyMs, exact.latencyMs);
    assert.deepEqual(trial.series, exact.series);
    assert.deepEqual(
      (trial.client.generators ?? []).map((thread) => thread.shard),
      [1, 2],
    );
    assert.ok(answered(trial.latencyMs).p50 >= 5 && answered(trial.latencyMs).p50 < 30, `p50 ${answered(trial.latencyMs).p50} ms against a 5 ms server`);
    // every renderer: the terminal on stdout, the files, and the saved JSON rendered again
    assert.match(merged.stdout, /external/);
    assert.deepEqual(
      readdirSync(out)
        .map((name) => name.split('.').at(-1))
        .sort(),
      ['html', 'json', 'md'],
    );
    const again = await runCli(['report', jsonIn(out)[0] ?? '', '--format', 'md,html,terminal', '--out', tempDir()]);
    assert.equal(again.code, 0, again.stderr);
  });
});
