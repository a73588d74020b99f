import type { ProcessRole } from './vocabulary.js';

/** A topology the run left out because it cannot run on this machine. */
export interface SkippedTopology {
  topology: string;
  reason: string;
}

export interface Environment {
  node: string;
  os: string;
  cpus: number;
  cpuModel: string;
  memoryBytes: number;
  /**
   * The memory the run's processes may use together: the cgroup limit when one binds (a
   * container), else the physical memory. Absent in reports of versions that did not record it.
   */
  memoryLimitBytes?: number;
  memoryLimitSource?: 'cgroup' | 'physical';
}

export interface ScenarioSummary {
  name: string;
  description: string;
  /** The scenario file as given on the command line; '' when there was none (`loadlab run --url`). */
  file: string;
  slo: { p50: number; p99: number };
  scaleWhen: { cpu: number; latencyMs: number; memory: number; connectionsPerInstance: number };
  thresholds: string[];
  /** Share of failed requests (errors and non-2xx) a trial may have and still pass the errors verdict: 0 to 1. */
  errorTolerance: number;
  /** The topology every other is compared against on each workload; null: the first one that ran. */
  compareTo: string | null;
  /** The app's entry that was measured and its commit; absent in reports of versions that did not record it. */
  app?: EntryVersion;
}

/** Which code a run measured. */
export interface EntryVersion {
  /** The app's entry file, absolute. */
  entry: string;
  /** The commit of the git checkout the entry lies in; null outside one (or without git). */
  commit: string | null;
  /** Whether that checkout had uncommitted changes to tracked files; null when unknown. */
  dirty: boolean | null;
}

export interface Phase {
  startedAt: string;
  endedAt: string;
  durationMs: number;
}

export interface LatencySummary {
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
  stdev: number;
}

/** A figure over the measured phase: the mean and the highest of its samples. */
export interface Figure {
  mean: number;
  max: number;
}

export interface ProcessInfo {
  pid: number;
  role: ProcessRole;
}

export interface ProcessCpu {
  pid: number;
  role: ProcessRole;
  /** Fraction of one core: 1.0 = one core busy; null when it could not be measured. */
  cpu: number | null;
}

/** What every loadlab report opens with, after its schema: who wrote it, when, on what, and whether it is whole. */
export interface ReportHeader {
  loadlab: string;
  startedAt: string;
  finishedAt: string;
  /** True when the work was stopped early (Ctrl-C, SIGTERM, an error): the figures are what was measured before. */
  interrupted: boolean;
  /**
   * False in the report kept on disk while the work goes on (rewritten after each finished trial
   * or search): a report left so was cut short by loadlab's death. True once loadlab finished
   * it. Absent in reports of versions before it, which were written once, at the end.
   */
  complete?: boolean;
  environment: Environment;
  scenario: ScenarioSummary;
}
