import type { ProcessRole, TopologyKindName } from './vocabulary.js';

/*
 * What an idle keep-alive connection costs each process of a deployment: the scenario's
 * `connectionCost` sweep, measured after the workloads on the same deployment. Part of
 * `loadlab/run@1` (RunReport.connectionCost).
 */

/** One process at one plateau: medians of its samples while the connections were held. */
export interface ProcessAtPlateau {
  pid: number;
  role: ProcessRole;
  /** Established TCP connections it held (from /proc). */
  connections: number;
  rssBytes: number;
  fds: number;
}

/** One count of the sweep: the connections loadlab held open and idle, and each process meanwhile. */
export interface ConnectionPlateau {
  /** Connections asked for. */
  target: number;
  /** Connections open and answered when the plateau was sampled. */
  held: number;
  /** Connections that could not be made or were not answered in time, at this count. */
  failed: number;
  processes: ProcessAtPlateau[];
}

/** A least-squares line y = base + perConnection × connections, with its r² over `points` plateaus. */
export interface LineFit {
  perConnection: number;
  base: number;
  rSquared: number;
  points: number;
}

/** What analysis made of one process's plateaus. */
export interface ProcessConnectionCost {
  pid: number;
  role: ProcessRole;
  /** RSS against its own connections: bytes per connection (perConnection) and without any (base); null when it held none of them. */
  rss: LineFit | null;
  /** Open file descriptors against its own connections: about 1 per connection, 2 for a proxy (client and upstream). */
  fds: LineFit | null;
  /** Its open-files limit (the soft one, from /proc/PID/limits); null when unreadable or unlimited. */
  openFilesLimit: number | null;
  /** The most connections its open-files limit allows at the fitted descriptors per connection; null without both. */
  maxConnections: number | null;
  /** Why there is no fit, in plain words, when there is none. */
  note?: string;
}

export interface ConnectionCost {
  topology: string;
  kind: TopologyKindName;
  instances: number;
  /** The path each connection asked for once (the app's readiness path), so that it is a keep-alive connection that served a request. */
  path: string;
  /** How long each plateau was sampled, after the connections settled. */
  holdMs: number;
  plateaus: ConnectionPlateau[];
  /** Each process's open-files limit as read during the sweep. */
  openFiles: { pid: number; soft: number | null }[];
  /** Set by analysis: per process. */
  processes?: ProcessConnectionCost[];
  /**
   * Set by analysis: the summed RSS of the processes that held the connections (those with an rss
   * fit), against the connections held; null when none did.
   */
  total?: LineFit | null;
  /** Set by analysis: the connections the memory the run may use would hold at the total cost per connection; null without a fit. */
  memoryAllows?: number | null;
  /** Why the sweep ended before its last count, when it did. */
  stoppedEarly?: string;
}
