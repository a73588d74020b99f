import { request } from 'undici';
import { findOnPath } from '../deploy/find-executable.js';
import { findFreePort } from '../deploy/free-port.js';
import type { ProcessOwner } from '../deploy/processes.js';
import type { Runtime } from '../scenario/types.js';

/** The app as init starts it once: its entry, runtime and the project folder it runs in. */
export interface AppToAsk {
  entry: string;
  runtime: Runtime;
  cwd: string;
  /** Folders looked in for bun before PATH: the project's node_modules/.bin. */
  binFolders: readonly string[];
}

/** Each path's status code, or why the app could not be asked. */
export type RouteAnswers = { statuses: Record<string, number> } | { notAsked: string };

/** At most this many routes are asked: init checks a guess, it does not crawl the app. */
const maxAsked = 20;

/**
 * Starts the app once on a free port (PORT), through the process owner (whose lifeline ends it
 * if loadlab dies), waits up to `timeoutMs` for it to answer anything on the first path, asks
 * each path once with GET, and stops it: the status each path answered.
 */
export async function askRoutes(app: AppToAsk, paths: readonly string[], owner: ProcessOwner, timeoutMs: number): Promise<RouteAnswers> {
  const command = commandFor(app);
  if ('notAsked' in command) return command;
  const port = await findFreePort();
  const child = owner.spawn({
    label: 'app (loadlab init)',
    command: command.path,
    args: command.args,
    env: { ...process.env, PORT: String(port) },
    cwd: app.cwd,
  });
  try {
    const origin = `http://127.0.0.1:${port}`;
    const asked = paths.slice(0, maxAsked);
    const first = await firstAnswer(`${origin}${asked[0] ?? '/'}`, child.exited, timeoutMs);
    if (typeof first === 'string') {
      const said = child.stderr.text().trim().split('\n').at(-1);
      return { notAsked: `${first}${said ? ` (it said: ${said})` : ''}` };
    }
    const statuses: Record<string, number> = { [asked[0] ?? '/']: first };
    for (const path of asked.slice(1)) statuses[path] = await statusOf(`${origin}${path}`).catch(() => 0);
    return { statuses };
  } finally {
    await child.stop();
  }
}

function commandFor(app: AppToAsk): { path: string; args: string[] } | { notAsked: string } {
  switch (app.runtime) {
    case 'node':
      return { path: process.execPath, args: [app.entry] };
    case 'tsx':
      return { path: process.execPath, args: ['--import', import.meta.resolve('tsx'), app.entry] };
    case 'bun': {
      const bun = app.binFolders.map((folder) => findOnPath('bun', folder)).find(Boolean) ?? findOnPath('bun');
      return bun ? { path: bun, args: [app.entry] } : { notAsked: 'bun is not installed here' };
    }
  }
}

/** The status of the first answer at this URL, or why none came: the app exited, or the time ran out. */
async function firstAnswer(url: string, exited: Promise<unknown>, timeoutMs: number): Promise<number | string> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !gone) {
    try {
      return await statusOf(url);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return gone ? 'it exited before it answered' : `it did not answer within ${timeoutMs / 1000} s`;
}

async function statusOf(url: string): Promise<number> {
  const response = await request(url, { method: 'GET', headersTimeout: 2000, bodyTimeout: 2000 });
  await response.body.dump();
  return response.statusCode;
}
