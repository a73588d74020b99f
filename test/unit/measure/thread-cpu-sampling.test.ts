import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ThreadsProbe } from '../../../src/contract/probes.js';
import { summariseProbes } from '../../../src/measure/probes/probe-summary.js';
import { threadSample } from '../../../src/measure/probes/process-threads.js';
import { ProbeSampler } from '../../../src/measure/probes/sampler.js';

const spin = 'for (;;) Math.sqrt(Math.random());';
const idle = 'setInterval(() => {}, 1000);';

/**
 * Runs a real Node process whose main thread and one worker thread run the given code, samples
 * it for about a second as a run would, and returns its thread figures over that second.
 */
async function sampleThreads(main: string, worker: string): Promise<{ threads: ThreadsProbe | null | undefined; cpu: number | undefined }> {
  const script = `
    const { Worker } = require('node:worker_threads');
    new Worker(${JSON.stringify(worker)}, { eval: true }).on('online', () => {
      process.stdout.write('ready\\n');
      setImmediate(() => { ${main} });
    });`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
    assert.match(chunk.toString(), /ready/);
    const pid = child.pid as number;
    const sampler = new ProbeSampler({ intervalMs: 200, processes: () => [{ pid, role: 'instance' }] });
    // the first read starts the /proc worker thread, which can take a second on a busy machine
    await sampler.sampleProcesses();
    const startMs = Date.now();
    sampler.start();
    await sleep(1000);
    const endMs = Date.now();
    const raw = await sampler.stop(endMs);
    const [probe] = summariseProbes(raw, { loadStartMs: startMs, startMs, endMs }, [{ pid, role: 'instance' }]).processes;
    return { threads: probe?.threads, cpu: probe?.cpu?.mean };
  } finally {
    child.kill('SIGKILL');
    if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
  }
}

// A spinning thread gets a whole core only when the machine has one to spare (a shared machine
// with a load of 12 gave it a fifth), so the test asks where the process's CPU went: at least
// 80% of it on the busy side, and at most 15% of a core on the idle one.
test('a busy worker thread beside an idle main thread: the CPU is in the others, not the main thread', async () => {
  const { threads, cpu } = await sampleThreads(idle, spin);
  assert.ok(threads, 'threads were sampled');
  const total = threads.main.mean + threads.others.mean;
  assert.ok(threads.count >= 2, `${threads.count} threads`);
  assert.ok(total >= 0.05, `the process used ${total.toFixed(2)} cores`);
  assert.ok(threads.others.mean >= 0.8 * total, `others ${threads.others.mean.toFixed(2)} of ${total.toFixed(2)} cores`);
  assert.ok(threads.busiest.mean >= 0.7 * total, `busiest ${threads.busiest.mean.toFixed(2)} of ${total.toFixed(2)} cores`);
  assert.ok(threads.main.mean <= 0.15, `main ${threads.main.mean.toFixed(2)} cores`);
  // the split adds up to the process's own figure, within a clock tick or two per sample
  assert.ok(cpu !== undefined && Math.abs(total - cpu) <= 0.1, `${cpu} cores for the process against ${total.toFixed(2)} split`);
});

test('a busy main thread beside an idle worker thread: the CPU is on the main thread', async () => {
  const { threads } = await sampleThreads(spin, idle);
  assert.ok(threads, 'threads were sampled');
  const total = threads.main.mean + threads.others.mean;
  assert.ok(total >= 0.05, `the process used ${total.toFixed(2)} cores`);
  assert.ok(threads.main.mean >= 0.8 * total, `main ${threads.main.mean.toFixed(2)} of ${total.toFixed(2)} cores`);
  assert.ok(threads.others.mean <= 0.15, `others ${threads.others.mean.toFixed(2)} cores`);
});

test('the split between two reads: the main thread by id, a thread started in between counted whole, one that exited left out', () => {
  const before = [
    { tid: 100, ticks: 50 },
    { tid: 101, ticks: 10 },
    { tid: 102, ticks: 30 },
  ];
  const after = [
    { tid: 100, ticks: 60 },
    { tid: 101, ticks: 90 },
    { tid: 105, ticks: 20 },
  ];
  const split = threadSample(100, before, after, 1);
  assert.deepEqual(split, { count: 3, main: 0.1, others: 1, busiest: 0.8 });
  assert.deepEqual(threadSample(100, [{ tid: 100, ticks: 5 }], [{ tid: 100, ticks: 55 }], 0.5), { count: 1, main: 1, others: 0, busiest: 0 });
});
