import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { EventTimeline } from '../../../src/measure/events/event-timeline.js';
import { exitsOfTrial, timelineOf } from '../../../src/measure/events/process-exits.js';
import type { Deployment } from '../../../src/deploy/topologies/types.js';
import type { TopologySpec } from '../../../src/deploy/topologies/index.js';
import type { EventAction, EventSpec } from '../../../src/scenario/types.js';

const cluster: TopologySpec = { name: 'cluster', kind: 'cluster', instances: 2, runtime: 'node', schedulingPolicy: 'rr' };

/** A deployment whose events take `tookMs` each; it records when each one began (performance.now()). */
function deploymentTaking(tookMs: number): Deployment & { began: { action: EventAction; at: number }[] } {
  const began: { action: EventAction; at: number }[] = [];
  return {
    url: 'http://127.0.0.1:1',
    processes: () => [],
    stop: async () => {},
    began,
    act: async (action) => {
      began.push({ action, at: performance.now() });
      await sleep(tookMs);
      return `${action} done`;
    },
  };
}

function timeline(events: EventSpec[], deployment: Deployment, options: { durationMs?: number; signal?: AbortSignal; topology?: TopologySpec } = {}) {
  return new EventTimeline(events, options.topology ?? cluster, deployment, options.durationMs ?? 10_000, options.signal ?? new AbortController().signal);
}

test('event timeline: an event never begins before its time, and records when it began and ended', async () => {
  const deployment = deploymentTaking(30);
  const events = timeline([{ atMs: 40, action: 'kill-worker' }], deployment);
  const start = performance.now();
  events.start(start);
  // a busy machine, made on purpose: the event loop is held until 100 ms, so the timer due at 40 runs late
  while (performance.now() - start < 100);
  await sleep(120);
  const [record] = await events.finish();
  assert.ok(record);
  assert.equal(record.status, 'done');
  assert.equal(record.detail, 'kill-worker done');
  const beganMs = (deployment.began[0]?.at ?? 0) - start;
  assert.ok(beganMs >= 100, `began ${beganMs} ms after the start`);
  // the record says when the action began (read just before it), not when its timer was due
  assert.ok(record.startedMs !== null && record.startedMs >= 100 && record.startedMs <= beganMs + 0.5, `startedMs ${record.startedMs}, began ${beganMs}`);
  assert.ok(record.endedMs !== null && record.endedMs - record.startedMs >= 29, `endedMs ${record.endedMs}`);
});

test('event timeline: one at a time; the second begins when the first ends', async () => {
  const deployment = deploymentTaking(80);
  const events = timeline(
    [
      { atMs: 0, action: 'reload' },
      { atMs: 20, action: 'restart' },
    ],
    deployment,
  );
  events.start(performance.now());
  await sleep(250);
  const [first, second] = await events.finish();
  assert.ok(first?.endedMs !== null && first?.endedMs !== undefined && second?.startedMs !== null && second?.startedMs !== undefined);
  assert.ok(second.startedMs >= first.endedMs, `second began at ${second.startedMs} ms, the first ended at ${first.endedMs} ms`);
  assert.equal(second.status, 'done');
});

test('event timeline: an event queued behind one still running when the load ends does not begin', async () => {
  const deployment = deploymentTaking(150);
  const events = timeline(
    [
      { atMs: 0, action: 'reload' },
      { atMs: 20, action: 'restart' },
    ],
    deployment,
  );
  events.start(performance.now());
  await sleep(60);
  const [first, second] = await events.finish();
  assert.equal(first?.status, 'done');
  assert.deepEqual(
    deployment.began.map((entry) => entry.action),
    ['reload'],
  );
  assert.deepEqual(second, {
    action: 'restart',
    atMs: 20,
    startedMs: null,
    endedMs: null,
    status: 'skipped',
    detail: 'the load ended while the event before it still ran',
  });
});

