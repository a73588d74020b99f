import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyseConnectionCost, connectionCostSentences, fitLine } from '../../../src/analysis/connections/connection-cost.js';
import type { ConnectionCost } from '../../../src/contract/connection-cost.js';
import type { RunReport } from '../../../src/contract/run-report.js';
import { topologies, type TopologySpec } from '../../../src/deploy/topologies/index.js';
import { planRun } from '../../../src/measure/plan.js';
import { renderHtml } from '../../../src/render/run/html.js';
import { renderMarkdown } from '../../../src/render/run/markdown.js';
import { renderTerminal } from '../../../src/render/run/terminal.js';
import { validateScenario, type ValidateOptions } from '../../../src/scenario/validate.js';
import { makeReport } from '../../fixtures/report-fixture.js';
import { normal, seeded } from '../../helpers/seeded.js';

const KiB = 1024;
const MiB = 1024 * KiB;
const environment = makeReport().environment;

/**
 * A cluster of a primary (no client connections) and two workers that each hold half of the
 * connections at `perConnection` bytes each over 40 MiB, with a seeded noise of 200 KiB.
 */
function clusterSweep(perConnection: number, counts = [1000, 2000, 5000, 10_000]): ConnectionCost {
  const random = seeded(11);
  const noise = () => 200 * KiB * normal(random);
  return {
    topology: 'cluster',
    kind: 'cluster',
    instances: 2,
    path: '/health',
    holdMs: 1000,
    plateaus: counts.map((target) => ({
      target,
      held: target,
      failed: 0,
      processes: [
        { pid: 1, role: 'primary', connections: 0, rssBytes: 50 * MiB + noise(), fds: 30 },
        { pid: 2, role: 'worker', connections: target / 2, rssBytes: 40 * MiB + (target / 2) * perConnection + noise(), fds: 20 + target / 2 },
        { pid: 3, role: 'worker', connections: target / 2, rssBytes: 40 * MiB + (target / 2) * perConnection + noise(), fds: 20 + target / 2 },
      ],
    })),
    openFiles: [
      { pid: 1, soft: 1024 },
      { pid: 2, soft: 20_000 },
      { pid: 3, soft: null },
    ],
  };
}

