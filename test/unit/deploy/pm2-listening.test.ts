import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { preloadOptions } from '../../../src/deploy/preload-options.js';
import { listeningNotes, waitUntilWorkersListen, type ListeningWait } from '../../../src/deploy/topologies/pm2-listening.js';
import { makePrivateFolder, type PrivateFolder } from '../../../src/deploy/private-folder.js';
import { findFreePort } from '../../../src/deploy/free-port.js';
import { runtimeScript } from '../../../src/machine/package-info.js';

const never = new Promise<never>(() => {});

/** Runs `use` with a private folder (a PM2 home, a folder of notes) removed after it. */
async function withHome(use: (home: PrivateFolder) => Promise<void> | void): Promise<void> {
  const home = makePrivateFolder('test-pm2');
  try {
    await use(home);
  } finally {
    home.remove();
  }
}

function waitFor(folder: string, overrides: Partial<ListeningWait>): Promise<Awaited<ReturnType<typeof waitUntilWorkersListen>>> {
  return waitUntilWorkersListen({
    folder,
    port: 40_001,
    count: 2,
    workers: () => [101, 102],
    timeoutMs: 300,
    exited: never,
    signal: new AbortController().signal,
    intervalMs: 20,
    ...overrides,
  });
}

test('preloadOptions: the script after what NODE_OPTIONS and BUN_OPTIONS already hold, quoted for Node only', () => {
  assert.deepEqual(preloadOptions('/a b/x.cjs'), { NODE_OPTIONS: '--require "/a b/x.cjs"', BUN_OPTIONS: '--preload /a b/x.cjs' });
  assert.deepEqual(preloadOptions('/x.cjs', { NODE_OPTIONS: '--require dotenv/config', BUN_OPTIONS: '' }), {
    NODE_OPTIONS: '--require dotenv/config --require "/x.cjs"',
    BUN_OPTIONS: '--preload /x.cjs',
  });
});

test('listeningNotes: a folder in the PM2 home, and the daemon preloads the note-taker after the inherited preloads', () =>
  withHome((home) => {
    const notes = listeningNotes(home.path, { NODE_OPTIONS: '--require "/probe.cjs"' });
    assert.equal(notes.folder, join(home.path, 'listening'));
    assert.deepEqual(readdirSync(notes.folder), []);
    assert.equal(notes.env.NODE_OPTIONS, `--require "/probe.cjs" --require ${JSON.stringify(runtimeScript('pm2-listening.cjs'))}`);
    assert.equal(notes.env.LOADLAB_PM2_LISTEN_DIR, notes.folder);
  }));

test('waitUntilWorkersListen: ready once every online worker has a note for the port, however late', () =>
  withHome(async (home) => {
    writeFileSync(join(home.path, '101-40001'), '');
    setTimeout(() => writeFileSync(join(home.path, '102-40001'), ''), 100);
    assert.deepEqual(await waitFor(home.path, { timeoutMs: 5000 }), { ready: true });
  }));

test('waitUntilWorkersListen: a note for another port, or for a worker PM2 no longer lists, does not count', () =>
  withHome(async (home) => {
    writeFileSync(join(home.path, '101-40001'), '');
    writeFileSync(join(home.path, '102-39999'), '');
    writeFileSync(join(home.path, '99-40001'), '');
    assert.deepEqual(await waitFor(home.path, {}), { ready: false, reason: 'timeout', listened: 1 });
  }));

test('waitUntilWorkersListen: stops at once when the app exits or loadlab is interrupted, saying how many listened', () =>
  withHome(async (home) => {
    writeFileSync(join(home.path, '102-40001'), '');
    const started = Date.now();
    assert.deepEqual(await waitFor(home.path, { exited: Promise.resolve(), timeoutMs: 10_000 }), { ready: false, reason: 'exited', listened: 1 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    assert.deepEqual(await waitFor(home.path, { signal: controller.signal, timeoutMs: 10_000 }), { ready: false, reason: 'aborted', listened: 1 });
    assert.ok(Date.now() - started < 2000);
  }));

test('waitUntilWorkersListen: a worker that holds its own listening socket on the port (reusePort, Bun.serve) listens', async () => {
  const home = makePrivateFolder('test-pm2');
  const server = createServer();
  try {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    assert.deepEqual(await waitFor(home.path, { port, count: 1, workers: () => [process.pid] }), { ready: true });
  } finally {
    server.close();
    home.remove();
  }
});

// The preload in a real cluster primary: a note per worker once its server listens, none before
test('runtime/pm2-listening.cjs: the cluster primary notes <pid>-<port> of each worker that listens, and its workers do nothing', () =>
  withHome(async (home) => {
    const port = await findFreePort();
    const notes = listeningNotes(home.path, {});
    // the primary forks two workers: the first listens at once, the second never
    const script = `
    const cluster = require('node:cluster');
    if (cluster.isPrimary) {
      const pids = [cluster.fork({ LISTEN: '1' }), cluster.fork()].map((worker) => worker.process.pid);
      cluster.on('listening', () => setTimeout(() => {
        console.log(JSON.stringify({ pids, env: process.env.LOADLAB_PM2_LISTEN_DIR ?? null }));
        for (const worker of Object.values(cluster.workers)) worker.kill();
      }, 300));
    } else if (process.env.LISTEN) require('node:http').createServer().listen(${port}, '127.0.0.1');
    else setInterval(() => {}, 1000);
  `;
    // cluster workers run the primary's script file: not an -e string
    const file = join(home.path, 'primary.cjs');
    writeFileSync(file, script);
    const child = spawn(process.execPath, [file], { env: { ...process.env, ...notes.env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await once(child, 'exit');
    clearTimeout(timer);
    const { pids, env } = JSON.parse(output) as { pids: number[]; env: string | null };
    assert.deepEqual(readdirSync(notes.folder), [`${pids[0]}-${port}`], output);
    assert.equal(env, null, 'the variable is dropped, so the workers it forks take no notes');
  }));
