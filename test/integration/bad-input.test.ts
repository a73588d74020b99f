import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findFreePort } from '../../src/deploy/free-port.js';
import { findOnPath } from '../../src/deploy/find-executable.js';
import { fixtureScenario, processesMentioning, repoRoot, runCli, tempDir } from '../helpers/cli.js';

const nginxSkip = findOnPath('nginx') ? false : 'nginx is not installed (apt-get install nginx): the proxy topology tests cannot run';

/** Exit 2 with exactly one line on stderr that names the file (and the field), and no stack trace. */
async function expectOneLineError(args: string[], expected: RegExp, cwd?: string): Promise<void> {
  const result = await runCli(args, { cwd });
  const lines = result.stderr.trim().split('\n');
  assert.equal(result.code, 2, `exit code; stderr:\n${result.stderr}`);
  assert.equal(lines.length, 1, `one line on stderr, got:\n${result.stderr}`);
  assert.match(lines[0] ?? '', expected);
  assert.doesNotMatch(result.stderr, /^\s+at /m, 'no stack trace');
  assert.equal(result.stdout, '', 'nothing on stdout');
}

describe('bad input: one line, exit 2', () => {
  test('scenario file missing', () => expectOneLineError(['run', 'scenarios/nope.ts'], /^scenarios\/nope\.ts: scenario file not found$/));

  test('syntax error in the scenario', () =>
    expectOneLineError(
      ['run', 'test/fixtures/scenarios/syntax-error.ts'],
      /^test\/fixtures\/scenarios\/syntax-error\.ts: cannot load it: .*syntax-error\.ts:\d+:\d+: ERROR: /,
    ));

  test('no default export', () =>
    expectOneLineError(['run', 'test/fixtures/scenarios/no-default-export.ts'], /^test\/fixtures\/scenarios\/no-default-export\.ts: no default export/));

  test('unknown topology kind', () =>
    expectOneLineError(
      ['run', 'test/fixtures/scenarios/unknown-kind.ts'],
      /^test\/fixtures\/scenarios\/unknown-kind\.ts: topologies\[1\]\.kind: unknown kind 'kubernetes' \(single, cluster, pm2, proxy, external\)$/,
    ));

  test('negative connections', () =>
    expectOneLineError(
      ['run', 'test/fixtures/scenarios/negative-connections.mjs'],
      /negative-connections\.mjs: load\.connections: expected a whole number of at least 1, found -5$/,
    ));

  test('unparseable duration', () =>
    expectOneLineError(['run', 'test/fixtures/scenarios/bad-duration.ts'], /bad-duration\.ts: load\.duration: cannot read 'ten seconds' as a duration/));

  test('app.entry that does not exist', () =>
    expectOneLineError(['run', 'test/fixtures/scenarios/missing-entry.ts'], /missing-entry\.ts: app\.entry: file not found: .*does-not-exist\.js$/));

  test('doctor with a scenario whose app entry is missing: the same line, exit 2', () =>
    expectOneLineError(['doctor', 'test/fixtures/scenarios/missing-entry.ts'], /missing-entry\.ts: app\.entry: file not found: .*does-not-exist\.js$/));

  test('unknown CLI option', () => expectOneLineError(['run', 'scenarios/cluster-vs-single.ts', '--bogus'], /unknown option '--bogus'/));

  test('bad --duration value', () =>
    expectOneLineError(['run', 'scenarios/cluster-vs-single.ts', '--duration', 'soon'], /--duration.*cannot read 'soon' as a duration/));

  test('unknown --topology name', () =>
    expectOneLineError(
      ['run', 'scenarios/cluster-vs-single.ts', '--topology', 'pm2'],
      /^--topology pm2: the scenario has no such entry in topologies \(single, cluster\)$/,
    ));

  test('a scenario file and --url with a path: the URL must be an origin, the paths are the workloads’', () =>
    expectOneLineError(
      ['run', 'scenarios/cluster-vs-single.ts', '--url', 'http://127.0.0.1:3000/api'],
      /^--url http:\/\/127\.0\.0\.1:3000\/api: with a scenario file, give the server's origin \(http:\/\/127\.0\.0\.1:3000\): the paths are the workloads'$/,
    ));

  test('neither a scenario file nor --url', () => expectOneLineError(['run'], /^loadlab run: give a scenario file, or --url of a server that is running/));

  test('--pids with a scenario file', () => expectOneLineError(['run', 'scenarios/cluster-vs-single.ts', '--pids', '42'], /^--pids: only with --url/));

  test('--url that is not http', () => expectOneLineError(['run', '--url', 'localhost:3000'], /^--url localhost:3000: must be an http:\/\/ or https:\/\/ URL/));

  test('init over an existing file: the file stays byte for byte', async () => {
    const folder = tempDir();
    const { readFileSync, writeFileSync } = await import('node:fs');
    writeFileSync(`${folder}/package.json`, JSON.stringify({ name: 'kept', main: 'server.js' }));
    writeFileSync(`${folder}/server.js`, '');
    const mine = Buffer.from('// my own scenario\r\nexport default {};\n\u00e9\u0000', 'utf8');
    writeFileSync(`${folder}/loadlab.scenario.ts`, mine);
    await expectOneLineError(['init'], /^loadlab\.scenario\.ts: already exists; loadlab init never overwrites a file/, folder);
    assert.deepEqual(readFileSync(`${folder}/loadlab.scenario.ts`), mine);
  });

  test('init where no app entry can be found: one line naming package.json, and no placeholder written', async () => {
    const folder = tempDir();
    const { existsSync, readdirSync, writeFileSync } = await import('node:fs');
    writeFileSync(`${folder}/package.json`, JSON.stringify({ name: 'no-entry', scripts: { start: 'next start' } }));
    await expectOneLineError(['init'], /\/package\.json: no app entry found: no "main" file, no "start" or "dev" script that runs a file/, folder);
    assert.deepEqual(readdirSync(folder), ['package.json']);
    assert.equal(existsSync(`${folder}/server.js`), false);
  });

  test('a scenario outside the project loads too, and its mistakes name it', async () => {
    const folder = tempDir();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      `${folder}/elsewhere.ts`,
      "export default { app: { entry: './app.js' }, topologies: [{ kind: 'single' }], workloads: { a: { requests: [{ path: 'x' }] } } };\n",
    );
    writeFileSync(`${folder}/app.js`, '');
    const result = await runCli(['run', `${folder}/elsewhere.ts`]);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /elsewhere\.ts: workloads\.a\.requests\[0\]\.path: must start with '\/', found 'x'/);
  });
});

