import { readEstablishedInodes } from './proc-files.js';

/** The longest a reading of the TCP table is trusted for sockets it has classified already. */
export const maxTableAgeMs = 5000;

/**
 * Counts the ESTABLISHED TCP connections among processes' socket inodes, reading the machine's
 * TCP table only when it could have changed the answer. Reading /proc/net/tcp and tcp6 walks
 * the kernel's whole connection hash table, however few sockets it lists: about 5 ms of CPU per
 * file on a machine with 262,144 buckets, 0.02 core at two samples a second — more than the rest
 * of loadlab's own cost at a low rate. A new connection is a new socket inode, so the table is
 * read again when a process holds an inode the last reading did not see, and at least every
 * maxTableAgeMs; in between, a connection is counted while its descriptor is open (one the peer
 * closed and the server has not yet closed stays counted until the next reading).
 */
export class EstablishedSockets {
  private established = new Set<string>();
  private classified = new Set<string>();
  private readAtMs = Number.NEGATIVE_INFINITY;
  /** How many times the TCP table was read. */
  tableReads = 0;

  constructor(
    private readonly readTable: () => Set<string> = readEstablishedInodes,
    private readonly nowMs: () => number = () => performance.now(),
  ) {}

  /** For each process's socket inodes (listed before this call), how many are established connections. */
  count(inodesByProcess: readonly (readonly string[])[]): number[] {
    const now = this.nowMs();
    const unseen = inodesByProcess.some((inodes) => inodes.some((inode) => !this.classified.has(inode)));
    const stale = now - this.readAtMs > maxTableAgeMs && inodesByProcess.some((inodes) => inodes.length > 0);
    if (unseen || stale) {
      this.established = this.readTable();
      this.classified = new Set(inodesByProcess.flat());
      this.readAtMs = now;
      this.tableReads += 1;
    }
    return inodesByProcess.map((inodes) => inodes.reduce((count, inode) => count + (this.established.has(inode) ? 1 : 0), 0));
  }
}
