import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ConnectionCost } from '../../src/contract/connection-cost.js';
import type { RunReport } from '../../src/contract/run-report.js';
import { fixtureScenario, processesMentioning, runCli, tempDir } from '../helpers/cli.js';

const KiB = 1024;

/** The connection-cost fixture scenario (250 to 2,000 idle connections) on a server that keeps `keepBytes` per connection. */
async function measure(keepBytes: number): Promise<ConnectionCost> {
  const result = await runCli(['run', fixtureScenario('connection-cost.ts'), '--json', '--quiet', '--out', tempDir()], {
    env: { FIXTURE_KEEP_BYTES: String(keepBytes) },
  });
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout) as RunReport;
  assert.deepEqual(report.trials, [], 'no workload: the scenario only measures what a connection costs');
  const [cost] = report.connectionCost ?? [];
  assert.ok(cost, 'one topology measured');
  assert.deepEqual(processesMentioning('per-connection.js'), [], 'no fixture server left');
  return cost;
}

test('a server that keeps a known 32 KiB per connection: measured at 32 KiB ± 25% beside the same server without it, r² ≥ 0.95', async () => {
  // side by side: Node itself keeps some KiB per idle keep-alive connection, which the 32 KiB come on top of
  const [kept, bare] = [await measure(32 * KiB), await measure(0)];
  for (const cost of [kept, bare]) {
    assert.deepEqual(
      cost.plateaus.map((plateau) => [plateau.target, plateau.held, plateau.failed]),
      [250, 500, 1000, 2000].map((count) => [count, count, 0]),
    );
  }
  const [instance] = kept.processes ?? [];
  assert.ok(instance?.rss && kept.total, JSON.stringify(kept.processes));
  assert.ok(instance.rss.rSquared >= 0.95, `r² ${instance.rss.rSquared}`);
  const bareCost = bare.processes?.[0]?.rss?.perConnection ?? Number.NaN;
  const known = instance.rss.perConnection - bareCost;
  assert.ok(
    Math.abs(known - 32 * KiB) <= 0.25 * 32 * KiB,
    `${(instance.rss.perConnection / KiB).toFixed(1)} KiB against ${(bareCost / KiB).toFixed(1)} KiB bare: ${(known / KiB).toFixed(1)} KiB kept`,
  );
  // one descriptor per connection, and the open-files limit turned into connections
  assert.ok(instance.fds && Math.abs(instance.fds.perConnection - 1) < 0.02, JSON.stringify(instance.fds));
  assert.ok(instance.openFilesLimit !== null && instance.maxConnections !== null);
  assert.ok(instance.maxConnections > instance.openFilesLimit - 100 && instance.maxConnections < instance.openFilesLimit, String(instance.maxConnections));
});
