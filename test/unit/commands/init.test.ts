import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import ts from 'typescript';
import { initCommand } from '../../../src/commands/init.js';
import { chooseRoutes, inspectProject } from '../../../src/commands/project-facts.js';
import { scriptEntry } from '../../../src/commands/init-start-script.js';
import { findRoutes, routesIn } from '../../../src/commands/init-routes.js';
import { InputError } from '../../../src/contract/errors.js';
import { topologies, type TopologySpec } from '../../../src/deploy/topologies/index.js';
import { loadScenario } from '../../../src/scenario/load.js';
import { validateScenario } from '../../../src/scenario/validate.js';
import { repoRoot, tempDir } from '../../helpers/cli.js';

const server = "require('node:http').createServer((q, s) => s.end('ok')).listen(process.env.PORT);\n";

/** A project folder with these files (path → content). */
function project(files: Record<string, string>): string {
  const folder = tempDir('loadlab-init-');
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(folder, path, '..'), { recursive: true });
    writeFileSync(join(folder, path), content);
  }
  return folder;
}

/**
 * `import { defineScenario } from 'loadlab'` resolves in the folder to this repository's
 * source, as it resolves to the installed package in a user's project.
 */
function linkLoadlab(folder: string): void {
  mkdirSync(join(folder, 'node_modules/loadlab'), { recursive: true });
  writeFileSync(join(folder, 'node_modules/loadlab/package.json'), JSON.stringify({ name: 'loadlab', type: 'module', exports: './index.ts' }));
  writeFileSync(join(folder, 'node_modules/loadlab/index.ts'), `export * from ${JSON.stringify(join(repoRoot, 'src/index.ts'))};\n`);
}

async function init(folder: string, file?: string): Promise<{ text: string; stdout: string }> {
  let stdout = '';
  const code = await initCommand(file, { cwd: folder, stdout: { write: (text: string) => (stdout += text) } });
  assert.equal(code, 0);
  const written = /^wrote (\S+):/.exec(stdout)?.[1] ?? '';
  return { text: readFileSync(join(folder, written), 'utf8'), stdout };
}

describe('the file a start or dev script runs, and its runtime', () => {
  const cases: Array<[script: string, entry: { file: string; runtime: string } | undefined]> = [
    ['node server.js', { file: 'server.js', runtime: 'node' }],
    ['node ./src/index.js --port 3000', { file: './src/index.js', runtime: 'node' }],
    ['NODE_ENV=production node dist/main.js', { file: 'dist/main.js', runtime: 'node' }],
    ['tsc && node dist/main.js', { file: 'dist/main.js', runtime: 'node' }],
    ['node -r dotenv/config app.js', { file: 'app.js', runtime: 'node' }],
    ['node --import ./tracing.mjs --max-old-space-size=4096 server.mjs', { file: 'server.mjs', runtime: 'node' }],
    ['node --env-file=.env server.js', { file: 'server.js', runtime: 'node' }],
    ['cross-env PORT=8080 /usr/bin/node server', { file: 'server', runtime: 'node' }],
    ['tsx server.ts', { file: 'server.ts', runtime: 'tsx' }],
    ['tsx watch --env-file=.env src/index.ts', { file: 'src/index.ts', runtime: 'tsx' }],
    ['npx tsx src/server.ts', { file: 'src/server.ts', runtime: 'tsx' }],
    ['ts-node -P tsconfig.json src/app.ts', { file: 'src/app.ts', runtime: 'tsx' }],
    ['ts-node-dev --respawn src/app.ts', { file: 'src/app.ts', runtime: 'tsx' }],
    ['node --import tsx src/server.ts', { file: 'src/server.ts', runtime: 'tsx' }],
    ['node --import=tsx ./main.mts', { file: './main.mts', runtime: 'tsx' }],
    ['node -r ts-node/register src/app.ts', { file: 'src/app.ts', runtime: 'tsx' }],
    ['node --loader ts-node/esm server.js', { file: 'server.js', runtime: 'tsx' }],
    ['bun run src/index.ts', { file: 'src/index.ts', runtime: 'bun' }],
    ['bun --hot index.ts', { file: 'index.ts', runtime: 'bun' }],
    ['bun run build && bun dist/server.js', { file: 'dist/server.js', runtime: 'bun' }],
    ['next start', undefined],
    ['nodemon server.js', undefined],
    ['bun run dev', undefined],
  ];
  for (const [script, entry] of cases) test(`${script} → ${JSON.stringify(entry)}`, () => assert.deepEqual(scriptEntry(script), entry));
});

