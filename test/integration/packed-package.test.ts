import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { RunReport } from '../../src/contract/run-report.js';
import { assertBuilt, assertJudged, processesMentioning, repoRoot, tempDir, writtenReport, type CliResult } from '../helpers/cli.js';

/** What a network failure of npm says: the registry cannot be reached from here. */
const unreachable = /E(NOTFOUND|AI_AGAIN|CONNREFUSED|CONNRESET|TIMEDOUT|NETUNREACH|HOSTUNREACH)|network request to .* failed/;

/**
 * An npm that may be running this test (npm test) tells its scripts about this package and its
 * own command; a user's shell in the new project has none of that, only npm's settings
 * (registry, cache, proxy), which the test keeps so that it installs as npm does here.
 */
const scriptOnly = /^npm_(lifecycle_|package_|command$|execpath$|node_execpath$|config_call$|config_local_prefix$)/i;

/** npm, npx or loadlab as a user runs them in a shell, ended (with its process group) after timeoutMs. */
function sh(command: string, args: readonly string[], cwd: string, timeoutMs: number): Promise<CliResult> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !scriptOnly.test(name)));
  const child = spawn(command, args, { cwd, env: { ...env, GITHUB_STEP_SUMMARY: '' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => {
    stderr += `\n(timed out after ${timeoutMs} ms)`;
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  }, timeoutMs);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

test(
  "the README's install: npm pack, npm install --save-dev the tarball in a new project, npx loadlab init, then npx loadlab run of what it wrote",
  { timeout: 600_000 },
  async (t) => {
    // npm retries an unreachable registry for minutes: ask it once, briefly, first
    const ping = await sh('npm', ['ping', '--fetch-retries=0', '--fetch-timeout=15000'], tempDir(), 30_000);
    if (ping.code !== 0 && (ping.signal !== null || unreachable.test(ping.stderr))) {
      t.skip(`the npm registry is unreachable: ${unreachable.exec(ping.stderr)?.[0] ?? 'npm ping timed out'}`);
      return;
    }
    const packs = tempDir('loadlab-pack-');
    // the package as published: dist/ built from this source (npm test builds it first). Not built
    // again here: other test files run the CLI from dist/ at the same time.
    assertBuilt();
    const packed = await sh('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', packs], repoRoot, 240_000);
    assert.equal(packed.code, 0, packed.stderr);
    const [{ filename }] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as [{ filename: string }];
    const tarball = join(packs, filename);

    const project = tempDir('loadlab-first-five-');
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'first-five', version: '1.0.0', private: true, scripts: { start: 'node server.js' } }, null, 2),
    );
    // '/' answers 404, as many apps' do: init must find the route that answers (it starts the app once to see)
    writeFileSync(
      join(project, 'server.js'),
      `require('node:http')
  .createServer((request, response) => {
    if (request.url !== '/api/hello') response.statusCode = 404;
    response.end('hello');
  })
  .listen(Number(process.env.PORT));
// app.get('/api/hello', hello)
`,
    );
    const installed = await sh('npm', ['install', '--save-dev', tarball, '--no-audit', '--no-fund', '--prefer-offline'], project, 240_000);
    assert.equal(installed.code, 0, installed.stderr);
    const manifest = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as { devDependencies?: Record<string, string> };
    assert.match(manifest.devDependencies?.loadlab ?? '', /^file:.*\.tgz$/, 'recorded as a dev dependency on the tarball');
    // `--`: what follows is loadlab's, not npx's own --version
    const version = await sh('npx', ['--no', '--', 'loadlab', '--version'], project, 60_000);
    assert.equal(version.stdout.trim(), (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version, version.stderr);

    // --no: never fetch a package of that name from the registry; the one installed here or nothing
    const init = await sh('npx', ['--no', 'loadlab', 'init'], project, 60_000);
    assert.equal(init.code, 0, init.stderr);
    assert.match(
      init.stdout,
      /^wrote loadlab\.scenario\.ts: app\.entry \.\/server\.js \(from the "start" script of package\.json: node server\.js\), readiness \/api\/hello, workload GET \/api\/hello \(answered 200 when init started the app\)\n/,
    );
    assert.ok(existsSync(join(project, 'loadlab.scenario.ts')));
    assert.match(readFileSync(join(project, 'loadlab.scenario.ts'), 'utf8'), /^import \{ defineScenario \} from 'loadlab';$/m);

    const run = await sh(
      'npx',
      ['--no', 'loadlab', 'run', 'loadlab.scenario.ts', '--topology', 'single', '--duration', '1s', '--warmup', '0', '--format', 'json'],
      project,
      120_000,
    );
    const report: RunReport = writtenReport(run.stderr.replace(/report written to (reports\/)/, `report written to ${project}/$1`));
    assertJudged(run, report);
    const [trial] = report.trials;
    assert.ok(trial && trial.requests.total > 0, 'requests were answered');
    assert.equal(trial.topology, 'single');
    assert.equal(trial.requests.statusCodes['200'], trial.requests.total);
    assert.equal(report.scenario.app?.entry, join(project, 'server.js'));
    assert.deepEqual(processesMentioning(project), [], 'nothing of the project is left running');
  },
);
