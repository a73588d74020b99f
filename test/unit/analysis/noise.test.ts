import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildRunReport } from '../../../src/analysis/run/build-report.js';
import { trialNoise } from '../../../src/analysis/run/noise.js';
import type { StatWindows, TrialResult } from '../../../src/contract/trial.js';
import { renderHtml } from '../../../src/render/run/html.js';
import { renderMarkdown } from '../../../src/render/run/markdown.js';
import { renderTerminal } from '../../../src/render/run/terminal.js';
import { scenario } from '../../fixtures/capacity-fixture.js';
import { topologies } from '../../../src/deploy/topologies/index.js';
import { makeReport } from '../../fixtures/report-fixture.js';

/** Windows of 100 ms with these rates; the responses follow from them. */
function windows(rates: readonly number[]): StatWindows {
  return { widthMs: 100, points: rates.map((rps, index) => ({ t: index / 10, responses: rps / 10, errors: 0, rps, p50Ms: 5, p99Ms: 9 })) };
}

const [single, cluster] = makeReport().trials.filter((trial) => trial.workload === 'cpu') as [TrialResult, TrialResult];

describe("how noisy a trial was: its windows' spread of requests per second", () => {
  test('steady windows: no spread; the last window (a fragment) is left out', () => {
    assert.deepEqual(trialNoise({ ...single, windows: windows([1000, 1000, 1000, 1000, 300]) }), { windows: 5, widthMs: 100, rpsCv: 0 });
  });

  test('windows alternating 900 and 1100: ±10% (sample standard deviation over the mean)', () => {
    const noise = trialNoise({ ...single, windows: windows([900, 1100, 900, 1100, 900, 1100, 1000]) });
    assert.ok(noise?.rpsCv !== undefined && noise.rpsCv !== null && Math.abs(noise.rpsCv - 0.1095) < 0.001, JSON.stringify(noise));
  });

  test('fewer than 3 windows, or none (a report of an older version): nothing to say', () => {
    assert.equal(trialNoise({ ...single, windows: windows([1000, 1000]) }), null);
    const { windows: _dropped, ...older } = single;
    assert.equal(trialNoise(older), null);
  });

  test('every run says how noisy it was, in the terminal, markdown and HTML reports', () => {
    const report = buildRunReport({
      loadlabVersion: '0.1.0',
      scenario,
      scenarioFile: 'scenarios/cluster-vs-single.ts',
      environment: { node: 'v20.19.0', os: 'Linux 6.8.0 x64', cpus: 2, cpuModel: 'AMD EPYC 7B13', memoryBytes: 8 * 1024 ** 3 },
      startedAt: new Date('2026-03-02T10:00:00.000Z'),
      finishedAt: new Date('2026-03-02T10:00:26.000Z'),
      trials: [
        { ...single, windows: windows([1000, 1000, 1040, 960, 1000]) },
        { ...cluster, windows: windows([2000, 1760, 2240, 2000, 2000]) },
      ],
      skipped: [],
      interrupted: false,
      complete: true,
      thresholds: [],
      topologies,
      inconclusive: 'fail',
    });
    const line =
      /noise: requests\/s varied ±3% from one 100 ms window to the next on single, ±10% on cluster; a difference of less than about twice that is hard to tell from noise in one run/;
    assert.match(renderTerminal(report, { color: false, width: 200 }), line);
    assert.match(renderMarkdown(report), line);
    assert.match(renderHtml(report), line);
  });
});
