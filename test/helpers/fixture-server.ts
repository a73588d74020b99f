import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { findFreePort } from '../../src/deploy/free-port.js';
import { repoRoot } from './cli.js';

export interface Fixture {
  url: string;
  child: ChildProcess;
}

/** Starts `node test/fixtures/servers/<name>` on a free port and waits until it accepts connections. */
export async function startFixture(name: string, env: Record<string, string> = {}): Promise<Fixture> {
  const port = await findFreePort();
  const child = spawn(process.execPath, [`${repoRoot}/test/fixtures/servers/${name}`], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: 'ignore',
  });
  const deadline = Date.now() + 5000;
  // a bare TCP connect: an HTTP probe would leave a keep-alive socket in this process
  while (!(await accepts(port))) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not listen on ${port}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { url: `http://127.0.0.1:${port}`, child };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export function stopFixture(fixture: Fixture | undefined): void {
  if (fixture?.child.pid !== undefined) process.kill(fixture.child.pid, 'SIGKILL');
}
