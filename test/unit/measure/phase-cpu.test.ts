import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PhaseCpu } from '../../../src/measure/probes/phase-cpu.js';

test('CPU over a phase from /proc agrees with what the process itself counts, to a clock tick or two', () => {
  const meter = new PhaseCpu();
  const startedAt = performance.now();
  const before = process.cpuUsage();
  meter.begin([process.pid]);
  while (performance.now() - startedAt < 300) Math.sqrt(Math.random());
  const cores = meter.end(process.pid);
  const used = process.cpuUsage(before);
  const seconds = (performance.now() - startedAt) / 1000;
  const expected = (used.user + used.system) / 1e6 / seconds;
  assert.ok(cores !== null);
  // /proc counts in ticks of 10 ms: two of them over 0.3 s
  assert.ok(Math.abs(cores - expected) <= 0.02 / seconds, `${cores.toFixed(3)} cores from /proc, ${expected.toFixed(3)} from cpuUsage`);
  assert.ok(cores > 0.1, `a busy loop used ${cores} cores`);
});

test('a process not read at the start, or gone, has no figure', () => {
  const meter = new PhaseCpu();
  assert.equal(meter.end(process.pid), null, 'never begun');
  meter.begin([process.pid, 2 ** 22 + 17]);
  assert.equal(meter.end(2 ** 22 + 17), null);
});
