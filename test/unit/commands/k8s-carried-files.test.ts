import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { carriedFiles } from '../../../src/commands/k8s-carried-files.js';

const projects: string[] = [];
after(() => {
  for (const root of projects) rmSync(root, { recursive: true, force: true });
});

function project(scenarioText: string): string {
  const root = mkdtempSync(join(tmpdir(), 'loadlab-carried-'));
  projects.push(root);
  mkdirSync(join(root, 'scenarios'));
  mkdirSync(join(root, 'data'));
  writeFileSync(join(root, 'scenarios/api.ts'), scenarioText);
  writeFileSync(join(root, 'data/users.csv'), 'name\n');
  return root;
}

test('the scenario and the files it names, laid out as they lie beside each other', async () => {
  const root = project("import { defineScenario } from 'loadlab';\nimport type { Scenario } from './types.js';\nexport default defineScenario({});\n");
  assert.deepEqual(await carriedFiles(join(root, 'scenarios/api.ts'), []), {
    scenarioPath: 'api.ts',
    files: [{ source: join(root, 'scenarios/api.ts'), path: 'api.ts' }],
  });
  const withData = await carriedFiles(join(root, 'scenarios/api.ts'), [join(root, 'data/users.csv')]);
  assert.equal(withData.scenarioPath, 'scenarios/api.ts');
  assert.deepEqual(
    withData.files.map((file) => file.path),
    ['scenarios/api.ts', 'data/users.csv'],
  );
});

test('a scenario importing a module beside it is refused, naming the import', async () => {
  for (const line of [
    "import { users } from './users.js';",
    "export { helper } from '../lib/helper.ts';",
    "import './setup.js';",
    "const x = await import('./x.js');",
  ]) {
    const root = project(`${line}\nexport default {};\n`);
    await assert.rejects(
      carriedFiles(join(root, 'scenarios/api.ts'), []),
      /api\.ts: imports \.\.?\/[\w/]+\.(js|ts), which the Job's ConfigMap does not carry/,
      line,
    );
  }
});
