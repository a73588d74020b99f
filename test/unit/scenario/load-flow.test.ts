import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFlow } from '../../../src/scenario/flows/load-flow.js';
import type { DataTable } from '../../../src/scenario/flows/flow-types.js';

const dir = mkdtempSync(join(tmpdir(), 'loadlab-load-flow-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const scenarioFile = join(dir, 'flow.mjs');
writeFileSync(scenarioFile, `export default { workloads: { shop: { data: { file: 'users.csv', order: 'unique' }, requests: [{ path: '/u/{{user}}' }] } } };\n`);

test("a generator thread's flow takes the data the main thread posted, and reads no file for it", async () => {
  // users.csv does not exist: a thread that read it would fail
  const posted: DataTable = { file: join(dir, 'users.csv'), columns: ['user'], rows: [['ann'], ['bob']] };
  const { flow } = await loadFlow({ file: scenarioFile, workload: 'shop' }, posted);
  assert.equal(flow.data?.table, posted);
  assert.equal(flow.data?.order, 'unique');
  await assert.rejects(loadFlow({ file: scenarioFile, workload: 'shop' }), /users\.csv/);
});
