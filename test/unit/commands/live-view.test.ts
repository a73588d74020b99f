import assert from 'node:assert/strict';
import { InvalidArgumentError } from 'commander';
import { describe, test } from 'node:test';
import { renderLiveBlock, stageAt, type LiveView } from '../../../src/commands/live-view.js';
import { prometheusAddressOption } from '../../../src/commands/prometheus-option.js';
import { progressPrinter } from '../../../src/commands/progress.js';
import type { LiveBatch } from '../../../src/measure/live/live-batch.js';
import { fineBucketOf } from '../../../src/measure/live/latency-buckets.js';
import type { LiveTrialInfo } from '../../../src/measure/live/live-observer.js';
import { RecentFigures } from '../../../src/measure/live/recent-figures.js';
import { liveTrialInfo } from '../../../src/measure/live/live-trial-info.js';
import type { RunEvent } from '../../../src/measure/run-scenario.js';
import type { WorkloadSpec } from '../../../src/scenario/types.js';

const info: LiveTrialInfo = { topology: 'single', workload: 'api', model: 'open', requests: ['GET /'], warmupMs: 1000, durationMs: 9000 };
const progress = (elapsedMs: number) => ({ phase: elapsedMs < 1000 ? ('warmup' as const) : ('measured' as const), elapsedMs, totalMs: 10_000, recentRps: 990 });
const recent = { rps: 1234.5, p50Ms: 12.3, p99Ms: 45.6, errors: 1, errorsInAll: 7 };

describe('the live block', () => {
  test('the progress line, then the last second: rate, p50, p99, errors', () => {
    const view: LiveView = { heading: 'single × api: measuring 4/10 s', progress: progress(4000), info, recent };
    assert.deepEqual(renderLiveBlock(view), ['single × api: measuring 4/10 s', '  last second: 1,235 req/s · p50 12.3 ms · p99 45.6 ms · 1 error (7 in all)']);
    assert.deepEqual(
      renderLiveBlock({ ...view, recent: { rps: 0, p50Ms: null, p99Ms: null, errors: 0, errorsInAll: 0 } })[1],
      '  last second: 0 req/s · p50 — · p99 — · 0 errors (0 in all)',
    );
  });

  test('a staged trial says which stage it is in, moving or holding, the load it is at now, and the time left in the stage', () => {
    const staged = {
      from: 100,
      stages: [
        { durationMs: 2000, target: 500 },
        { durationMs: 3000, target: 500 },
        { durationMs: 4000, target: 120 },
      ],
    };
    const view = (elapsedMs: number): LiveView => ({ heading: 'h', progress: progress(elapsedMs), info: { ...info, staged }, recent });
    assert.equal(renderLiveBlock(view(500))[2], '  stages: 3 after the warm-up, from 100 req/s');
    assert.equal(renderLiveBlock(view(1500))[2], '  stage 1 of 3: 100 → 500 req/s, now 200, 1.5 s left');
    assert.equal(renderLiveBlock(view(4200))[2], '  stage 2 of 3: holding 500 req/s, 1.8 s left');
    // the closed model: whole connections, never one more than the driver has opened
    assert.equal(
      renderLiveBlock({ ...view(7000), info: { ...info, model: 'closed', staged } })[2],
      '  stage 3 of 3: 500 → 120 connections, now 405, 3.0 s left',
    );
    assert.equal(renderLiveBlock(view(99_000))[2], '  stage 3 of 3: 500 → 120 req/s, now 120, 0.0 s left', 'past the end: the last stage, over');
    assert.deepEqual(stageAt(staged, 6000), { index: 2, count: 3, stage: staged.stages[2], from: 500, level: 405, intoMs: 1000, leftMs: 3000 });
    assert.equal(renderLiveBlock(view(4200)).length, 3);
    assert.equal(renderLiveBlock({ ...view(4200), info }).length, 2, 'no stage line without stages');
  });
});

describe('RecentFigures', () => {
  test('the last second of the running trial, every generator added; nothing between trials', () => {
    let now = 0;
    const figures = new RecentFigures(() => now);
    const batch = (answered: number, failed: number, latencyMs: number): LiveBatch => ({
      generator: 1,
      measured: [],
      recent: { answered, failed, fineLatency: [[fineBucketOf(latencyMs), answered]] },
      late: 0,
      inFlight: 0,
    });
    assert.equal(figures.window(), undefined);
    const trial = figures.trial(info);
    now = 500;
    trial.responses(batch(100, 5, 100)); // older than a second by the time it is read
    now = 1700;
    trial.responses(batch(300, 1, 10));
    now = 1900;
    trial.responses({ ...batch(100, 0, 20), generator: 2 });
    const window = figures.window();
    assert.equal(window?.recent.rps, 400);
    assert.equal(window?.recent.errors, 1);
    assert.equal(window?.recent.errorsInAll, 6);
    assert.ok(Math.abs((window?.recent.p50Ms ?? 0) - 10) < 0.3, `p50 ${window?.recent.p50Ms}`);
    assert.ok(Math.abs((window?.recent.p99Ms ?? 0) - 20) < 0.5, `p99 ${window?.recent.p99Ms}`);
    trial.end();
    assert.equal(figures.window(), undefined);
  });
});

