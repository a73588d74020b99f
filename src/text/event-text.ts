import { formatDuration } from './duration.js';
import { formatLatency, groupThousands } from './format.js';

/** What describeEvent reads of an event (a TrialEvent of the run report). */
export interface EventWords {
  action: string;
  atMs: number;
  startedMs: number | null;
  endedMs: number | null;
  status: 'done' | 'failed' | 'skipped';
  detail: string;
  impact?: { errors: number; p99DuringMs: number | null; p99BeforeMs: number | null };
}

/**
 * An event in words: 'reload at 1 s took 1.2 s; 0 errors; p99 41.0 ms during it against
 * 12.0 ms before'. With `detail`, what the deployment said it did follows. Pure.
 */
export function describeEvent(event: EventWords, options: { detail: boolean }): string {
  const late = event.startedMs !== null && event.startedMs - event.atMs >= 100 ? ` (began at ${formatDuration(event.startedMs)}, after the one before it)` : '';
  const head = `${event.action} at ${formatDuration(event.atMs)}${late}`;
  if (event.status === 'skipped') return `${head} skipped: ${event.detail}`;
  if (event.status === 'failed') return `${head} failed: ${event.detail}`;
  const took = event.startedMs !== null && event.endedMs !== null ? ` took ${formatDuration(event.endedMs - event.startedMs)}` : ' done';
  const figures = event.impact ? `; ${impactText(event.impact)}` : '';
  return `${head}${took}${figures}${options.detail && event.detail !== '' ? ` (${event.detail})` : ''}`;
}

function impactText(impact: NonNullable<EventWords['impact']>): string {
  const errors = `${groupThousands(impact.errors)} ${impact.errors === 1 ? 'error' : 'errors'}`;
  if (impact.p99DuringMs === null) return `${errors}; no response during it`;
  const before = impact.p99BeforeMs === null ? '' : ` against ${formatLatency(impact.p99BeforeMs)} before`;
  return `${errors}; p99 ${formatLatency(impact.p99DuringMs)} during it${before}`;
}
