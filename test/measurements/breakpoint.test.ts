import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { RunReport } from '../../src/contract/run-report.js';
import { fixtureScenario, reportFiles, runCli, tempDir } from '../helpers/cli.js';

/*
 * A single-server queue of 10 ms a request (test/fixtures/servers/single-queue.js: a timer, not
 * the CPU, so its capacity does not depend on the machine): at most 100 req/s, about 90 here
 * because each timer fires a little late. The open model ramps from 20 to 200 req/s over 3 s.
 * Below capacity nothing waits; past it the backlog grows as the integral of the excess (30 × τ²
 * requests τ seconds after the crossing, each 10 ms), and the latency from the intended start with
 * it: the 50 ms SLO is crossed within a few tenths of a second of the rate passing capacity (seen
 * at 86 req/s, 1.1 s into the ramp). The breakpoint must lie between 80 and 150 req/s: a timetable
 * that were off (too fast, in bursts) or an analysis that broke on the first slow window would find
 * it far earlier; one that missed the queue, not at all.
 */
test('a ramp against a single-server queue of 10 ms finds the breakpoint near its capacity of 100 req/s', async () => {
  const folder = tempDir();
  const result = await runCli(['run', fixtureScenario('single-queue-ramp.ts'), '--no-probes', '--quiet', '--format', 'json,md', '--out', folder]);
  const [file] = reportFiles(folder);
  assert.ok(file, result.stderr);
  const report = JSON.parse(readFileSync(file, 'utf8')) as RunReport;
  const [trial] = report.trials;
  assert.ok(trial);
  assert.deepEqual(trial.load.stages, [{ durationMs: 3000, target: 200 }]);
  // the timetable: the area under the rate over 3 s, 20 → 200 req/s, is 330 requests
  assert.ok(Math.abs((trial.requests.sentRps ?? 0) * 3 - 330) <= 3, `sent ${trial.requests.sentRps} req/s`);
  const { breakpoint } = trial;
  assert.ok(breakpoint, `no breakpoint: p99 by second ${trial.series.map((point) => point.p99Ms).join(', ')}`);
  assert.ok(breakpoint.metric === 'p99' || breakpoint.metric === 'p50', breakpoint.metric);
  assert.ok(breakpoint.rps >= 80 && breakpoint.rps <= 150, `broke at ${breakpoint.rps} req/s`);
  // the rate at atMs on the ramp: 20 + 60 req/s a second
  assert.ok(Math.abs(breakpoint.rps - (20 + (60 * breakpoint.atMs) / 1000)) < 1e-6);
  assert.match(report.summary?.join('\n') ?? '', /single on ramp: p(99|50) crossed 50\.0 ms at [\d.,]+ req\/s, \d\.\d s into the ramp/);
});
