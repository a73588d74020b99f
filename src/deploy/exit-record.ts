import type { ProcessRole } from '../contract/vocabulary.js';
import type { OwnedProcess } from './processes.js';
import type { ProcessExitFact } from './topologies/types.js';

/**
 * The exits of a deployment's processes, in the order they were seen: what `Deployment.exits()`
 * returns. A process loadlab owns is followed (its code or signal is known); one it only hears
 * of (a cluster's workers over IPC, a process manager's list, a balancer's children) is added when told, or
 * found gone from the list of its role. One process is one entry, whichever way it was learnt of.
 */
export class ExitRecord {
  private readonly facts: ProcessExitFact[] = [];
  /** The pids of each tracked role as last listed. */
  private readonly listed = new Map<ProcessRole, Set<number>>();

  /** Records the exit of an owned process when it comes, with its code or signal. */
  follow(owned: OwnedProcess, role: ProcessRole): void {
    void owned.exited.then((exit) => this.add({ pid: owned.pid, role, code: exit.code, signal: exit.signal }));
  }

  /** A process exited; a later word on the same pid fills in the code or signal the first lacked. */
  add(exit: { pid: number; role: ProcessRole; code: number | null; signal: string | null }): void {
    const known = this.facts.find((fact) => fact.pid === exit.pid);
    if (!known) {
      // the clock the load's phases are stamped by
      this.facts.push({ ...exit, seenAt: Math.round(performance.timeOrigin + performance.now()), replacedBy: null });
      return;
    }
    known.code ??= exit.code;
    known.signal ??= exit.signal;
  }

  /**
   * The pids of a role as listed now: one gone since the last list exited (code and signal unknown
   * unless told otherwise), and one new takes the place of the earliest exit of that role that
   * nothing replaced yet (`by` started it). The first list only sets where it starts.
   */
  track(role: ProcessRole, pids: readonly number[], by: string): void {
    const before = this.listed.get(role);
    const now = new Set(pids);
    this.listed.set(role, now);
    if (!before) return;
    for (const pid of before) if (!now.has(pid)) this.add({ pid, role, code: null, signal: null });
    for (const pid of now) {
      if (before.has(pid)) continue;
      const replaced = this.facts.find((fact) => fact.role === role && fact.replacedBy === null);
      if (replaced) replaced.replacedBy = { pid, by };
    }
  }

  list(): readonly ProcessExitFact[] {
    return this.facts;
  }
}