describe('what a connection costs', () => {
  test('per process: RSS and descriptors against its own connections, and the open-files limit turned into connections', () => {
    const cost = analyseConnectionCost(clusterSweep(8 * KiB), environment);
    const [primary, worker, unlimited] = cost.processes ?? [];
    assert.equal(primary?.rss, null);
    assert.match(primary?.note ?? '', /held none of the client connections \(0 at most\)/);
    assert.ok(worker?.rss && Math.abs(worker.rss.perConnection - 8 * KiB) < 0.05 * 8 * KiB, JSON.stringify(worker?.rss));
    assert.ok(worker.rss.rSquared > 0.99);
    assert.ok(worker.fds && Math.abs(worker.fds.perConnection - 1) < 1e-9 && Math.abs(worker.fds.base - 20) < 1e-6);
    assert.equal(worker.maxConnections, 19_980);
    assert.equal(unlimited?.maxConnections, null, 'no limit read: no bound claimed');
    // together: two workers at 8 KiB for half the connections each is 8 KiB a connection over their 80 MiB (the primary held none: left out)
    assert.ok(cost.total && Math.abs(cost.total.perConnection - 8 * KiB) < 0.05 * 8 * KiB);
    assert.ok(Math.abs(cost.total.base - 80 * MiB) < 2 * MiB, String(cost.total.base / MiB));
    assert.ok(cost.memoryAllows !== null && cost.memoryAllows !== undefined);
    assert.ok(Math.abs(cost.memoryAllows - (environment.memoryBytes - 80 * MiB) / (8 * KiB)) < 0.05 * cost.memoryAllows);
  });

  test('in words, beside the folklore', () => {
    const [within] = connectionCostSentences([analyseConnectionCost(clusterSweep(8 * KiB), environment)]);
    assert.match(
      within ?? '',
      /^On cluster, an idle keep-alive connection costs 8\.0 KiB of RSS \(r² 1\.00\), within the 4–12 KB usually said; at most 19,980 connections per process on this machine \(its open-files limit\), and memory for [\d,]+ in all\.$/,
    );
    const [above] = connectionCostSentences([analyseConnectionCost(clusterSweep(40 * KiB), environment)]);
    assert.match(above ?? '', /costs 40\.0 KiB of RSS .*above the 4–12 KB usually said/);
    const stopped = analyseConnectionCost({ ...clusterSweep(8 * KiB, [1000, 2000]), stoppedEarly: 'only 900 of 5000 connections could be held' }, environment);
    assert.deepEqual(connectionCostSentences([stopped]), ['On cluster, the connection cost could not be fitted: only 900 of 5000 connections could be held.']);
    const unread = analyseConnectionCost(
      { ...clusterSweep(8 * KiB), plateaus: clusterSweep(8 * KiB).plateaus.map((plateau) => ({ ...plateau, processes: [] })) },
      environment,
    );
    assert.match(connectionCostSentences([unread])[0] ?? '', /none of its processes could be read/);
  });

  test('a line needs three points at two different counts at least', () => {
    assert.equal(
      fitLine([
        [1, 1],
        [2, 2],
      ]),
      null,
    );
    assert.equal(
      fitLine([
        [1, 1],
        [1, 2],
        [1, 3],
      ]),
      null,
    );
    assert.deepEqual(
      fitLine([
        [0, 1],
        [1, 3],
        [2, 5],
      ]),
      { perConnection: 2, base: 1, rSquared: 1, points: 3 },
    );
  });

  test('every report shows it: per process, all together, and the notes', () => {
    const report: RunReport = { ...makeReport(), trials: [], comparisons: [], connectionCost: [analyseConnectionCost(clusterSweep(8 * KiB), environment)] };
    const terminal = renderTerminal(report, { color: false, width: 220 });
    assert.doesNotMatch(terminal, /No trial finished/);
    assert.match(terminal, /^Memory per connection: idle keep-alive connections held at each count \(the folklore: 4–12 KB each\)$/m);
    // 8 KiB over 40 MiB, give or take the noise
    assert.match(
      terminal,
      /│ cluster\s+│ worker 2\s+│\s+500 → 1,000 → 2,500 → 5,000 │\s+8\.\d KiB │ 1\.00 │\s+(39|40)\.\d MiB │\s+1\.00 │\s+20,000 │\s+19,980 │/,
    );
    assert.match(terminal, /│ cluster\s+│ those holding them\s+│ 1,000 → 2,000 → 5,000 → 10,000 │\s+8\.\d KiB │/);
    assert.match(terminal, /^ {2}cluster: primary 1: it held none of the client connections/m);
    const markdown = renderMarkdown(report);
    assert.match(markdown, /^### Memory per connection/m);
    assert.match(markdown, /^\| cluster \| worker 3 \| 500 → 1,000 → 2,500 → 5,000 \| 8\.\d KiB \| 1\.00 \| (39|40)\.\d MiB \| 1\.00 \| — \| — \|$/m);
    assert.match(renderHtml(report), /<h2>Memory per connection: idle keep-alive connections held at each count/);
  });
});

describe('the connectionCost field', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loadlab-cost-'));
  writeFileSync(join(dir, 'app.js'), "require('node:http').createServer((q, s) => s.end('ok')).listen(process.env.PORT);\n");
  const options: ValidateOptions<TopologySpec> = { file: join(dir, 'cost.ts'), cores: 2, topologies };
  after(() => rmSync(dir, { recursive: true, force: true }));
  const scenario = (connectionCost: unknown, workloads?: unknown) => ({
    app: { entry: './app.js' },
    topologies: [{ kind: 'single' }],
    connectionCost,
    ...(workloads === undefined ? {} : { workloads }),
  });

  test('defaults, and no workload needed; once per topology, whatever the repeats', () => {
    const result = validateScenario(scenario({}), options);
    assert.ok('scenario' in result, JSON.stringify(result));
    assert.deepEqual(result.scenario.connectionCost, { counts: [1000, 2000, 5000, 10_000], holdMs: 1000 });
    assert.deepEqual(result.scenario.workloads, []);
    const plan = planRun(result.scenario, { repeat: 2 });
    assert.deepEqual(
      plan.map((step) => [step.repeat, step.connectionCost?.counts.length]),
      [
        [1, 4],
        [2, undefined],
      ],
    );
  });

  test('three different counts at least, whole numbers', () => {
    const result = validateScenario(scenario({ counts: [100, 100, 200], hold: '10ms' }), options);
    assert.ok('issues' in result);
    assert.deepEqual(
      result.issues.map((issue) => issue.path),
      ['connectionCost.counts', 'connectionCost.hold'],
    );
    const bad = validateScenario(scenario({ counts: [100, -1, 'many'] }), options);
    assert.ok('issues' in bad);
    assert.deepEqual(
      bad.issues.map((issue) => issue.path),
      ['connectionCost.counts[1]', 'connectionCost.counts[2]'],
    );
  });

  test('without it, workloads are still required', () => {
    const result = validateScenario({ app: { entry: './app.js' }, topologies: [{ kind: 'single' }] }, options);
    assert.ok('issues' in result);
    assert.equal(result.issues[0]?.path, 'workloads');
  });
});
