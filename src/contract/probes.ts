import type { Figure } from './common.js';
import type { ProcessRole } from './vocabulary.js';

/**
 * One process of the deployment over the measured phase. A figure is null when it could not
 * be measured (no /proc, no agent in the process, the process too short-lived): never zero.
 */
export interface ProcessProbe {
  pid: number;
  role: ProcessRole;
  /** Fraction of one core: 1.0 = one core busy. */
  cpu: Figure | null;
  /**
   * The same CPU split by thread (from /proc/<pid>/task): null when no thread was read in the
   * measured phase, absent in reports of versions that did not read them.
   */
  threads?: ThreadsProbe | null;
  rssBytes: Figure | null;
  fds: Figure | null;
  /** Established TCP connections it holds. */
  connections: Figure | null;
  /** From the in-app agent: mean of each interval's median, highest interval p99, highest delay. */
  eventLoopDelayMs: (Figure & { p99: number }) | null;
  /** From the in-app agent: requests it handled per second, and in all, in the measured phase. */
  requests: (Figure & { total: number }) | null;
  /** V8 heap limit reported by the agent. */
  heapLimitBytes: number | null;
  series: ProcessSeriesPoint[];
  /**
   * The V8 heap in use at each of the agent's lines, on the series' time axis (t in seconds from
   * the start of the measured phase). Absent without the agent, and in reports of versions that
   * did not record it.
   */
  heapSeries?: HeapSeriesPoint[];
}

/**
 * A process's CPU by thread over the measured phase, each in fractions of one core. Threads are
 * told apart by id, not name (Node names them all `node`): the main thread is the one whose id
 * is the process id, and runs the event loop; the others are worker threads, libuv's pool and
 * V8's helpers.
 */
export interface ThreadsProbe {
  /** The most threads the process had at one sample. */
  count: number;
  main: Figure;
  /** Every other thread together. */
  others: Figure;
  /** The busiest other thread at each sample (not always the same thread). */
  busiest: Figure;
}

/** One agent line's heap figure; t in seconds from the start of the measured phase. */
export interface HeapSeriesPoint {
  t: number;
  usedBytes: number;
}

/** One sample of a process; t in seconds from the start of the measured phase (the load series' axis). */
export interface ProcessSeriesPoint {
  t: number;
  cpu: number | null;
  /** The main thread's share of cpu; absent where threads were not read, null where cpu is. */
  mainThreadCpu?: number | null;
  rssBytes: number;
  fds: number;
  connections: number;
}

/** How evenly work was spread over the serving processes (workers or instances). */
export interface Distribution {
  shares: { pid: number; share: number }[];
  /** Highest share ÷ fair share (1 ÷ processes): 1.0 is perfectly even. */
  imbalance: number;
  /** Jain's fairness index: 1.0 is perfectly even, 1/n is all on one process. */
  jainIndex: number;
}

export interface ProbeSummary {
  intervalMs: number;
  /** Why process figures are missing, when they are: e.g. 'no /proc on this platform'. */
  unavailable: string[];
  processes: ProcessProbe[];
  /** Fraction of all the machine's cores busy, from /proc/stat. */
  hostCpu: Figure | null;
  totals: {
    /** Sum of the processes' mean CPU, in cores. */
    cpu: number | null;
    /** Sum of the processes' peak RSS. */
    rssBytes: number | null;
    /** Sum of the processes' peak connections. */
    connections: number | null;
    /** Requests counted by the agent in all processes. */
    requests: number | null;
  };
  /**
   * Shares of the serving processes. With keep-alive the connections are split once, when
   * they are accepted, and requests then follow their connection: both are reported.
   */
  distribution: { requests: Distribution | null; connections: Distribution | null };
}

export interface ClientHealth {
  /** loadlab's own process, in fractions of one core (with several generator threads, all of them together). */
  cpu: Figure | null;
  eventLoopDelayMs: (Figure & { p99: number }) | null;
  bottleneck: boolean;
  /** Why it is judged a bottleneck, in plain words; empty when it is not. */
  reason: string;
  /**
   * Each load generator thread, when the load ran in several (`generators`, or shards merged
   * by `loadlab merge`); absent when one thread of one process drove it. Any one of them at its
   * limit makes the client the bottleneck.
   */
  generators?: GeneratorHealth[];
}

/** One load generator thread over the measured phase. */
export interface GeneratorHealth {
  /** 1-based: generator k drove the k-th share of the load. */
  generator: number;
  /** The shard it ran in, 1-based (`--shard I/N`, then `loadlab merge`); absent in a run on one machine. */
  shard?: number;
  /** Fraction of one core, from the thread's own CPU time over the measured phase; null where that cannot be read. */
  cpu: number | null;
}