describe('could not run: exit 3', () => {
  test('an app that exits at start: its exit code and stderr are quoted, nothing is left', async () => {
    const out = tempDir();
    const result = await runCli(['run', 'test/fixtures/scenarios/exit-at-start.ts', '--out', out]);
    assert.equal(result.code, 3, result.stderr);
    assert.match(result.stderr, /exited during start with exit code 3/);
    assert.match(result.stderr, /fatal: cannot reach the database at db\.invalid:5432/);
    assert.doesNotMatch(result.stderr, /^\s+at /m);
    assert.deepEqual(processesMentioning(`${repoRoot}/test/fixtures/servers/exit-at-start.js`), []);
  });

  describe('an app that ignores PORT (a port of its own): PORT, its "listening on" line and the likely cause', () => {
    const entry = `${repoRoot}/test/fixtures/servers/fixed-port.js`;
    test('single: it never answers on PORT', async () => {
      const port = await findFreePort();
      const result = await runCli(['run', fixtureScenario('fixed-port.ts'), '--topology', 'single', '--out', tempDir()], { env: { FIXED_PORT: String(port) } });
      assert.equal(result.code, 3, result.stderr);
      assert.match(result.stderr, /^single: the app .*fixed-port\.js did not answer \/ with 2xx within 3000 ms \(last: ECONNREFUSED\)$/m);
      const set = Number(/^loadlab set PORT=(\d+); the app listens on port (\d+)$/m.exec(result.stderr)?.[1]);
      assert.match(result.stderr, new RegExp(`^loadlab set PORT=${set}; the app listens on port ${port}$`, 'm'));
      assert.match(result.stderr, new RegExp(`^  listening on ${port}$`, 'm'));
      assert.match(
        result.stderr,
        new RegExp(
          `^hint: the app said 'listening on ${port}'; loadlab set PORT=${set}: make the app read process\\.env\\.PORT, or use an external topology$`,
          'm',
        ),
      );
      assert.deepEqual(processesMentioning(entry), []);
    });

    test("proxy, 2 instances: the second one's EADDRINUSE is the app ignoring PORT, not a race", { skip: nginxSkip }, async () => {
      const port = await findFreePort();
      const result = await runCli(['run', fixtureScenario('fixed-port.ts'), '--topology', 'proxy', '--out', tempDir()], { env: { FIXED_PORT: String(port) } });
      assert.equal(result.code, 3, result.stderr);
      // the instance that failed first is the one told, not the other's timeout on PORT
      assert.match(result.stderr, /^proxy instance \d: the app .*fixed-port\.js exited during start with exit code 1$/m);
      assert.match(result.stderr, new RegExp(`^  Error: listen EADDRINUSE: address already in use :::${port}$`, 'm'));
      assert.match(
        result.stderr,
        new RegExp(
          `^hint: the app said 'Error: listen EADDRINUSE: address already in use :::${port}'; loadlab set PORT=\\d+: it binds ${port} whatever PORT says`,
          'm',
        ),
      );
      assert.match(result.stderr, /make the app read process\.env\.PORT, or use an external topology$/m);
      assert.doesNotMatch(result.stderr, /another process took it/);
      assert.deepEqual(processesMentioning(entry), []);
    });

    test("pm2, 2 instances: the output log's lines folded, and the same cause", async () => {
      const port = await findFreePort();
      const result = await runCli(['run', fixtureScenario('fixed-port.ts'), '--topology', 'pm2', '--out', tempDir()], { env: { FIXED_PORT: String(port) } });
      assert.equal(result.code, 3, result.stderr);
      assert.match(result.stderr, /^pm2: the app .*fixed-port\.js under PM2 did not answer \/ with 2xx within 3000 ms/m);
      // in cluster mode PM2's daemon holds the listening socket: found in its tree
      assert.match(result.stderr, new RegExp(`^loadlab set PORT=\\d+; the app listens on port ${port}$`, 'm'));
      assert.match(result.stderr, new RegExp(`^  listening on ${port} … ×2$`, 'm'));
      assert.match(result.stderr, new RegExp(`^hint: the app said 'listening on ${port}'; loadlab set PORT=\\d+: make the app read process\\.env\\.PORT`, 'm'));
      assert.deepEqual(processesMentioning(entry), []);
    });
  });

  test('an app that never becomes ready: gives up at startTimeout and stops it', async () => {
    const started = Date.now();
    const result = await runCli(['run', 'test/fixtures/scenarios/never-ready.ts']);
    const elapsedMs = Date.now() - started;
    assert.equal(result.code, 3, result.stderr);
    assert.match(result.stderr, /did not answer \/ with 2xx within 1500 ms \(last: answered 503\)/);
    assert.ok(elapsedMs >= 1500, `waited the start timeout (${elapsedMs} ms)`);
    assert.deepEqual(processesMentioning(`${repoRoot}/test/fixtures/servers/never-ready.js`), []);
  });
});

test('a scenario outside any ESM package without a default export is told so', async () => {
  const folder = tempDir();
  const { writeFileSync } = await import('node:fs');
  writeFileSync(`${folder}/named-only.ts`, "export const scenario = { app: { entry: './app.js' } };\n");
  const result = await runCli(['run', `${folder}/named-only.ts`]);
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr.trim(), /named-only\.ts: no default export/);
});
