import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { runtimeScript } from '../machine/package-info.js';

type LifelineMessage = { hold: 'group' | 'folder' } | { release: 'group' | 'folder' };

/**
 * loadlab's side of runtime/lifeline.cjs, the insurance for a death that leaves no time to clean
 * up (SIGKILL, the OOM killer): a small process of its own, started before the first thing it
 * holds exists, in a session of its own, reading what loadlab holds from a pipe. When the pipe
 * closes while something is still held — loadlab is gone, however it died — it stops the held
 * process groups and their descendants (SIGTERM, then SIGKILL) and removes the held folders.
 * Releasing what was cleaned up normally keeps it quiet: then it exits at once with loadlab.
 *
 * Used by ProcessOwner only. Best effort by design: if the lifeline cannot start or dies,
 * loadlab runs on without it (its own teardown does not depend on it).
 */
export class Lifeline {
  private child: ChildProcess | undefined;
  private broken = false;

  /** Starts the lifeline if it is not running yet. It never touches a process older than itself: call this before spawning. */
  start(): void {
    if (this.child || this.broken) return;
    try {
      // its own session (detached): a Ctrl-C to loadlab's terminal, or its hang-up, must not end it first.
      // No environment: a user's NODE_OPTIONS has nothing to do in it.
      const child = spawn(process.execPath, [runtimeScript('lifeline.cjs')], { detached: true, stdio: ['pipe', 'ignore', 'inherit'], cwd: '/', env: {} });
      const lost = () => {
        this.broken = true;
      };
      child.once('error', lost);
      child.once('exit', lost);
      child.stdin?.on('error', lost);
      // neither the lifeline nor its pipe may keep loadlab's event loop alive
      child.unref();
      (child.stdin as Socket | null)?.unref();
      this.child = child;
    } catch {
      this.broken = true;
    }
  }

  holdGroup(pgid: number): void {
    this.send({ hold: 'group', id: pgid });
  }

  releaseGroup(pgid: number): void {
    this.send({ release: 'group', id: pgid });
  }

  holdFolder(path: string): void {
    this.send({ hold: 'folder', path });
  }

  releaseFolder(path: string): void {
    this.send({ release: 'folder', path });
  }

  // A pipe write goes to the kernel at once when nothing is queued before it: a line written
  // right after a spawn reaches the lifeline even if loadlab is killed the next moment.
  private send(message: LifelineMessage & ({ id: number } | { path: string })): void {
    this.start();
    if (!this.broken) this.child?.stdin?.write(`${JSON.stringify(message)}\n`);
  }
}

/** The lifeline of this loadlab process, shared by every ProcessOwner in it. */
export const sharedLifeline = new Lifeline();
