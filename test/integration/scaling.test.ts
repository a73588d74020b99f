import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { RunReport } from '../../src/contract/run-report.js';
import { alivePids, fixtureScenario, reportFiles, runCli, tempDir } from '../helpers/cli.js';

test('a real cluster sweep [1, 2] on the CPU-bound demo route: a curve, and the fit says it needs more counts', async () => {
  const out = tempDir();
  const result = await runCli(['run', fixtureScenario('cluster-sweep.ts'), '--quiet', '--format', 'terminal,json,md', '--out', out], {
    env: { NO_COLOR: '1' },
  });
  assert.ok(result.code === 0 || result.code === 1, result.stderr);
  const [file] = reportFiles(out);
  assert.ok(file);
  const report = JSON.parse(readFileSync(file, 'utf8')) as RunReport;
  assert.deepEqual(
    report.trials.map((trial) => [trial.topology, trial.sweep, trial.instances]),
    [
      ['cluster×1', 'cluster', 1],
      ['cluster×2', 'cluster', 2],
    ],
  );
  const [curve] = report.scaling ?? [];
  assert.ok(curve, 'one scaling curve');
  assert.equal(curve.topology, 'cluster');
  assert.equal(curve.workload, 'cpu');
  assert.deepEqual(
    curve.points.map((point) => point.instances),
    [1, 2],
  );
  const [one, two] = curve.points as [(typeof curve.points)[0], (typeof curve.points)[0]];
  assert.ok(one.rps > 0 && two.rps > 0);
  assert.equal(one.speedUp, 1);
  assert.ok(Math.abs((two.speedUp ?? 0) - two.rps / one.rps) < 1e-9);
  assert.ok(Math.abs((two.efficiency ?? 0) - two.rps / one.rps / 2) < 1e-9);
  assert.equal(curve.fit, null);
  assert.match(curve.notes.join('\n'), /2 counts \(1 and 2\): the USL has three parameters, so a fit needs at least 3 counts/);
  assert.ok(
    report.summary?.some((line) => /^On cpu, cluster went from [\d,.]+ to [\d,.]+ req\/s from 1 to 2 instances .*too few counts for a USL fit\.$/.test(line)),
    JSON.stringify(report.summary),
  );
  // the plot and the table in the terminal and the markdown
  for (const text of [result.stdout, readFileSync(file.replace(/\.json$/, '.md'), 'utf8')]) {
    assert.match(text, /req\/s against instances/);
    assert.match(text, /cluster×2/);
    assert.match(text, /a fit needs at least 3 counts/);
  }
  assert.deepEqual(alivePids(report.trials.flatMap((trial) => trial.processes.map((info) => info.pid))), []);
});