describe('the GET routes an app declares, without path parameters', () => {
  const cases: Array<[framework: string, source: string, routes: string[]]> = [
    [
      'express',
      "const app = express();\napp.use(express.static('public'));\napp.get('/health', (req, res) => res.send('ok'));\napp.get('/users/:id', show);\napp.post('/users', create);\napp.get(\"/api/users\", list);",
      ['/health', '/api/users'],
    ],
    ['express router', "const router = Router();\nrouter.get('/', home);\nrouter.get('/files/*', files);", ['/']],
    [
      'fastify',
      "fastify.get('/ping', async () => 'pong');\nfastify.route({ method: 'GET', url: '/items', handler });\nfastify.route({ url: '/stock', method: 'GET', handler });\nfastify.get('/items/:id', one);",
      ['/ping', '/items', '/stock'],
    ],
    ['koa with @koa/router', "const router = new Router();\nrouter.get('/status', (ctx) => { ctx.body = 'up'; });\napp.use(router.routes());", ['/status']],
    ['koa without a router', "app.use(async (ctx) => { if (ctx.path === '/healthz') ctx.body = 'ok'; });", ['/healthz']],
    [
      'hono',
      "const app = new Hono();\napp.get('/', (c) => c.text('Hello'));\napp.get('/api/:name', (c) => c.json({}));\nserve({ fetch: app.fetch, port: Number(process.env.PORT) });",
      ['/'],
    ],
    ['node:http', 'createServer((req, res) => { if (req.url === `/ready`) return res.end(); if (pathname == "/data") send(res); })', ['/ready', '/data']],
  ];
  for (const [framework, source, routes] of cases) test(framework, () => assert.deepEqual(routesIn(source), routes));

  test("followed through the entry's relative imports, a TypeScript source behind a '.js' name included", () => {
    const folder = project({
      'src/server.ts': "import { routes } from './routes/index.js';\nimport express from 'express';\nconst app = express();\napp.get('/', home);",
      'src/routes/index.ts': "export * from './items.js';\nrouter.get('/health', ok);",
      'src/routes/items.ts': "router.get('/items', list);",
      'node_modules/x/index.js': "app.get('/never', x);",
    });
    const found = findRoutes(join(folder, 'src/server.ts'));
    assert.deepEqual(found.paths, ['/', '/health', '/items']);
    assert.equal(found.files.length, 3);
  });
});

describe('the readiness path and the workload init chooses', () => {
  test('from the source: a health route for readiness, a page for the workload, "/" first', () => {
    const { readiness, workload } = chooseRoutes(['/health', '/api/items', '/']);
    assert.deepEqual([readiness.path, workload.path], ['/health', '/']);
    assert.equal(readiness.from, 'declared in the source');
  });

  test("from the source: only a health route, the workload stays '/'; nothing, both '/'", () => {
    assert.deepEqual(
      Object.values(chooseRoutes(['/healthz'])).map((route) => route.path),
      ['/healthz', '/'],
    );
    assert.deepEqual(
      Object.values(chooseRoutes([])).map((route) => route.path),
      ['/', '/'],
    );
  });

  test('with the statuses the app answered: a route that did not answer 2xx is never chosen', () => {
    const { readiness, workload } = chooseRoutes(['/health', '/api/items', '/'], { '/health': 200, '/api/items': 200, '/': 404 });
    assert.deepEqual([readiness.path, workload.path], ['/health', '/api/items']);
    assert.equal(workload.from, 'answered 200 when init started the app');
    const onlyHealth = chooseRoutes(['/ping', '/'], { '/ping': 204, '/': 404 });
    assert.deepEqual([onlyHealth.readiness.path, onlyHealth.workload.path], ['/ping', '/ping']);
    const noHealth = chooseRoutes(['/items', '/'], { '/items': 500, '/': 200 });
    assert.deepEqual([noHealth.readiness.path, noHealth.workload.path], ['/', '/']);
  });
});

