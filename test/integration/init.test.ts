import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { processesMentioning, runCli, tempDir } from '../helpers/cli.js';

test('init on a TypeScript app started by tsx: the app started once picks the route that answers 2xx, nothing left running', async () => {
  const project = tempDir('loadlab-init-ts-');
  mkdirSync(join(project, 'src'));
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'ts-shop', type: 'module', main: 'dist/server.js', scripts: { start: 'node dist/server.js', dev: 'tsx watch src/server.ts' } }),
  );
  // a TypeScript project, whose tsc a .ts scenario in its root would break (TS6059; the unit tests run tsc on one)
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions: { rootDir: 'src', outDir: 'dist' } }));
  // '/' answers 404 and '/stock' 500: the route init chooses must be '/api/items', which answers 200
  writeFileSync(
    join(project, 'src/routes.ts'),
    `export function status(url: string | undefined): number {
  if (url === '/health') return 200;
  if (url === '/stock') return 500;
  if (url === '/api/items') return 200;
  if (url === '/api/items/:id') return 200;
  return 404;
}
`,
  );
  writeFileSync(
    join(project, 'src/server.ts'),
    `import { createServer } from 'node:http';
import { status } from './routes.js';
const port: number = Number(process.env.PORT);
createServer((request, response) => {
  response.statusCode = status(request.url);
  response.end();
}).listen(port, '127.0.0.1');
`,
  );
  const result = await runCli(['init'], { cwd: project });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(
    result.stdout,
    'wrote loadlab.scenario.mjs: app.entry ./src/server.ts (from the "dev" script of package.json: tsx watch src/server.ts), runtime tsx, readiness /health, workload GET /api/items (answered 200 when init started the app)\nrun it: npx loadlab run loadlab.scenario.mjs\n',
  );
  const text = readFileSync(join(project, 'loadlab.scenario.mjs'), 'utf8');
  assert.match(text, /^ {4}readiness: '\/health', \/\/ polled until it answers 2xx before any load is sent \(answered 200 when init started the app\)$/m);
  assert.match(text, /^ {4}api_items: \{ requests: \[\{ method: 'GET', path: '\/api\/items' \}\] \},$/m);
  assert.deepEqual(processesMentioning(project), [], 'the app init started is gone');
});

test('init on an app that does not start: the routes the source declares, and why they were not checked', async () => {
  const project = tempDir('loadlab-init-exits-');
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'exits', scripts: { start: 'node server.js' } }));
  writeFileSync(join(project, 'server.js'), "// app.get('/ping', pong)\nconsole.error('DATABASE_URL is not set');\nprocess.exit(1);\n");
  const result = await runCli(['init'], { cwd: project });
  assert.equal(result.code, 0, result.stderr);
  assert.match(
    result.stdout,
    /readiness \/ping, workload GET \/ \(the default: the source declares no other GET route\)\nthe routes are guessed from the source: init started the app to check them, but it exited before it answered \(it said: DATABASE_URL is not set\)\n/,
  );
  assert.deepEqual(processesMentioning(project), []);
});