describe('progress output', () => {
  const events: RunEvent[] = [
    { type: 'deployment-starting', topology: 'single', description: 'single process' },
    { type: 'trial-progress', topology: 'single', workload: 'api', progress: progress(2000) },
    { type: 'trial-progress', topology: 'single', workload: 'api', progress: progress(3000) },
    { type: 'deployment-stopped', topology: 'single' },
  ];
  const printed = (isTTY: boolean, figures?: RecentFigures) => {
    let text = '';
    const print = progressPrinter({ isTTY, write: (chunk) => (text += chunk) }, figures);
    for (const event of events) print(event);
    return text;
  };

  test('not a terminal (CI logs): plain lines, no live block, as before', () => {
    const figures = new RecentFigures(() => 0);
    figures.trial(info).responses({ generator: 0, measured: [], recent: { answered: 5, failed: 0, fineLatency: [] }, late: 0, inFlight: 0 });
    const expected = 'starting single: single process\nsingle stopped\n';
    assert.equal(printed(false), expected);
    assert.equal(printed(false, figures), expected);
  });

  test('a terminal: the block rewritten in place, then cleared for the next line', () => {
    let now = 0;
    const figures = new RecentFigures(() => now);
    figures.trial(info);
    now = 1000;
    const text = printed(true, figures);
    const block = (seconds: number) => `single × api: measuring ${seconds}/10 s\n  last second: 0 req/s · p50 — · p99 — · 0 errors (0 in all)`;
    assert.equal(text, `starting single: single process\n${block(2)}\x1b[1A\r\x1b[J${block(3)}\x1b[1A\r\x1b[Jsingle stopped\n`);
    // without live figures: the one progress line of before
    assert.equal(
      printed(true),
      'starting single: single process\nsingle × api: measuring 2/10 s, 990 req/s\r\x1b[Jsingle × api: measuring 3/10 s, 990 req/s\r\x1b[Jsingle stopped\n',
    );
  });
});

describe('a staged workload on a terminal', () => {
  const workload: WorkloadSpec = {
    name: 'ramp',
    requests: [{ method: 'GET', path: '/', headers: {} }],
    load: {
      connections: 10,
      pipelining: 1,
      warmupMs: 1000,
      durationMs: 3000,
      timeoutMs: 10_000,
      rate: 50,
      stages: [
        { durationMs: 2000, target: 250 },
        { durationMs: 1000, target: 250 },
      ],
    },
  };

  test("the trial's live info carries its stages from the load's start: the rate (open model), else the connections", () => {
    assert.deepEqual(liveTrialInfo('single', workload).staged, { from: 50, stages: workload.load.stages });
    const { rate: _rate, ...closed } = workload.load;
    assert.deepEqual(liveTrialInfo('single', { ...workload, load: closed }).staged?.from, 10);
    assert.equal(liveTrialInfo('single', { ...workload, load: { ...closed, stages: undefined } }).staged, undefined);
  });

  test('the refreshing block shows the stage line as the trial moves through its stages', () => {
    let now = 0;
    const figures = new RecentFigures(() => now);
    const trial = figures.trial(liveTrialInfo('single', workload));
    let text = '';
    const print = progressPrinter({ isTTY: true, write: (chunk) => (text += chunk) }, figures);
    const at = (elapsedMs: number) => {
      now = elapsedMs;
      text = '';
      print({ type: 'trial-progress', topology: 'single', workload: 'ramp', progress: progress(elapsedMs) });
      return text.split('\n').at(-1);
    };
    assert.equal(at(500), '  stages: 2 after the warm-up, from 50 req/s');
    assert.equal(at(2000), '  stage 1 of 2: 50 → 250 req/s, now 150, 1.0 s left');
    assert.equal(at(3500), '  stage 2 of 2: holding 250 req/s, 0.5 s left');
    trial.end();
    assert.equal(at(3900), '\x1b[2A\r\x1b[Jsingle × ramp: measuring 4/10 s, 990 req/s', 'the trial over: the block cleared, the one progress line');
  });
});

describe('--prometheus', () => {
  test('host:port, [IPv6]:port, or a port alone for 127.0.0.1; anything else is refused', () => {
    assert.deepEqual(prometheusAddressOption('127.0.0.1:9464'), { host: '127.0.0.1', port: 9464 });
    assert.deepEqual(prometheusAddressOption('[::1]:9464'), { host: '::1', port: 9464 });
    assert.deepEqual(prometheusAddressOption('9464'), { host: '127.0.0.1', port: 9464 });
    assert.deepEqual(prometheusAddressOption('localhost:0'), { host: 'localhost', port: 0 });
    for (const bad of ['localhost', 'localhost:http', '1.2.3.4:70000', '::1:9464', ''])
      assert.throws(() => prometheusAddressOption(bad), InvalidArgumentError, bad);
  });
});
