import { spawn, type ChildProcess } from 'node:child_process';
import { isLive, processGroup, processTree, readProcStat, readProcTable } from './proc-table.js';
import { sharedLifeline, type Lifeline } from './lifeline.js';
import { OutputTail } from './output-tail.js';
import { makePrivateFolder, type PrivateFolder } from './private-folder.js';

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface SpawnRequest {
  /** A name for messages: 'app (single)'. */
  label: string;
  command: string;
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Open an IPC channel (for loadlab's own helper scripts). */
  ipc?: boolean;
}

/**
 * A process loadlab started: its own child, or one a child started that loadlab took over
 * (adopted, e.g. a process manager's daemon). Stopping it stops its whole process tree.
 */
export interface OwnedProcess {
  readonly label: string;
  readonly pid: number;
  /** The ChildProcess, for a child loadlab spawned itself; undefined for an adopted process. */
  readonly child: ChildProcess | undefined;
  /** The last lines of its stderr and stdout. */
  readonly stderr: OutputTail;
  readonly stdout: OutputTail;
  /** Resolves when the process has exited. */
  readonly exited: Promise<ExitInfo>;
  exitInfo(): ExitInfo | undefined;
  stop(): Promise<void>;
}

export interface ProcessOwnerOptions {
  /** How long a tree has between SIGTERM and SIGKILL; default 3 s. */
  graceMs?: number;
  /** Default: the one lifeline of this loadlab process. */
  lifeline?: Lifeline;
  /** Told, in a line for the user, when a tree outlived the grace and was killed with SIGKILL. */
  onForcedStop?: (message: string) => void;
}

const tailLines = 20;
const pollMs = 50;

/**
 * The one owner of every process loadlab starts, and of the temporary folders its deployments
 * make. Each child gets a process group of its own (so a terminal's Ctrl-C reaches loadlab
 * alone, which then tears down in order), and stopping a child means SIGTERM to its whole tree,
 * SIGKILL to whatever is left after a grace period. Nothing else in loadlab spawns or kills a
 * process. Every group and folder is also held by the lifeline (lifeline.ts) until it is gone:
 * should loadlab die with no chance to clean up, the lifeline does it.
 */
export class ProcessOwner {
  private readonly owned = new Set<OwnedProcess>();
  /** Trees being stopped stay owned until they are gone, so that killAllNow still sees them. */
  private readonly stopping = new Set<OwnedProcess>();
  /** The process group the lifeline holds for each owned process. */
  private readonly groups = new Map<OwnedProcess, number>();

  private readonly graceMs: number;
  private readonly lifeline: Lifeline;
  private readonly onForcedStop: (message: string) => void;

  constructor(options: ProcessOwnerOptions = {}) {
    this.graceMs = options.graceMs ?? 3000;
    this.lifeline = options.lifeline ?? sharedLifeline;
    this.onForcedStop = options.onForcedStop ?? (() => {});
  }

  /** A private temporary folder (a process manager's home, a balancer's prefix, the probe agent's), removed by `remove()` or by the lifeline. */
  privateFolder(prefix: string): PrivateFolder {
    this.lifeline.start();
    const folder = makePrivateFolder(prefix);
    this.lifeline.holdFolder(folder.path);
    return {
      path: folder.path,
      remove: () => {
        folder.remove();
        this.lifeline.releaseFolder(folder.path);
      },
    };
  }

  spawn(request: SpawnRequest): OwnedProcess {
    const stdio: ('ignore' | 'pipe' | 'ipc')[] = ['ignore', 'pipe', 'pipe'];
    if (request.ipc) stdio.push('ipc');
    this.lifeline.start();
    const child = spawn(request.command, [...request.args], { env: request.env, cwd: request.cwd, stdio, detached: true });
    const stderr = new OutputTail(tailLines);
    const stdout = new OutputTail(tailLines);
    stderr.follow(child.stderr);
    stdout.follow(child.stdout);
    let exit: ExitInfo | undefined;
    const exited = new Promise<ExitInfo>((resolve) => {
      child.once('exit', (code, signal) => {
        exit = { code, signal };
        resolve(exit);
      });
      child.once('error', (error) => {
        // e.g. ENOENT: the command does not exist; say so where a failed start quotes stderr
        stderr.push(`${request.command}: ${error.message}\n`);
        exit ??= { code: null, signal: null };
        resolve(exit);
      });
    });
    if (child.pid === undefined) {
      // spawn failed (command not found); 'error' fires asynchronously and settles `exited`
      const failed: OwnedProcess = {
        label: request.label,
        pid: -1,
        child,
        stderr,
        stdout,
        exited,
        exitInfo: () => exit,
        stop: async () => {
          await exited;
        },
      };
      return failed;
    }
    // detached: the child leads a process group of its own
    return this.register({ label: request.label, pid: child.pid, child, stderr, stdout, exited, exitInfo: () => exit }, child.pid);
  }

  /**
   * Takes over a process that a child of loadlab started and let go of (a daemon that detached
   * itself): from now on it is stopped like any owned process. `exited` settles once it is gone.
   */
  adopt(pid: number, label: string): OwnedProcess {
    let exit: ExitInfo | undefined;
    const exited = new Promise<ExitInfo>((resolve) => {
      const timer = setInterval(() => {
        if (isLive(readProcStat(pid))) return;
        clearInterval(timer);
        exit = { code: null, signal: null };
        resolve(exit);
      }, 200);
      timer.unref();
    });
    const noOutput = new OutputTail(tailLines);
    const group = readProcStat(pid)?.pgrp ?? pid;
    // a process in loadlab's own group is stopped by its tree; its group must never be held
    const held = group === readProcStat(process.pid)?.pgrp ? undefined : group;
    return this.register({ label, pid, child: undefined, stderr: noOutput, stdout: noOutput, exited, exitInfo: () => exit }, held);
  }

  /** Owns a process until it has exited (or, once a stop began, until its whole tree is gone); the lifeline holds its group as long. */
  private register(process: Omit<OwnedProcess, 'stop'>, group: number | undefined): OwnedProcess {
    const owned: OwnedProcess = { ...process, stop: () => this.stopTree(owned) };
    this.owned.add(owned);
    if (group !== undefined) {
      this.groups.set(owned, group);
      this.lifeline.holdGroup(group);
    }
    void owned.exited.then(() => {
      if (this.stopping.has(owned)) return;
      this.owned.delete(owned);
      // what the process left running in its group stays held: the lifeline takes it down at the end
      const table = readProcTable();
      if (!table || processGroup(group ?? -1, table).length === 0) this.release(owned);
    });
    return owned;
  }

  private release(owned: OwnedProcess): void {
    const group = this.groups.get(owned);
    if (group === undefined) return;
    this.groups.delete(owned);
    this.lifeline.releaseGroup(group);
  }

  /** Runs a short command to its end (a version query), stopping it after `timeoutMs`. */
  async runToEnd(request: SpawnRequest, timeoutMs: number): Promise<{ exit: ExitInfo; stdout: string; stderr: string }> {
    const owned = this.spawn(request);
    const timer = setTimeout(() => void owned.stop(), timeoutMs);
    const exit = await owned.exited;
    clearTimeout(timer);
    return { exit, stdout: owned.stdout.text(), stderr: owned.stderr.text() };
  }

  /** Stops every process still owned, all trees at once. */
  async stopAll(): Promise<void> {
    await Promise.all([...this.owned].map((owned) => owned.stop()));
  }

  /** Last resort, synchronous (for a second Ctrl-C or process exit): SIGKILL to every owned tree. */
  killAllNow(): void {
    for (const owned of this.owned) for (const pid of this.liveTree(owned)) signal(pid, 'SIGKILL');
  }

  private async stopTree(owned: OwnedProcess): Promise<void> {
    this.stopping.add(owned);
    try {
      const deadline = Date.now() + this.graceMs;
      let signalled = new Set<number>();
      let forced = false;
      for (;;) {
        const alive = this.liveTree(owned);
        if (alive.length === 0) break;
        const kill = Date.now() >= deadline;
        if (kill && !forced) {
          forced = true;
          this.onForcedStop(`${owned.label}: still running ${this.graceMs / 1000} s after SIGTERM, killed with SIGKILL (pid ${alive.join(', ')})`);
        }
        for (const pid of alive) {
          if (kill || !signalled.has(pid)) signal(pid, kill ? 'SIGKILL' : 'SIGTERM');
        }
        signalled = new Set([...signalled, ...alive]);
        await sleep(pollMs);
      }
      this.release(owned);
      if (owned.child) await Promise.race([owned.exited, sleep(this.graceMs)]);
    } finally {
      this.stopping.delete(owned);
      this.owned.delete(owned);
    }
  }

  /** The live pids of a tree: the root, its descendants, its process group, and pids seen in it before. */
  private liveTree(owned: OwnedProcess): number[] {
    const table = readProcTable();
    if (!table) return owned.exitInfo() ? [] : [owned.pid];
    // once the root is gone its pid may belong to someone else: only its process group counts then
    const pids = owned.exitInfo() ? processGroup(owned.pid, table) : processTree(owned.pid, table);
    return pids.filter((pid) => isLive(table.get(pid)));
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