describe('the entry of a project', () => {
  test('package.json "main" when that file exists', () => {
    const folder = project({
      'package.json': JSON.stringify({ name: 'shop', main: 'lib/app.js', scripts: { start: 'node server.js' } }),
      'lib/app.js': server,
      'server.js': server,
    });
    assert.deepEqual(inspectProject(folder).entry, { path: join(folder, 'lib/app.js'), from: 'package.json "main"', runtime: 'node' });
  });

  test('else the file the start script runs, resolved as node does (no extension: .js)', () => {
    const folder = project({
      'package.json': JSON.stringify({ name: 'shop', main: 'index.js', scripts: { start: 'node src/server' } }),
      'src/server.js': server,
    });
    assert.deepEqual(inspectProject(folder).entry, {
      path: join(folder, 'src/server.js'),
      from: 'the "start" script of package.json: node src/server',
      runtime: 'node',
    });
  });

  test('else a file with a conventional name; the name from the folder without package.json', () => {
    const folder = project({ 'app.js': server });
    const facts = inspectProject(folder);
    assert.deepEqual(facts.entry, { path: join(folder, 'app.js'), from: 'the file app.js', runtime: 'node' });
    assert.equal(facts.name, folder.split('/').at(-1));
  });

  test('a TypeScript entry: the dev script run by tsx when the compiled main is not built, runtime tsx', () => {
    const folder = project({
      'package.json': JSON.stringify({ name: 'ts', main: 'dist/server.js', scripts: { start: 'node dist/server.js', dev: 'tsx watch src/server.ts' } }),
      'src/server.ts': server,
    });
    assert.deepEqual(inspectProject(folder).entry, {
      path: join(folder, 'src/server.ts'),
      from: 'the "dev" script of package.json: tsx watch src/server.ts',
      runtime: 'tsx',
    });
  });

  test('a compiled entry: dist/server.js once built, run by node', () => {
    const folder = project({
      'package.json': JSON.stringify({ name: 'built', scripts: { start: 'node dist/server.js', dev: 'ts-node src/server.ts' } }),
      'src/server.ts': server,
      'dist/server.js': server,
    });
    assert.deepEqual(inspectProject(folder).entry, {
      path: join(folder, 'dist/server.js'),
      from: 'the "start" script of package.json: node dist/server.js',
      runtime: 'node',
    });
  });

  test('bun: the file bun runs, runtime bun; a conventional TypeScript file under src/, runtime tsx', () => {
    const bun = project({ 'package.json': JSON.stringify({ name: 'b', scripts: { start: 'bun run src/index.ts' } }), 'src/index.ts': server });
    assert.equal(inspectProject(bun).entry?.runtime, 'bun');
    const plain = project({ 'package.json': JSON.stringify({ name: 'c' }), 'src/index.ts': server });
    assert.deepEqual(inspectProject(plain).entry, { path: join(plain, 'src/index.ts'), from: 'the file src/index.ts', runtime: 'tsx' });
  });

  test('none found: a usage error naming package.json, and nothing written', async () => {
    const folder = project({ 'package.json': JSON.stringify({ name: 'empty', scripts: { start: 'next start' } }), 'server.ts.bak': server });
    assert.equal(inspectProject(folder).entry, null);
    await assert.rejects(
      initCommand(undefined, { cwd: folder, stdout: process.stdout }),
      (error: unknown) =>
        error instanceof InputError &&
        error.exitCode === 2 &&
        error.lines.length === 1 &&
        error.message.startsWith(`${join(folder, 'package.json')}: no app entry found`),
    );
    assert.equal(existsSync(join(folder, 'loadlab.scenario.ts')), false);
    assert.equal(existsSync(join(folder, 'server.js')), false);
  });

  test('a package.json that is not JSON is a usage error naming it', () => {
    const folder = project({ 'package.json': '{ "name": ' });
    assert.throws(
      () => inspectProject(folder),
      (error: unknown) => error instanceof InputError && /^package\.json: cannot read it: /.test(error.message),
    );
  });
});

