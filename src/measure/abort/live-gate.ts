import type { TrialAbort, TrialResult } from '../../contract/trial.js';
import { describeThreshold } from '../../analysis/thresholds/describe.js';
import { describeValue, metricValue } from '../../analysis/thresholds/metrics.js';
import { holds, type ScopedThreshold } from '../../scenario/thresholds/parse.js';
import type { MetricName } from '../../scenario/thresholds/metric-names.js';
import type { StopCheck } from '../drivers/driver.js';
import { overallFigures, type RecordedSoFar } from '../recording/measurement-window.js';

/** The figures a running trial has: its latency and counts. The probes' (cpu, rss…) are judged at the end only. */
const liveMetrics: ReadonlySet<MetricName> = new Set(['p50', 'p90', 'p99', 'p999', 'max', 'mean', 'rps', 'errors', 'error_rate', 'timeouts', 'non2xx']);

/** Four times a second: a gate lost is acted on within a quarter of a second, for a few µs of the pacer's time each. */
const everyMs = 250;

/** Which thresholds of the run stop a trial (abortOnFail, or all of them with --abort-on-fail) and apply to it. */
export function abortingThresholds(
  thresholds: readonly ScopedThreshold[],
  trial: Pick<TrialResult, 'topology' | 'workload' | 'sweep'>,
  all: boolean,
): ScopedThreshold[] {
  return thresholds.filter(
    (scoped) =>
      (all || scoped.abortOnFail === true) &&
      liveMetrics.has(scoped.threshold.metric) &&
      (scoped.topology === undefined || scoped.topology === trial.topology || scoped.topology === trial.sweep) &&
      (scoped.workload === undefined || scoped.workload === trial.workload),
  );
}

/**
 * Thresholds judged while a trial runs, over the measured phase so far (each once it has run
 * abortAfterMs): the first that fails stops the trial, and is kept as why.
 */
export class LiveGate implements StopCheck {
  readonly everyMs = everyMs;
  /** Set once a threshold failed: what stopped the trial. */
  failed: TrialAbort | undefined;

  constructor(private readonly thresholds: readonly ScopedThreshold[]) {}

  stopNow(soFar: RecordedSoFar, measuredMs: number): boolean {
    if (this.failed) return true;
    const due = this.thresholds.filter((scoped) => measuredMs >= (scoped.abortAfterMs ?? 0));
    if (due.length === 0) return false;
    // the metrics read a trial's latency and counts only (liveMetrics): the rest of a trial is not there yet
    const trial = overallFigures(soFar, Math.max(1, measuredMs)) as TrialResult;
    for (const scoped of due) {
      const { metric, operator, value: limit } = scoped.threshold;
      const value = metricValue(metric, trial);
      if (value === null || holds(value, operator, limit)) continue;
      const threshold = describeThreshold(scoped.threshold.source, scoped);
      this.failed = { atMs: Math.round(measuredMs), threshold, message: `${threshold}: had ${describeValue(metric, value, limit)}` };
      return true;
    }
    return false;
  }
}
