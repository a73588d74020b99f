import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Worker } from 'node:worker_threads';
import { LiveGate } from '../../../src/measure/abort/live-gate.js';
import type { FromGenerator, ToGenerator } from '../../../src/measure/drivers/generators/messages.js';
import { PoolStopCheck, ThreadStopCheck } from '../../../src/measure/drivers/generators/pool-stop-check.js';
import { MeasurementWindow } from '../../../src/measure/recording/measurement-window.js';
import { parseThreshold } from '../../../src/scenario/thresholds/parse.js';

function gateOn(expr: string): LiveGate {
  const parsed = parseThreshold(expr);
  if ('error' in parsed) assert.fail(parsed.error);
  return new LiveGate([{ threshold: parsed.threshold }]);
}

/** A thread's figures so far as its ThreadStopCheck posts them: `count` answers of `latencyMs`, and `errors` failures. */
function soFar(count: number, latencyMs: number, measuredMs: number, errors = 0): Extract<FromGenerator, { type: 'so-far' }> {
  const window = new MeasurementWindow(0, 10_000);
  for (let index = 0; index < count; index += 1) window.recordResponse(index, 200, 10, latencyMs);
  for (let index = 0; index < errors; index += 1) window.recordError(index);
  const posted: FromGenerator[] = [];
  new ThreadStopCheck(250, (message) => posted.push(message)).stopNow(window.recording(), measuredMs);
  const [message] = posted;
  if (message?.type !== 'so-far') assert.fail(`posted ${JSON.stringify(message)}`);
  return message;
}

/** Stand-ins for the pool's threads: what was posted to each. */
function threads(count: number): { workers: Worker[]; received: ToGenerator[][] } {
  const received = Array.from({ length: count }, (): ToGenerator[] => []);
  const workers = received.map((inbox) => ({ postMessage: (message: ToGenerator) => inbox.push(message) }) as unknown as Worker);
  return { workers, received };
}

test('judged over every thread added up: a threshold that one thread alone keeps fails on both, and every thread is told to stop', () => {
  const gate = gateOn('p99 < 5ms');
  // read through a function: an assertion that it is undefined would narrow the field for good
  const failed = () => gate.failed;
  const { workers, received } = threads(2);
  const pool = new PoolStopCheck(gate, workers);
  // thread 0 alone holds (p99 1 ms); thread 1's few slow answers put the pair's p99 at 30 ms
  pool.soFar(0, soFar(100, 1, 510));
  assert.equal(failed(), undefined, 'not judged before every thread has posted');
  pool.soFar(1, soFar(5, 30, 498));
  assert.equal(failed()?.atMs, 498, 'as long as the thread that posted least has run');
  assert.match(failed()?.message ?? '', /^p99 < 5ms: had p99 30/);
  assert.deepEqual(received, [[{ type: 'stop' }], [{ type: 'stop' }]]);
  pool.soFar(0, soFar(100, 1, 760));
  pool.soFar(1, soFar(5, 30, 750));
  assert.deepEqual(received, [[{ type: 'stop' }], [{ type: 'stop' }]], 'told once');
});

test('counts add up across threads: errors of two threads, each under the limit alone', () => {
  const gate = gateOn('errors < 5');
  const failed = () => gate.failed;
  const { workers, received } = threads(2);
  const pool = new PoolStopCheck(gate, workers);
  pool.soFar(0, soFar(50, 1, 300, 3));
  pool.soFar(1, soFar(50, 1, 300, 1));
  assert.equal(failed(), undefined, '4 errors in all');
  pool.soFar(1, soFar(50, 1, 550, 2));
  assert.equal(failed(), undefined, 'a round is judged once every thread has posted since the last');
  pool.soFar(0, soFar(50, 1, 550, 3));
  assert.equal(failed()?.message, 'errors < 5: had 5 errors');
  assert.equal(received[0]?.length, 1);
});

test("a thread's side: posts its figures every 250 ms until the pool says stop, then ends the phase at its next check", () => {
  const posted: FromGenerator[] = [];
  const check = new ThreadStopCheck(250, (message) => posted.push(message));
  const window = new MeasurementWindow(0, 10_000);
  window.recordResponse(1, 200, 10, 3);
  assert.equal(check.stopNow(window.recording(), 250), false);
  assert.equal(check.stopNow(window.recording(), 300), false);
  assert.equal(posted.length, 1, 'asked every 50 ms, it posts every 250 ms');
  assert.equal(check.stopNow(window.recording(), 500), false);
  assert.equal(posted.length, 2);
  check.stop();
  assert.equal(check.stopNow(window.recording(), 550), true, 'told to stop: at its next check, 50 ms later at most');
  assert.equal(check.everyMs, 50);
  assert.equal(posted.length, 2);
  assert.deepEqual(posted[0] && { ...posted[0], latency: undefined }, {
    type: 'so-far',
    measuredMs: 250,
    latency: undefined,
    counts: { errors: 0, timeouts: 0, non2xx: 0, statusCodes: { '200': 1 }, bytes: 10 },
  });
});
