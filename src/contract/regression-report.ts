import type { RegressionWarningId } from './regression-warning.js';
import type { EntryVersion } from './common.js';
/*
 * The regression comparison of two runs (`loadlab compare`, `run --baseline`, `ab`), computed by
 * src/analysis/regression/ and embedded in a run report made with --baseline.
 */

export type Direction = 'lower-is-better' | 'higher-is-better';

/**
 * 'not-enough-data' — a side has no sample, the base median is 0, or there are too few samples
 * for any difference to be significant — is never a pass (see RegressionReport.passed).
 */
export type ChangeVerdict = 'regression' | 'improvement' | 'no-change' | 'not-enough-data';

export interface SampleComparison {
  verdict: ChangeVerdict;
  baseMedian: number | null;
  currentMedian: number | null;
  baseCount: number;
  currentCount: number;
  /** (current median − base median) ÷ base median: +0.2 is 20% higher; null when there is no base median to divide by. */
  change: number | null;
  /** Two-sided Mann–Whitney p-value of current against base: whether they differ at all. */
  pValue: number | null;
  /**
   * Two-sided Mann–Whitney p-value of current against base scaled to the edge of the tolerance
   * in the direction of the change (× 1.1 for +10%): whether they differ by more than the
   * tolerance. Null when the change is within the tolerance (there is nothing to test).
   */
  pBeyondTolerance: number | null;
  /** The verdict's reason in plain words, without the metric's name or figures: 'within the 10% tolerance'. */
  reason: string;
}

export type RegressionMetric = 'p50' | 'p99' | 'rps';

/** One metric of one topology × workload, base against current. Medians in ms (p50, p99) or requests per second (rps). */
export interface MetricComparison extends SampleComparison {
  metric: RegressionMetric;
  direction: Direction;
  /**
   * Each run's own figure over its whole measured phase (the median over repeats): what its
   * report shows, beside the medians of the samples that were tested. Null without a response.
   */
  baseRun: number | null;
  currentRun: number | null;
  /** For a person: 'cluster on cpu: p99 +23.5% (31.2 ms → 38.5 ms): worse by more than the 10% tolerance, significantly (p < 0.001)'. */
  message: string;
}

/** What is compared per request of a workload of several: its p99, and its share of failures. */
export type RequestMetric = 'p99' | 'errors';

/**
 * One metric of one request of a topology × workload, base against current, from the request's
 * own windows (RequestFigures.windows) by the same rule as the trial's metrics. p99: medians in
 * ms. errors: each window's failures ÷ (answers + failures), and the *means* of those shares
 * (failures are sparse: the median window of a 1% error rate has none).
 */
export interface RequestMetricComparison extends SampleComparison {
  /** The request's name (TrialResult.byRequest's key). */
  request: string;
  metric: RequestMetric;
  direction: Direction;
  /** The request's windows on each side: their width differs from the trial's when the request is a small part of the mix. */
  samples: SampleUnit;
  /** Each run's own figure for the request over its whole measured phase (median over repeats); null without a response. */
  baseRun: number | null;
  currentRun: number | null;
  /** For a person: 'cluster on checkout · login: p99 +42.0% (12.1 ms → 17.2 ms): worse by more than the 10% tolerance, significantly (p < 0.001)'. */
  message: string;
}

export interface TrialKey {
  topology: string;
  workload: string;
}

/**
 * What one sample is: a short window of the measured phase (StatWindows; its width on each
 * side), or one second of the series when a side's report has no windows (an older version).
 */
export interface SampleUnit {
  unit: 'window' | 'second';
  widthMs: { base: number; current: number };
}

export interface TrialComparison extends TrialKey {
  /** Trials (repeats) on each side whose samples were pooled. */
  repeats: { base: number; current: number };
  samples: SampleUnit;
  metrics: MetricComparison[];
  /**
   * Per request, for a workload of several requests whose reports both carry each request's
   * windows: its p99 and errors. Absent when not compared (one request, or a side of a version
   * without them: the warnings say which).
   */
  requests?: RequestMetricComparison[];
}

/** Enough of a run to say which one it was. */
export interface RunIdentity {
  scenario: string;
  startedAt: string;
  loadlab: string;
  node: string;
  cpus: number;
  cpuModel: string;
  /** The app's entry and the commit it was at, when the run recorded them (an A/B side always does). */
  app?: EntryVersion;
}

export interface RegressionReport {
  base: RunIdentity;
  current: RunIdentity;
  maxRegression: number;
  alpha: number;
  /** Per topology × workload that ran in both, in the current run's order. */
  comparisons: TrialComparison[];
  /** Ran in one run only: listed, not compared. */
  onlyInBase: TrialKey[];
  onlyInCurrent: TrialKey[];
  /** A metric of some topology × workload regressed. */
  regressed: boolean;
  /** No regression, nothing inconclusive, and something was compared: what a gate requires. */
  passed: boolean;
  /** Each regression, one line each. */
  regressions: string[];
  /**
   * What could not be judged, one line each with what to do: a metric without enough samples, a
   * topology × workload on one side only, nothing compared at all. Never a pass (see outcome.ts).
   */
  inconclusive: string[];
  /** What makes the comparison mean less than it says: different machines, different load settings. */
  warnings: string[];
  /** The kind of each of `warnings`, in the same order (contract/regression-warning.ts); absent in reports of versions without it (read as 'other'). */
  warningIds?: RegressionWarningId[];
}
