import assert from 'node:assert/strict';
import { test } from 'node:test';
import { externalUrlOption, shardOption, startAtOption } from '../../../src/commands/shard-options.js';
import { trialStarts, trialGapMs } from '../../../src/measure/run-scenario.js';

test('--shard I/N: 1-based on the command line, a 0-based share inside', () => {
  assert.deepEqual(shardOption('1/3'), { index: 0, count: 3 });
  assert.deepEqual(shardOption('3/3'), { index: 2, count: 3 });
  assert.deepEqual(shardOption('job/4', { JOB_COMPLETION_INDEX: '0' }), { index: 0, count: 4 });
  assert.deepEqual(shardOption('job/4', { JOB_COMPLETION_INDEX: '3' }), { index: 3, count: 4 });
  for (const [value, message] of [
    ['0/3', /the shard must be 1 to 3, found 0/],
    ['4/3', /the shard must be 1 to 3, found 4/],
    ['1/0', /expected I\/N/],
    ['half', /expected I\/N/],
  ] as const) {
    assert.throws(() => shardOption(value), message);
  }
  assert.throws(() => shardOption('job/4', {}), /JOB_COMPLETION_INDEX, which a Kubernetes Indexed Job sets; found none/);
  assert.throws(() => shardOption('job/4', { JOB_COMPLETION_INDEX: '4' }), /found 5/);
});

test('--start-at: an ISO time with its zone; a URL option: http(s), no trailing slash', () => {
  assert.equal(startAtOption('2030-01-01T12:00:00Z'), Date.UTC(2030, 0, 1, 12));
  assert.equal(startAtOption('2030-01-01T14:00:00+02:00'), Date.UTC(2030, 0, 1, 12));
  assert.throws(() => startAtOption('2030-01-01T12:00:00'), /with its zone/);
  assert.throws(() => startAtOption('noon'), /with its zone/);
  // what a pod of a Job created without its start stamped sees: --start-at $(LOADLAB_START_AT), empty
  assert.throws(() => startAtOption(''), /no start time: .*annotation loadlab\.dev\/start-at, which the Job's run script stamps/);
  assert.equal(externalUrlOption('http://127.0.0.1:8080/'), 'http://127.0.0.1:8080');
  assert.throws(() => externalUrlOption('ftp://x'), /http:\/\/ or https:\/\//);
});

test("each trial's slot begins after the last one's warm-up, measured phase and the gap", () => {
  const workload = (name: string, warmupMs: number, durationMs: number) => ({
    name,
    requests: [],
    load: { connections: 1, pipelining: 1, warmupMs, durationMs, timeoutMs: 1000 },
  });
  const step = { topology: { name: 't', kind: 'external', instances: 1, url: 'http://127.0.0.1:1', command: [], pids: [] }, repeat: 1, app: {} };
  const plan = [
    { ...step, workloads: [workload('a', 500, 2000), workload('b', 0, 1000)] },
    { ...step, workloads: [workload('a', 500, 2000)] },
  ] as unknown as Parameters<typeof trialStarts>[0];
  assert.deepEqual(trialStarts(plan, 10_000), [10_000, 10_000 + 2500 + trialGapMs, 10_000 + 2500 + 1000 + 2 * trialGapMs]);
  assert.deepEqual(trialStarts(plan, undefined), [undefined, undefined, undefined]);
});
