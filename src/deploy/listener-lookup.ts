import { isLive, listenersOn, processTree, readProcStat, readProcTable } from './proc-table.js';

/** How long a lookup that found nothing stands before the next: the probes ask every few hundred ms. */
const retryMs = 1000;

/**
 * Which processes of a command's tree serve a port: those that hold its listening socket, found
 * from /proc (a wrapper — npx, npm exec, a shell script, sh -c — only waits for its child). The
 * lookup is made again once a process found is gone (a server that re-forks its listener).
 */
export class ListenerLookup {
  private found: number[] = [];
  private lookedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly root: number,
    private readonly port: number,
  ) {}

  /** The pids that listen on the port, among the root and its descendants; empty when none does (or without /proc). */
  current(): number[] {
    const live = this.found.filter((pid) => isLive(readProcStat(pid)));
    if (live.length > 0 && live.length === this.found.length) return live;
    if (this.found.length === 0 && Date.now() - this.lookedAt < retryMs) return [];
    this.lookedAt = Date.now();
    const table = readProcTable();
    this.found = table ? listenersOn(this.port, processTree(this.root, table)) : [];
    return this.found;
  }
}
