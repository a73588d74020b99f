import { median } from 'simple-statistics';
import { isProcessExit, type EventImpact, type SeriesPoint, type TimelineEntry, type TrialEvent, type TrialResult } from '../../contract/trial.js';

type LoadModel = TrialResult['load']['model'];

/** How far before an event the open model's seconds are counted as its own (see eventImpact). */
const openModelLookbackMs = 1000;

/**
 * What a done event did to the load, from the trial's per-second series: the seconds from the
 * one it began in (open model: the one a second before it began) to the one a second after it ended, because a connection the event cut shows
 * up as an error only when the client notices (a reset, a timeout). Their errors and highest
 * p99, against the median p99 of the seconds before it (the median, so that one slow second
 * before the event does not set the bar; an earlier event's seconds are left out). Pure.
 */
export function eventImpact(
  event: TrialEvent,
  series: readonly SeriesPoint[],
  options: { model?: LoadModel; earlier?: readonly EventImpact[] } = {},
): EventImpact | undefined {
  if (event.status !== 'done' || event.startedMs === null || event.endedMs === null || series.length === 0) return undefined;
  const earlier = options.earlier ?? [];
  // the open model files a request under the second it was meant to start: one in flight when
  // the event began may be filed under the second before
  const lookbackMs = options.model === 'open' ? openModelLookbackMs : 0;
  const fromS = Math.max(0, Math.floor((event.startedMs - lookbackMs) / 1000));
  const toS = Math.max(fromS, Math.ceil((event.endedMs + 1000) / 1000) - 1);
  const during = series.filter((point) => point.t >= fromS && point.t <= toS);
  const answered = (points: readonly SeriesPoint[]) => points.flatMap((point) => (point.rps > 0 && point.p99Ms !== null ? [point.p99Ms] : []));
  const p99During = answered(during);
  // an earlier event's seconds are its disturbance, not the bar this one is measured against
  const disturbed = (t: number) => earlier.some((impact) => t >= impact.fromS && t <= impact.toS);
  const p99Before = answered(series.filter((point) => point.t < fromS && !disturbed(point.t)));
  return {
    fromS,
    toS: Math.min(toS, Math.max(...series.map((point) => point.t))),
    errors: during.reduce((sum, point) => sum + point.errors, 0),
    p99DuringMs: p99During.length > 0 ? Math.max(...p99During) : null,
    p99BeforeMs: p99Before.length > 0 ? median(p99Before) : null,
  };
}

/** The trial with each of its done events' impact (a process's exit has none); a trial without events as it is. */
export function withEventImpact(trial: TrialResult): TrialResult {
  if (!trial.events) return trial;
  return {
    ...trial,
    events: trial.events.reduce<TimelineEntry[]>((done, event) => {
      if (isProcessExit(event)) return [...done, event];
      const { impact: _old, ...rest } = event;
      const earlier = done.flatMap((previous) => (!isProcessExit(previous) && previous.impact ? [previous.impact] : []));
      const impact = eventImpact(rest, trial.series, { model: trial.load.model, earlier });
      return [...done, impact ? { ...rest, impact } : rest];
    }, []),
  };
}
