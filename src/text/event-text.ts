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

/** What describeExit reads of a process's exit (a ProcessExitEvent of the run report). */
export interface ExitWords {
  pid: number;
  role: string;
  code: number | null;
  signal: string | null;
  atMs: number;
  phase: 'before' | 'warmup' | 'measured';
  during: string | null;
  replacedBy: { pid: number | null; by: string } | null;
}

/**
 * A process's exit in words: 'instance 4242 was killed by SIGKILL 1.5 s into the measured phase;
 * nothing took its place'. Pure.
 */
export function describeExit(exit: ExitWords): string {
  const how = exit.signal !== null ? `was killed by ${exit.signal}` : exit.code !== null ? `exited with code ${exit.code}` : 'exited (code and signal unknown)';
  const when = exitTime(exit);
  const cause = exit.during === null ? '' : ` during the ${exit.during} event`;
  const replaced =
    exit.replacedBy === null ? '' : `; ${exit.replacedBy.by} started ${exit.replacedBy.pid === null ? 'another' : exit.replacedBy.pid} in its place`;
  return `${exit.role} ${exit.pid} ${how} ${when}${cause}${replaced}`;
}

/** When an exit happened: '1.5 s into the measured phase', 'in the warm-up, 300 ms before the measured phase', 'before this trial began'. */
export function exitTime(exit: Pick<ExitWords, 'atMs' | 'phase'>): string {
  if (exit.phase === 'before') return 'before this trial began, and nothing took its place';
  if (exit.phase === 'measured') return `${formatDuration(Math.max(0, exit.atMs))} into the measured phase`;
  return `in the warm-up, ${formatDuration(Math.max(0, -exit.atMs))} before the measured phase`;
}