test('event timeline: skipped when its time does not come, when past the phase, or when the topology cannot', async () => {
  const deployment = deploymentTaking(0);
  const late = timeline(
    [
      { atMs: 5000, action: 'reload' },
      { atMs: 20_000, action: 'reload' },
    ],
    deployment,
  );
  late.start(performance.now());
  const [notYet, past] = await late.finish();
  assert.equal(notYet?.status, 'skipped');
  assert.equal(notYet?.detail, 'the load ended before its time');
  assert.equal(past?.detail, 'at 20 s it is past the end of the measured phase (10 s)');
  const single = timeline([{ atMs: 0, action: 'reload' }], deployment, { topology: { name: 'one', kind: 'single', instances: 1, runtime: 'node' } });
  single.start(performance.now());
  await sleep(20);
  const [unsupported] = await single.finish();
  assert.equal(unsupported?.detail, "'reload' is not supported by topology 'one' (single)");
  assert.equal(deployment.began.length, 0);
});

test('event timeline: an interruption while an event runs records it as failed, unfinished', async () => {
  const controller = new AbortController();
  const events = timeline([{ atMs: 0, action: 'restart' }], deploymentTaking(300), { signal: controller.signal });
  events.start(performance.now());
  await sleep(30);
  controller.abort();
  const [record] = await events.finish();
  assert.equal(record?.status, 'failed');
  assert.equal(record?.endedMs, null);
  assert.equal(record?.detail, 'the run was interrupted while it ran');
});

test('process exits: those in the warm-up or measured phase, on its clock, with the event they happened during', () => {
  const start = Date.parse('2026-01-01T00:00:10.000Z');
  const phases = {
    warmup: { startedAt: '2026-01-01T00:00:09.000Z', endedAt: '2026-01-01T00:00:10.000Z', durationMs: 1000 },
    measured: { startedAt: '2026-01-01T00:00:10.000Z', endedAt: '2026-01-01T00:00:13.000Z', durationMs: 3000 },
  };
  const fact = (pid: number, atMs: number) => ({ pid, role: 'worker' as const, code: null, signal: 'SIGKILL', seenAt: start + atMs, replacedBy: null });
  const kill = { action: 'kill-worker' as const, atMs: 1000, startedMs: 1000, endedMs: 1400, status: 'done' as const, detail: '' };
  const exits = exitsOfTrial([fact(1, -1200), fact(2, -300), fact(3, 1010), fact(4, 2300), fact(5, 2500), fact(6, 3100)], phases, [kill], new Set(['worker']));
  assert.deepEqual(
    exits.map((exit) => [exit.pid, exit.atMs, exit.phase, exit.during]),
    [
      [2, -300, 'warmup', null],
      [3, 1010, 'measured', 'kill-worker'],
      // PM2 lists its processes a little after the event is done: up to a second later still counts as its
      [4, 2300, 'measured', 'kill-worker'],
      [5, 2500, 'measured', null],
    ],
  );
  assert.deepEqual(
    timelineOf([kill], exits).map((entry) => ('kind' in entry ? entry.pid : entry.action)),
    [2, 'kill-worker', 3, 4, 5],
  );
});

test("process exits: one before the trial that left its role with no process is the trial's too, as before it", () => {
  const phases = {
    warmup: { startedAt: '2026-01-01T00:00:09.000Z', endedAt: '2026-01-01T00:00:10.000Z', durationMs: 1000 },
    measured: { startedAt: '2026-01-01T00:00:10.000Z', endedAt: '2026-01-01T00:00:13.000Z', durationMs: 3000 },
  };
  const seenAt = Date.parse('2026-01-01T00:00:05.000Z');
  const gone = { pid: 1, role: 'instance' as const, code: null, signal: 'SIGKILL', seenAt, replacedBy: null };
  const replaced = { ...gone, pid: 2, role: 'worker' as const, replacedBy: { pid: 3, by: 'the cluster primary' } };
  assert.deepEqual(
    exitsOfTrial([gone, replaced], phases, [], new Set()).map((exit) => [exit.pid, exit.atMs, exit.phase]),
    [[1, -5000, 'before']],
  );
  // another process of its role still served when the trial began: not this trial's loss
  assert.deepEqual(exitsOfTrial([gone], phases, [], new Set(['instance'])), []);
});
