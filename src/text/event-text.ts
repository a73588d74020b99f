import type { TrialEvent, TrialResult } from '../model.js';
import { formatDuration } from './duration.js';
import { formatLatency, groupThousands } from './format.js';

/**
 * An event in words: 'reload at 1 s took 1.2 s; 0 errors; p99 41.0 ms during it against
 * 12.0 ms before'. With `detail`, what the deployment said it did follows. Pure.
 */
export function describeEvent(event: TrialEvent, options: { detail: boolean }): string {
  const late = event.startedMs !== null && event.startedMs - event.atMs >= 100 ? ` (began at ${formatDuration(event.startedMs)}, after the one before it)` : '';
  const head = `${event.action} at ${formatDuration(event.atMs)}${late}`;
  if (event.status === 'skipped') return `${head} skipped: ${event.detail}`;
  if (event.status === 'failed') return `${head} failed: ${event.detail}`;
  const took = event.startedMs !== null && event.endedMs !== null ? ` took ${formatDuration(event.endedMs - event.startedMs)}` : ' done';
  const figures = event.impact ? `; ${impactText(event.impact)}` : '';
  return `${head}${took}${figures}${options.detail && event.detail !== '' ? ` (${event.detail})` : ''}`;
}

function impactText(impact: NonNullable<TrialEvent['impact']>): string {
  const errors = `${groupThousands(impact.errors)} ${impact.errors === 1 ? 'error' : 'errors'}`;
  if (impact.p99DuringMs === null) return `${errors}; no response during it`;
  const before = impact.p99BeforeMs === null ? '' : ` against ${formatLatency(impact.p99BeforeMs)} before`;
  return `${errors}; p99 ${formatLatency(impact.p99DuringMs)} during it${before}`;
}

/** The events of a workload's trials, each with its trial's label, in trial order: what every renderer lists. */
export function eventEntries(trials: readonly TrialResult[], label: (trial: TrialResult) => string): { label: string; text: string }[] {
  return trials.flatMap((trial) => (trial.events ?? []).map((event) => ({ label: label(trial), text: describeEvent(event, { detail: true }) })));
}
