import type { LatencySummary, Phase, RequestCounts, SeriesPoint } from '../model.js';

/** What a load driver measured in one trial. */
export interface LoadResult {
  phases: { warmup: Phase; measured: Phase };
  latencyMs: LatencySummary;
  requests: RequestCounts;
  series: SeriesPoint[];
  /** True when the load was stopped before its measured phase ended. */
  interrupted: boolean;
}

export interface LoadProgress {
  phase: 'warmup' | 'measured';
  elapsedMs: number;
  totalMs: number;
  /** Responses per second over the last progress interval. */
  recentRps: number;
}
