import type { ProcessRole } from '../../contract/vocabulary.js';
import type { AgentLine } from './agent-files.js';
import type { ThreadSample } from './process-threads.js';

/** One /proc reading of one process. Times are epoch milliseconds. */
export interface ProcessSample {
  t: number;
  pid: number;
  role: ProcessRole;
  /** Fraction of one core since the previous sample of this pid; null on its first sample. */
  cpu: number | null;
  /** The same interval's CPU split by thread; null on its first sample, absent where threads were not read. */
  threads?: ThreadSample | null;
  rssBytes: number;
  fds: number;
  /** Established TCP connections among its file descriptors. */
  connections: number;
}

/** loadlab's own process: the load generator. */
export interface ClientSample {
  t: number;
  /** Fraction of one core since the previous sample. */
  cpu: number;
  elP50Ms: number;
  elP99Ms: number;
  elMaxMs: number;
}

/** Everything the probes recorded during one trial, before any analysis. */
export interface RawProbes {
  intervalMs: number;
  /** False where /proc does not exist: process figures are then unavailable, never zero. */
  procAvailable: boolean;
  /** Whether the in-app agent was loaded into the app's Node processes. */
  agentLoaded: boolean;
  processes: ProcessSample[];
  /** Fraction of all cores busy, machine-wide. */
  host: { t: number; cpu: number }[];
  agent: AgentLine[];
  client: ClientSample[];
  /** How long each /proc sample took (in the worker thread), in ms. */
  sampleCostMs: number[];
}
