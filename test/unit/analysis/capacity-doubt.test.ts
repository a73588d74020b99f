import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { failureDoubt, type DoubtEvidence } from '../../../src/analysis/capacity/doubt.js';

const limits = { p99Ms: 100, disturbedCpu: 0.25 };

/** A 1 s step in 10 windows of 100 ms, each with this p99. */
function windows(p99s: readonly number[]): DoubtEvidence['windows'] {
  return { widthMs: 100, points: p99s.map((p99, index) => ({ t: index / 10, responses: 20, errors: 0, rps: 200, p50Ms: p99 / 2, p99Ms: p99 })) };
}

const calm = [8, 9, 8, 7, 9, 8, 8, 9, 8, 7];
/** Within the SLO, but not within half of it: a server near its limit. */
const busy = [60, 70, 65, 75, 60, 70, 65, 75, 60, 70];
const failed: DoubtEvidence = {
  passed: false,
  p99Ms: 156,
  serviceP99Ms: 150,
  delayed: 0,
  dropped: 0,
  otherProblems: false,
  othersCpu: { mean: 0.05, max: 0.1 },
  clientStallMs: 3,
  windows: windows(calm),
  durationMs: 1000,
};

describe('why a failed capacity step may not be the server’s', () => {
  const cases: { title: string; step: DoubtEvidence; doubt: RegExp | '' }[] = [
    { title: 'a pass is never in doubt', step: { ...failed, passed: true, othersCpu: { mean: 1, max: 1.5 } }, doubt: '' },
    {
      title: 'other processes took more than a quarter core',
      step: { ...failed, othersCpu: { mean: 0.2, max: 0.6 } },
      doubt: /^other processes used up to 0\.60 cores$/,
    },
    {
      title: 'a stall in the middle, the end of the step back within the SLO',
      step: { ...failed, windows: windows([8, 9, 160, 140, 60, 20, 9, 8, 9, 8]) },
      doubt: /^the server was back within 100 ms by the end of the step: a stall that passed/,
    },
    {
      title: 'a queue that kept growing to the end (a rate above capacity)',
      step: { ...failed, windows: windows([8, 20, 40, 60, 80, 100, 120, 140, 160, 180]) },
      doubt: '',
    },
    {
      title: 'calm until a stall at the very end: not a queue, which grows from the start',
      step: { ...failed, windows: windows([8, 9, 8, 9, 8, 9, 8, 9, 8, 156]) },
      doubt: /^the step was calm until its last fifth: a stall at the end, not the queue of a rate above capacity/,
    },
    {
      title: 'a queue that grew slowly to just over the SLO at the end is not calm: believed',
      step: { ...failed, windows: windows([8, 15, 25, 35, 45, 55, 65, 80, 95, 156]) },
      doubt: '',
    },
    {
      title: 'too short a step to call calm',
      step: { ...failed, durationMs: 400, windows: windows([8, 9, 8, 156]) },
      doubt: '',
    },
    {
      title: 'loadlab sent late: no request waited for a connection, and the server’s own time was within the SLO',
      step: { ...failed, serviceP99Ms: 12, clientStallMs: 150, windows: windows([8, 9, 8, 9, 8, 9, 8, 9, 8, 156]) },
      doubt: /^loadlab sent late \(its event loop stalled up to 150 ms\): the server answered within 100 ms once asked$/,
    },
    {
      title: 'loadlab paused for half the SLO: the server’s queue may be the burst that followed',
      step: { ...failed, serviceP99Ms: 150, clientStallMs: 50, windows: windows([8, 9, 160, 140, 120, 110, 105, 104, 103, 156]) },
      doubt: /^loadlab itself paused for 50\.0 ms \(half the SLO or more\): the requests of the pause reached the server at once$/,
    },
    {
      title: 'a shorter pause of loadlab does not excuse a queue that kept growing',
      step: { ...failed, serviceP99Ms: 150, clientStallMs: 49, windows: windows([8, 20, 40, 60, 80, 100, 120, 140, 160, 180]) },
      doubt: '',
    },
    {
      title: 'requests waited for connections: the late sends were the server’s doing',
      step: { ...failed, serviceP99Ms: 12, delayed: 30, windows: windows([...calm.slice(0, 9), 156]) },
      doubt: '',
    },
    { title: 'a failure of its own (dropped requests) is believed', step: { ...failed, dropped: 12 }, doubt: '' },
    { title: 'errors beyond the tolerance are believed', step: { ...failed, otherProblems: true }, doubt: '' },
    {
      title: 'a window with no answer at the end is not a recovery',
      step: {
        ...failed,
        windows: { widthMs: 100, points: windows(busy).points.map((point, index) => (index === 9 ? { ...point, responses: 0, p99Ms: null } : point)) },
      },
      doubt: '',
    },
    {
      title: 'after calm windows, a window with no answer at the end is a stall at the end',
      step: {
        ...failed,
        windows: { widthMs: 100, points: windows(calm).points.map((point, index) => (index === 9 ? { ...point, responses: 0, p99Ms: null } : point)) },
      },
      doubt: /^the step was calm until its last fifth/,
    },
  ];
  for (const { title, step, doubt } of cases) {
    test(title, () => {
      const found = failureDoubt(step, limits);
      if (doubt === '') assert.equal(found, '');
      else assert.match(found, doubt);
    });
  }
});
