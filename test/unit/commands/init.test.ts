import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import ts from 'typescript';
import { initCommand } from '../../../src/commands/init.js';
import { inspectProject, readinessGuess, startScriptFile } from '../../../src/commands/project-facts.js';
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

async function init(folder: string, file = 'loadlab.scenario.ts'): Promise<{ text: string; stdout: string }> {
  let stdout = '';
  const code = await initCommand(file, { cwd: folder, stdout: { write: (text: string) => (stdout += text) } });
  assert.equal(code, 0);
  return { text: readFileSync(join(folder, file), 'utf8'), stdout };
}

describe('the file a start script runs with node', () => {
  const cases: Array<[script: string, file: string | undefined]> = [
    ['node server.js', 'server.js'],
    ['node ./src/index.js --port 3000', './src/index.js'],
    ['NODE_ENV=production node dist/main.js', 'dist/main.js'],
    ['tsc && node dist/main.js', 'dist/main.js'],
    ['node -r dotenv/config app.js', 'app.js'],
    ['node --import ./tracing.mjs --max-old-space-size=4096 server.mjs', 'server.mjs'],
    ['cross-env PORT=8080 /usr/bin/node server', 'server'],
    ['next start', undefined],
    ['nodemon server.js', undefined],
  ];
  for (const [script, file] of cases) test(`${script} → ${String(file)}`, () => assert.equal(startScriptFile(script), file));
});

test('the readiness guess: the first health route the entry names in quotes, else none', () => {
  assert.equal(readinessGuess("app.get('/healthz', ok); app.get('/health', ok)"), '/healthz');
  assert.equal(readinessGuess('router.get("/health", ok)'), '/health');
  assert.equal(readinessGuess('if (req.url === `/ping`) return pong()'), '/ping');
  assert.equal(readinessGuess("app.get('/healthcheck', ok); app.get('/', home)"), undefined);
});

describe('the entry of a project', () => {
  test('package.json "main" when that file exists', () => {
    const folder = project({
      'package.json': JSON.stringify({ name: 'shop', main: 'lib/app.js', scripts: { start: 'node server.js' } }),
      'lib/app.js': server,
      'server.js': server,
    });
    assert.deepEqual(inspectProject(folder).entry, { path: join(folder, 'lib/app.js'), from: 'package.json "main"' });
  });

  test('else the file the start script runs, resolved as node does (no extension: .js)', () => {
    const folder = project({
      'package.json': JSON.stringify({ name: 'shop', main: 'index.js', scripts: { start: 'node src/server' } }),
      'src/server.js': server,
    });
    assert.deepEqual(inspectProject(folder).entry, { path: join(folder, 'src/server.js'), from: 'the "start" script of package.json: node src/server' });
  });

  test('else a file with a conventional name; the name from the folder without package.json', () => {
    const folder = project({ 'app.js': server });
    const facts = inspectProject(folder);
    assert.deepEqual(facts.entry, { path: join(folder, 'app.js'), from: 'the file app.js' });
    assert.equal(facts.name, folder.split('/').at(-1));
  });

  test('none found: null, and the scenario gets a placeholder and says so', async () => {
    const folder = project({ 'package.json': JSON.stringify({ name: 'empty' }) });
    assert.equal(inspectProject(folder).entry, null);
    const { text, stdout } = await init(folder);
    assert.match(text, /entry: '\.\/server\.js', \/\/ no entry found: set this to the file that starts your app/);
    assert.match(stdout, /no app entry found: set app\.entry in loadlab\.scenario\.ts first/);
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
      'wrote loadlab.scenario.ts: app.entry ./server.js (from the "start" script of package.json: node server.js), readiness /health\nrun it: npx loadlab run loadlab.scenario.ts\n',
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
      [['home', [{ method: 'GET', path: '/', headers: {} }]]],
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
