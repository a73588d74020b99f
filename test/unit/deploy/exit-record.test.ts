import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExitRecord } from '../../../src/deploy/exit-record.js';
import type { OwnedProcess } from '../../../src/deploy/processes.js';

/** What ExitRecord reads of an owned process: its pid and when it exits. */
function ownedExiting(pid: number, exit: { code: number | null; signal: NodeJS.Signals | null }): OwnedProcess {
  return { pid, exited: Promise.resolve(exit) } as unknown as OwnedProcess;
}

test('exit record: an owned process is recorded with its signal or code, stamped on the epoch clock', async () => {
  const record = new ExitRecord();
  const before = Date.now();
  record.follow(ownedExiting(10, { code: null, signal: 'SIGKILL' }), 'instance');
  record.follow(ownedExiting(11, { code: 3, signal: null }), 'balancer');
  await Promise.resolve();
  await Promise.resolve();
  assert.deepEqual(
    record.list().map(({ seenAt: _, ...fact }) => fact),
    [
      { pid: 10, role: 'instance', code: null, signal: 'SIGKILL', replacedBy: null },
      { pid: 11, role: 'balancer', code: 3, signal: null, replacedBy: null },
    ],
  );
  for (const fact of record.list()) assert.ok(Math.abs(fact.seenAt - before) < 1000, `${fact.seenAt} against ${before}`);
});

test('exit record: a listed process gone is an exit; a new one takes the place of the earliest not yet replaced; one pid is one entry', () => {
  const record = new ExitRecord();
  record.track('worker', [1, 2], 'the cluster primary');
  assert.deepEqual(record.list(), [], 'the first list only sets where it starts');
  // told over IPC first, with its signal; then the list without it and with its replacement
  record.add({ pid: 1, role: 'worker', code: null, signal: 'SIGKILL' });
  record.track('worker', [2, 3], 'the cluster primary');
  // gone from the list with no word of how: code and signal unknown, and nothing in its place yet
  record.track('worker', [3], 'the cluster primary');
  // a late word fills in what the list could not say
  record.add({ pid: 2, role: 'worker', code: 0, signal: null });
  assert.deepEqual(
    record.list().map(({ seenAt: _, ...fact }) => fact),
    [
      { pid: 1, role: 'worker', code: null, signal: 'SIGKILL', replacedBy: { pid: 3, by: 'the cluster primary' } },
      { pid: 2, role: 'worker', code: 0, signal: null, replacedBy: null },
    ],
  );
  record.track('worker', [3, 4], 'the cluster primary');
  assert.deepEqual(record.list()[1]?.replacedBy, { pid: 4, by: 'the cluster primary' });
  // a new process of another role replaces nothing of this one
  record.track('balancer', [7], 'nginx');
  record.track('balancer', [8], 'nginx');
  assert.deepEqual(
    record.list().map((fact) => [fact.pid, fact.role, fact.replacedBy?.pid ?? null]),
    [
      [1, 'worker', 3],
      [2, 'worker', 4],
      [7, 'balancer', 8],
    ],
  );
});
