import type { TrialResult } from '../../contract/trial.js';
import { formatLatency, formatRps, groupThousands, missing } from '../../text/format.js';

/**
 * A workload's figures per request (byRequest) as text cells, shared by every format: one row a
 * request of each trial, in the order the report holds them. Pure.
 */
export const requestColumns = ['topology', 'request', 'requests', 'rps', 'p50', 'p90', 'p99', 'errors', 'checks failed'] as const;

/** The rows of the workload's trials that have figures per request; a trial of one request without checks adds nothing to its own row. */
export function requestRows(trials: readonly TrialResult[], label: (trial: TrialResult) => string): string[][] {
  return trials.flatMap((trial) => {
    const entries = Object.entries(trial.byRequest ?? {});
    if (entries.length < 2 && !trial.flow) return [];
    return entries.map(([name, figures]) => [
      label(trial),
      name,
      groupThousands(figures.requests.total),
      formatRps(figures.requests.rps),
      formatLatency(figures.latencyMs?.p50 ?? null),
      formatLatency(figures.latencyMs?.p90 ?? null),
      formatLatency(figures.latencyMs?.p99 ?? null),
      groupThousands(figures.errors),
      figures.checked === undefined ? missing : groupThousands(figures.checksFailed),
    ]);
  });
}
