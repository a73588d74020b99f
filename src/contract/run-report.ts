import type { RunWarningId } from './run-warning.js';
import type { ReportHeader, SkippedTopology } from './common.js';
import type { Outcome, ThresholdResult } from './gate.js';
import type { RegressionReport } from './regression-report.js';
import type { ScalingCurve } from './scaling.js';
import type { ConnectionCost } from './connection-cost.js';
import type { TrialResult } from './trial.js';

/*
 * The result of `loadlab run`, as plain serialisable data: written as
 * `reports/<scenario>-<timestamp>.json` with schema id `loadlab/run@1`. Its field names are a
 * public contract and never change meaning within that schema id; a field added is optional.
 */

export const reportSchema = 'loadlab/run@1';

export interface RunReport extends ReportHeader {
  schema: typeof reportSchema;
  trials: TrialResult[];
  /** Topologies left out because they cannot run here (e.g. nginx not installed); the rest of the run went on. */
  skipped: SkippedTopology[];
  comparisons: Comparison[];
  gate: {
    passed: boolean;
    failures: string[];
    /** Every threshold judged against every trial in its scope (src/analysis/thresholds/); absent when the run had none. */
    thresholdResults?: ThresholdResult[];
  };
  /** Warnings about the run as a whole, as data every renderer shows. */
  warnings: string[];
  /** The kind of each of `warnings`, in the same order (contract/run-warning.ts); absent in reports of versions without it (read as 'other'). */
  warningIds?: RunWarningId[];
  /** The run in plain words, one sentence a line, shown at the top of every report. */
  summary?: string[];
  /** Per topology × workload over its repeats (--repeat N): median and 95% interval; absent in reports of versions without it. */
  repeats?: RepeatSummary[];
  /** Per scaling sweep (`instances: [1, 2, 4]`) and workload: the curve and its USL fit; absent when the run had no sweep. */
  scaling?: ScalingCurve[];
  /** Per topology, when the scenario has connectionCost: what an idle keep-alive connection costs its processes. */
  connectionCost?: ConnectionCost[];
  /** The comparison with --baseline, when one was given. */
  regression?: RegressionReport;
  /** The outcome every report and the exit code read. Reports of versions without it get one when read (contract/read-report.ts). */
  outcome: Outcome;
}

/** Whether two trials served the same thing, so that comparing their figures is like for like. */
export interface Parity {
  ok: boolean;
  /** One line per difference, e.g. 'bytes per response: 1.2 KiB against 152 B (+690%)'; empty when ok. */
  differences: string[];
}

/** A topology against the baseline (the scenario's compareTo, else the first topology that ran), on one workload. */
export interface Comparison {
  workload: string;
  topology: string;
  baseline: string;
  /** rps ÷ the baseline's rps; null when the baseline served nothing. */
  throughputRatio: number | null;
  /** p99 ÷ the baseline's p99 (below 1 is better); null when the baseline has no latency. */
  p99Ratio: number | null;
  /** throughputRatio ÷ (instances ÷ the baseline's instances): 1 means perfect scaling. */
  scalingEfficiency: number | null;
  /** Status-code mix, bytes per response and content-encoding against the baseline's; null when either received no response. */
  parity: Parity | null;
  /** Why the speed-up cannot be believed (above what the processes and cores could add), with the advice; absent when it can. */
  suspect?: string;
  /** With repeats on both sides: false when the 95% intervals of their rps overlap (no clear difference); absent without repeats. */
  clearDifference?: boolean;
}

/** One figure over the repeats of a topology × workload. */
export interface RepeatEstimate {
  /** Median of the repeats' values: the figure to quote, robust to one disturbed repeat. */
  median: number;
  mean: number;
  /** 95% confidence interval of the mean (Student's t over the repeats); null with fewer than two repeats. */
  ci95: { low: number; high: number } | null;
  /** Each repeat's value, in repeat order. */
  values: number[];
}

/** A topology × workload over its repeats (src/analysis/run/repeats.ts). */
export interface RepeatSummary {
  topology: string;
  workload: string;
  /** In an A/B run, which side these repeats ran. */
  variant?: 'base' | 'current';
  /** Trials summarised. */
  repeats: number;
  /** Requests per second of each repeat's measured phase. */
  rps: RepeatEstimate;
  /** Latency in ms; null when no repeat received a response. Repeats without a response are left out. */
  p50Ms: RepeatEstimate | null;
  p99Ms: RepeatEstimate | null;
}
