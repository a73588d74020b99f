import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runtimeScript } from '../../machine/package-info.js';
import { preloadOptions } from '../preload-options.js';
import { listenersOn } from '../proc-table.js';

/**
 * The environment that makes loadlab's PM2 daemon note each worker that listens
 * (runtime/pm2-listening.cjs, preloaded into the daemon, the cluster primary), into a folder of
 * PM2's private home. `inherited` is the environment the daemon would get without it.
 */
export function listeningNotes(home: string, inherited: Record<string, string | undefined>): { folder: string; env: Record<string, string> } {
  const folder = join(home, 'listening');
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const options = { NODE_OPTIONS: inherited.NODE_OPTIONS, BUN_OPTIONS: inherited.BUN_OPTIONS };
  return { folder, env: { ...preloadOptions(runtimeScript('pm2-listening.cjs'), options), LOADLAB_PM2_LISTEN_DIR: folder } };
}

export interface ListeningWait {
  /** The folder the daemon notes listening workers in (listeningNotes). */
  folder: string;
  port: number;
  /** How many workers must listen. */
  count: number;
  /** The pids of the workers PM2 lists as online now. */
  workers: () => number[];
  timeoutMs: number;
  /** Settles when the app or PM2 has exited: waiting stops at once. */
  exited: Promise<unknown>;
  signal: AbortSignal;
  intervalMs?: number;
}

export type ListeningOutcome = { ready: true } | { ready: false; reason: 'timeout' | 'exited' | 'aborted'; listened: number };

/**
 * Waits until `count` online workers listen on the port: the daemon saw them listen (a server
 * that shares the cluster primary's socket, as every node:http server in a PM2 worker does), or
 * they hold a listening socket on the port themselves, seen in /proc (a server with reusePort,
 * such as Bun.serve, which never tells the primary).
 */
export async function waitUntilWorkersListen(wait: ListeningWait): Promise<ListeningOutcome> {
  const deadline = Date.now() + wait.timeoutMs;
  let exited = false;
  void wait.exited.then(() => {
    exited = true;
  });
  const listened = new Set<number>();
  for (;;) {
    const online = wait.workers();
    const unseen = online.filter((pid) => !listened.has(pid) && !existsSync(join(wait.folder, `${pid}-${wait.port}`)));
    const holders = unseen.length > 0 ? listenersOn(wait.port, unseen) : [];
    for (const pid of online) if (!unseen.includes(pid) || holders.includes(pid)) listened.add(pid);
    const count = online.filter((pid) => listened.has(pid)).length;
    if (count >= wait.count) return { ready: true };
    if (exited) return { ready: false, reason: 'exited', listened: count };
    if (wait.signal.aborted) return { ready: false, reason: 'aborted', listened: count };
    if (Date.now() >= deadline) return { ready: false, reason: 'timeout', listened: count };
    await new Promise((resolve) => setTimeout(resolve, wait.intervalMs ?? 100));
  }
}
