import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Pool } from 'undici';
import type { AgentLine } from '../../../src/measure/probes/agent-files.js';
import { findFreePort } from '../../../src/deploy/free-port.js';
import { repoRoot, tempDir } from '../../helpers/cli.js';

const agentPath = join(repoRoot, 'runtime/probe-agent.cjs');
const withAgent = `--require ${JSON.stringify(agentPath)}`;
const fixture = (name: string): string => join(repoRoot, 'test/fixtures/servers', name);
const lineKeys = ['t', 'pid', 'ppid', 'runtime', 'elP50Ms', 'elP99Ms', 'elMaxMs', 'requests', 'heapLimitBytes', 'heapUsedBytes'];

interface App {
  child: ChildProcess;
  pid: number;
  port: number;
  url: string;
  output: { stdout: string; stderr: string };
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `script` with only the environment given (plus PATH), as the user's app would run under loadlab. */
async function startApp(script: string, env: Record<string, string>, options: { ipc?: boolean; cwd?: string } = {}): Promise<App> {
  const port = await findFreePort();
  const child = spawn(process.execPath, [script], {
    cwd: options.cwd ?? repoRoot,
    env: { PATH: process.env.PATH ?? '', PORT: String(port), ...env },
    stdio: options.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
  assert.ok(child.pid, `${script} did not start`);
  const output = { stdout: '', stderr: '' };
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    output.stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    output.stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => {
    child.on('close', (code, signal) => done({ code, signal }));
  });
  return { child, pid: child.pid, port, url: `http://127.0.0.1:${port}`, output, exited };
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Kills the app by its pid if it is still running, and waits until it is gone. */
async function killApp(app: App): Promise<void> {
  if (app.child.exitCode === null && app.child.signalCode === null) process.kill(app.pid, 'SIGKILL');
  await app.exited;
}

async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 2000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

const listening = (app: App): Promise<true> => waitFor(`${app.pid} to listen (stderr: ${app.output.stderr})`, () => app.output.stdout.includes('listening\n'));

/** The complete lines of one process's file (a line being written is left out). */
function agentLines(folder: string, pid: number): AgentLine[] {
  const file = join(folder, `${pid}.jsonl`);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .slice(0, -1)
    .map((line) => JSON.parse(line) as AgentLine);
}

async function get(client: Client | Pool, path: string): Promise<number> {
  const { statusCode, body } = await client.request({ method: 'GET', path });
  await body.dump();
  return statusCode;
}

/** Sends `total` GET / requests, `concurrency` at a time. */
async function sendRequests(client: Client | Pool, total: number, concurrency: number): Promise<number[]> {
  const statuses: number[] = [];
  let sent = 0;
  const lane = async (): Promise<void> => {
    while (sent < total) {
      sent += 1;
      statuses.push(await get(client, '/'));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return statuses;
}

const agentEnv = (folder: string, intervalMs = 100): Record<string, string> => ({
  NODE_OPTIONS: withAgent,
  LOADLAB_PROBE_DIR: folder,
  LOADLAB_PROBE_INTERVAL_MS: String(intervalMs),
});

test('probe agent: 200 keep-alive, pipelined requests are all counted, by the process that served them', async () => {
  const folder = tempDir('loadlab-agent-');
  const app = await startApp(fixture('agent-app.js'), agentEnv(folder));
  const client = new Client(`http://127.0.0.1:${app.port}`, { pipelining: 4 });
  let connections = 0;
  client.on('connect', () => {
    connections += 1;
  });
  try {
    await listening(app);
    const statuses = await sendRequests(client, 200, 8);
    assert.equal(statuses.length, 200);
    assert.ok(statuses.every((status) => status === 200));
    assert.equal(connections, 1, 'one connection carried every request');
    await waitFor('a line counting 200 requests', () => agentLines(folder, app.pid).some((line) => line.requests === 200));
    process.kill(app.pid, 'SIGTERM');
    assert.deepEqual(await app.exited, { code: 0, signal: null });
    const lines = agentLines(folder, app.pid);
    assert.equal(lines.at(-1)?.requests, 200, 'the line written on exit');
    const counts = lines.map((line) => line.requests ?? -1);
    assert.deepEqual(
      counts,
      [...counts].sort((a, b) => a - b),
      'the count only grows',
    );
  } finally {
    await client.close();
    await killApp(app);
  }
});

test('probe agent: an event loop blocked for 300 ms shows as a delay of at least 250 ms', async () => {
  const folder = tempDir('loadlab-agent-');
  const app = await startApp(fixture('agent-app.js'), agentEnv(folder));
  const client = new Client(app.url);
  try {
    await listening(app);
    await waitFor('two lines', () => agentLines(folder, app.pid).length >= 2);
    const before = agentLines(folder, app.pid);
    assert.ok(
      before.every((line) => line.elMaxMs < 100),
      `an idle loop: ${JSON.stringify(before)}`,
    );
    assert.equal(await get(client, '/block'), 200);
    const blocked = await waitFor('a line with the stall', () => agentLines(folder, app.pid).find((line) => line.elMaxMs >= 250));
    assert.ok(blocked.elMaxMs < 1000, `max ${blocked.elMaxMs} ms`);
    assert.ok(blocked.elP50Ms < 100, `p50 ${blocked.elP50Ms} ms: one stall among many short waits`);
  } finally {
    await client.close();
    await killApp(app);
  }
});

test('probe agent: a stall that starts just after a line is written is not lost', async () => {
  // monitorEventLoopDelay drops the delay in progress on reset(); the agent must not lose it
  const folder = tempDir('loadlab-agent-');
  const app = await startApp(fixture('agent-stall-after-line.js'), agentEnv(folder));
  try {
    assert.deepEqual(await Promise.race([app.exited, sleep(3000, 'still running', { ref: false })]), { code: 0, signal: null }, app.output.stderr);
    const lines = agentLines(folder, app.pid);
    assert.ok(
      lines.some((line) => line.elMaxMs >= 250),
      JSON.stringify(lines.map((line) => line.elMaxMs)),
    );
  } finally {
    await killApp(app);
  }
});

test('probe agent: the app writes exactly the same stdout and stderr with and without it', async () => {
  const run = async (env: Record<string, string>): Promise<{ stdout: string; stderr: string; code: number | null; signal: NodeJS.Signals | null }> => {
    const app = await startApp(fixture('agent-app.js'), env);
    const client = new Client(app.url);
    try {
      await listening(app);
      await sendRequests(client, 20, 2);
      assert.equal(await get(client, '/block'), 200);
      await sleep(250);
      process.kill(app.pid, 'SIGTERM');
      const end = await app.exited;
      return { ...app.output, ...end };
    } finally {
      await client.close();
      await killApp(app);
    }
  };
  const folder = tempDir('loadlab-agent-');
  const without = await run({});
  const withIt = await run(agentEnv(folder));
  assert.deepEqual(withIt, without);
  assert.deepEqual(without, { stdout: 'listening\nstopping\n', stderr: 'app: a line on stderr\n', code: 0, signal: null });
  const [file] = readdirSync(folder);
  assert.ok(file, 'the agent was active');
  assert.ok(agentLines(folder, Number.parseInt(file, 10)).length >= 3);
});

test('probe agent: without LOADLAB_PROBE_DIR it writes nothing and the app works', async () => {
  const cwd = tempDir('loadlab-agent-cwd-');
  const app = await startApp(fixture('agent-app.js'), { NODE_OPTIONS: withAgent, LOADLAB_PROBE_INTERVAL_MS: '100' }, { cwd });
  const client = new Client(app.url);
  try {
    await listening(app);
    assert.equal(await get(client, '/'), 200);
    await sleep(300);
    process.kill(app.pid, 'SIGTERM');
    assert.deepEqual(await app.exited, { code: 0, signal: null });
    assert.deepEqual(readdirSync(cwd), []);
    assert.deepEqual(app.output, { stdout: 'listening\nstopping\n', stderr: 'app: a line on stderr\n' });
  } finally {
    await client.close();
    await killApp(app);
  }
});

test('probe agent: a process that ends on its own still does so promptly, with a last line on exit', async () => {
  for (const intervalMs of [100, 5000]) {
    const folder = tempDir('loadlab-agent-');
    const app = await startApp(fixture('agent-short-lived.js'), agentEnv(folder, intervalMs));
    try {
      // an agent that kept the app alive would end it at its interval (5 s), or never (100 ms)
      const end = await Promise.race([app.exited, sleep(3000, 'still running', { ref: false })]);
      assert.deepEqual(end, { code: 0, signal: null }, `interval ${intervalMs} ms`);
      // the app's own clock, from the agent's line at start to its line on exit: the 300 ms the
      // app lives, however long a busy machine took to start Node
      const lines = agentLines(folder, app.pid);
      const [first, last] = [lines[0], lines.at(-1)];
      assert.ok(first && last && last.t >= first.t + 300, `the last line is written at exit: ${JSON.stringify(lines)}`);
      assert.ok(last.t - first.t < 1000, `ended ${last.t - first.t} ms after the agent started (interval ${intervalMs} ms)`);
      // with a 5 s interval no periodic line is due: the line at start and the line on exit
      if (intervalMs === 5000) assert.equal(lines.length, 2);
    } finally {
      await killApp(app);
    }
  }
});

test('probe agent: when its folder is removed the app keeps serving', async () => {
  const folder = tempDir('loadlab-agent-');
  const app = await startApp(fixture('agent-app.js'), agentEnv(folder));
  const client = new Client(app.url);
  try {
    await listening(app);
    await waitFor('two lines', () => agentLines(folder, app.pid).length >= 2);
    rmSync(folder, { recursive: true });
    await sleep(350);
    assert.equal(await get(client, '/'), 200);
    assert.equal(await get(client, '/block'), 200);
    await sleep(200);
    assert.ok(running(app.pid) && app.child.exitCode === null, 'still running');
    assert.equal(existsSync(folder), false, 'the folder is not re-created');
    if (existsSync(`/proc/${app.pid}/fd`)) {
      const open = readdirSync(`/proc/${app.pid}/fd`).map((fd) => {
        try {
          return readlinkSync(`/proc/${app.pid}/fd/${fd}`);
        } catch {
          return '';
        }
      });
      assert.ok(!open.some((target) => target.startsWith(folder)), `the agent let go of its removed file: ${open.join(', ')}`);
    }
    assert.deepEqual(app.output, { stdout: 'listening\n', stderr: 'app: a line on stderr\n' });
  } finally {
    await client.close();
    await killApp(app);
  }
});

test('probe agent: the line format, the heap limit, and a private file', async () => {
  const folder = tempDir('loadlab-agent-');
  const app = await startApp(fixture('agent-app.js'), agentEnv(folder));
  try {
    await listening(app);
    const lines = await waitFor('two lines', () => {
      const found = agentLines(folder, app.pid);
      return found.length >= 2 && found;
    });
    const [first, second] = lines;
    assert.ok(first && second);
    assert.deepEqual(Object.keys(first), lineKeys);
    assert.deepEqual(
      { ...first, t: 0, heapLimitBytes: 0, heapUsedBytes: 0 },
      { t: 0, pid: app.pid, ppid: process.pid, runtime: 'node', elP50Ms: 0, elP99Ms: 0, elMaxMs: 0, requests: 0, heapLimitBytes: 0, heapUsedBytes: 0 },
    );
    for (const line of lines) {
      assert.deepEqual(Object.keys(line), lineKeys);
      assert.ok(line.heapLimitBytes > 0, `heap limit ${line.heapLimitBytes}`);
      assert.ok(line.heapUsedBytes > 0 && line.heapUsedBytes < line.heapLimitBytes, `heap used ${line.heapUsedBytes}`);
      assert.ok(Math.abs(line.t - Date.now()) < 10_000, 'epoch milliseconds');
    }
    // that an idle loop reads near 0 (the 10 ms sampling period is not a delay) is a figure a busy
    // machine moves (7 ms beside two other test files): test/measurements/probes.test.ts
    assert.ok(second.elP50Ms >= 0, `p50 ${second.elP50Ms} ms`);
    assert.equal(statSync(join(folder, `${app.pid}.jsonl`)).mode & 0o777, 0o600);
  } finally {
    await killApp(app);
  }
});

test('probe agent: in a cluster each process writes its own file, and the workers count the requests', async () => {
  const folder = tempDir('loadlab-agent-');
  const app = await startApp(
    join(repoRoot, 'runtime/cluster-primary.cjs'),
    {
      ...agentEnv(folder),
      LOADLAB_APP_ENTRY: fixture('agent-app.js'),
      LOADLAB_WORKERS: '2',
    },
    { ipc: true },
  );
  let workerPids: number[] = [];
  app.child.on('message', (message) => {
    const report = message as { type: string; pids: number[]; listening: number };
    if (report.type === 'workers' && report.listening === 2) workerPids = report.pids;
  });
  const pool = new Pool(app.url, { connections: 8 });
  try {
    await waitFor('two listening workers', () => workerPids.length === 2);
    const statuses = await sendRequests(pool, 200, 8);
    assert.ok(statuses.length === 200 && statuses.every((status) => status === 200));
    const latest = (pid: number): number => agentLines(folder, pid).at(-1)?.requests ?? 0;
    await waitFor('the workers to count 200 requests', () => workerPids.reduce((sum, pid) => sum + latest(pid), 0) === 200);
    assert.deepEqual(readdirSync(folder).sort(), [app.pid, ...workerPids].map((pid) => `${pid}.jsonl`).sort());
    assert.ok(
      agentLines(folder, app.pid).every((line) => line.requests === 0),
      'the primary serves nothing itself',
    );
    for (const pid of workerPids) {
      assert.ok(agentLines(folder, pid).every((line) => line.pid === pid && line.ppid === app.pid));
      assert.ok(latest(pid) > 0, `worker ${pid} served some requests`);
    }
  } finally {
    await pool.close();
    await killApp(app);
    for (const pid of workerPids) if (running(pid)) process.kill(pid, 'SIGKILL');
  }
});

test('probe agent: a worker thread does not report into its process’s file', async () => {
  const folder = tempDir('loadlab-agent-');
  const app = await startApp(fixture('agent-worker-thread.js'), agentEnv(folder, 5000));
  try {
    assert.deepEqual(await Promise.race([app.exited, sleep(3000, 'still running', { ref: false })]), { code: 0, signal: null });
    // the main thread's line at start and on exit; a worker thread loading the agent would add two more
    assert.equal(agentLines(folder, app.pid).length, 2);
    assert.deepEqual(readdirSync(folder), [`${app.pid}.jsonl`]);
  } finally {
    await killApp(app);
  }
});
