import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkOpenFiles, demandOfPlan } from '../../../src/commands/open-files-check.js';
import { readOpenFiles } from '../../../src/machine/system-limits.js';
import type { DeploymentPlan } from '../../../src/measure/plan.js';
import type { WorkloadSpec } from '../../../src/scenario/types.js';

const load = { connections: 50, pipelining: 1, durationMs: 1000, warmupMs: 0, timeoutMs: 10_000 };

function workload(name: string, settings: Partial<WorkloadSpec['load']>, attack?: number): WorkloadSpec {
  return {
    name,
    requests: [{ method: 'GET', path: '/', headers: {} }],
    load: { ...load, ...settings },
    ...(attack ? { attack: { kind: 'slowloris', connections: attack, intervalMs: 1000 } } : {}),
  };
}

function step(kind: string, workloads: WorkloadSpec[], costCounts?: number[]): DeploymentPlan {
  return {
    topology: { name: kind, kind, instances: 1 },
    workloads,
    repeat: 1,
    ...(costCounts ? { connectionCost: { counts: costCounts, holdMs: 1000 } } : {}),
  } as unknown as DeploymentPlan;
}

test("a plan's demand: the most connections any trial holds at once in loadlab, and the kinds it deploys", () => {
  const closed = workload('closed', { connections: 400 });
  const open = workload('open', { connections: 10, rate: 100, maxConnections: 600 });
  const attacked = workload('attacked', { connections: 100 }, 1000);
  assert.deepEqual(demandOfPlan([step('single', [closed])]), { connections: 400, kinds: ['single'], filesPerConnection: 1 });
  assert.deepEqual(demandOfPlan([step('single', [closed]), step('proxy', [open])]), { connections: 600, kinds: ['single', 'proxy'], filesPerConnection: 2 });
  assert.deepEqual(demandOfPlan([step('cluster', [closed, attacked])]).connections, 1100, 'the slow connections beside the users');
  assert.deepEqual(demandOfPlan([step('single', [closed], [1000, 2000, 5000])]).connections, 5000, 'the idle ones of a connection-cost sweep');
  assert.deepEqual(demandOfPlan([step('external', [closed])], undefined, { index: 0, count: 3 }).connections, 134, "a shard's share");
  assert.deepEqual(demandOfPlan([step('single', [closed])], () => 4000).connections, 4000, "a capacity search's highest step");
});

test('checkOpenFiles: nothing within the limit; past it, exit 2 with the ulimit to run', (t) => {
  const { soft } = readOpenFiles();
  if (soft === null) {
    t.skip('no limit of open files on this machine');
    return;
  }
  assert.doesNotThrow(() => checkOpenFiles({ connections: 10, kinds: ['single'], filesPerConnection: 1 }));
  assert.throws(
    () => checkOpenFiles({ connections: soft, kinds: ['proxy'], filesPerConnection: 2 }),
    (error: Error & { exitCode?: number }) =>
      error.exitCode === 2 &&
      new RegExp(`^open files: the limit is ${soft}: ${soft} connections need about ${2 * soft + 256} open files.*ulimit -n`).test(error.message),
  );
});