describe('the scenario loadlab init writes', () => {
  test("loads and validates with loadlab's own loader, and its written-out values are exactly the defaults", async () => {
    const folder = project({
      'package.json': JSON.stringify({ name: 'first-five', scripts: { start: 'node server.js' } }),
      'server.js': server.replace("s.end('ok')", "s.end(q.url === '/health' ? 'up' : 'ok')"),
    });
    linkLoadlab(folder);
    const { text, stdout } = await init(folder);
    assert.match(text, /^import \{ defineScenario \} from 'loadlab';$/m);
    assert.equal(
      stdout,
      'wrote loadlab.scenario.ts: app.entry ./server.js (from the "start" script of package.json: node server.js), readiness /health, workload GET / (the default: the source declares no other GET route)\nrun it: npx loadlab run loadlab.scenario.ts\n',
    );

    const file = join(folder, 'loadlab.scenario.ts');
    const scenario = await loadScenario<TopologySpec>('loadlab.scenario.ts', { cwd: folder, cores: 2, topologies });
    assert.equal(scenario.name, 'first-five');
    assert.equal(scenario.app.entry, join(folder, 'server.js'));
    assert.equal(scenario.app.readiness, '/health');
    assert.deepEqual(
      scenario.topologies.map((topology) => topology.kind),
      ['single', 'cluster', 'pm2', 'proxy'],
    );
    assert.deepEqual(
      scenario.workloads.map((workload) => [workload.name, workload.requests]),
      [['home', [{ name: 'GET /', method: 'GET', path: '/', headers: {} }]]],
    );
    // the same scenario with nothing written out: the values init wrote are the ones loadlab uses anyway
    const bare = validateScenario<TopologySpec>(
      {
        name: 'first-five',
        app: { entry: './server.js', readiness: '/health' },
        topologies: [{ kind: 'single' }, { kind: 'cluster' }, { kind: 'pm2' }, { kind: 'proxy' }],
        workloads: { home: { requests: [{ path: '/' }] } },
      },
      { file, cores: 2, topologies },
    );
    assert.ok('scenario' in bare, JSON.stringify(bare));
    assert.deepEqual(scenario, bare.scenario);
  });

  test('type-checks against the package types (what an editor would show)', async () => {
    const folder = project({ 'package.json': JSON.stringify({ name: 'typed', main: 'server.js' }), 'server.js': server });
    await init(folder, 'typed.scenario.ts');
    const program = ts.createProgram([join(folder, 'typed.scenario.ts')], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      types: ['node'],
      typeRoots: [join(repoRoot, 'node_modules/@types')],
      baseUrl: folder,
      paths: { loadlab: [join(repoRoot, 'src/index.ts')] },
      allowImportingTsExtensions: true,
      skipLibCheck: true,
    });
    const problems = ts.getPreEmitDiagnostics(program).map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    assert.deepEqual(problems, []);
  });

  test('an entry in another folder than the scenario is written relative to the scenario', async () => {
    const folder = project({ 'package.json': JSON.stringify({ name: 'nested', main: 'src/server.js' }), 'src/server.js': server, 'bench/.keep': '' });
    const { text } = await init(folder, 'bench/load.ts');
    assert.match(text, /entry: '\.\.\/src\/server\.js',/);
  });

  test("a TypeScript project: a .mjs scenario with runtime tsx, and the project's own tsc (rootDir: src) still passes", async () => {
    const folder = project({
      'package.json': JSON.stringify({ name: 'ts-project', type: 'module', scripts: { dev: 'tsx src/server.ts' } }),
      'tsconfig.json': JSON.stringify({ compilerOptions: { rootDir: 'src', outDir: 'dist', module: 'nodenext', strict: true, types: [] } }),
      'src/server.ts': "export const port: number = Number('3000');\n// app.get('/health', ok); app.get('/items', list)\n",
    });
    const { text, stdout } = await init(folder);
    assert.match(
      stdout,
      /^wrote loadlab\.scenario\.mjs: app\.entry \.\/src\/server\.ts \(from the "dev" script of package\.json: tsx src\/server\.ts\), runtime tsx, readiness \/health, workload GET \/items/,
    );
    assert.match(text, /^ {4}runtime: 'tsx', \/\/ /m);
    assert.match(text, /^ {4}items: \{ requests: \[\{ method: 'GET', path: '\/items' \}\] \},$/m);
    const tsc = spawnSync(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', folder], { encoding: 'utf8' });
    assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
    // the check fails as it would with a .ts scenario in the project root: TS6059
    writeFileSync(join(folder, 'loadlab.scenario.ts'), text);
    const broken = spawnSync(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', folder], { encoding: 'utf8' });
    assert.match(broken.stdout, /TS6059/);
  });

  test('an existing file is never overwritten: a usage error, and the file stays byte for byte', async () => {
    const folder = project({ 'package.json': JSON.stringify({ name: 'kept' }), 'server.js': server, 'loadlab.scenario.ts': '// mine\r\n\u00e9' });
    const before = readFileSync(join(folder, 'loadlab.scenario.ts'));
    await assert.rejects(
      initCommand('loadlab.scenario.ts', { cwd: folder, stdout: process.stdout }),
      (error: unknown) => error instanceof InputError && error.lines.length === 1 && /^loadlab\.scenario\.ts: already exists; /.test(error.message),
    );
    assert.deepEqual(readFileSync(join(folder, 'loadlab.scenario.ts')), before);
  });
});
