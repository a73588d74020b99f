import type { Breakpoint, TrialResult } from '../../contract/trial.js';
import { formatDuration } from '../../text/duration.js';
import { formatLatency, formatRps, groupThousands } from '../../text/format.js';
import { trialName } from '../../contract/trial-name.js';

/** The breakpoint in words: 'p99 crossed 150 ms at 512 req/s, 5.9 s into the ramp'. */
export function describeBreakpoint(breakpoint: Breakpoint): string {
  const where =
    breakpoint.connections === undefined
      ? `${formatRps(breakpoint.rps)} req/s`
      : `${groupThousands(breakpoint.connections)} connections (${formatRps(breakpoint.rps)} req/s)`;
  return `${whatCrossed(breakpoint)} at ${where}, ${formatDuration(breakpoint.atMs)} into the ramp`;
}

function whatCrossed(breakpoint: Breakpoint): string {
  switch (breakpoint.metric) {
    case 'p99':
    case 'p50':
      return `${breakpoint.metric} crossed ${formatLatency(breakpoint.limit)}`;
    case 'errors':
      return `errors rose past ${share(breakpoint.limit)} of requests (${share(breakpoint.value)})`;
    case 'threshold':
      return `${breakpoint.threshold ?? 'a threshold'} failed`;
  }
}

function share(fraction: number): string {
  const percent = fraction * 100;
  return `${percent >= 10 || percent === 0 ? Math.round(percent) : Number(percent.toPrecision(2))}%`;
}

/** A line per staged trial for the run's summary: where it broke, or that it held to the end. */
export function breakpointSentences(trials: readonly TrialResult[]): string[] {
  return trials.flatMap((trial) => {
    if (trial.breakpoint === undefined) return [];
    if (trial.breakpoint !== null) return [`${trialName(trial, trials)}: ${describeBreakpoint(trial.breakpoint)}.`];
    const last = trial.load.stages?.at(-1)?.target ?? 0;
    const top = trial.load.model === 'open' ? `${formatRps(last)} req/s` : `${groupThousands(last)} connections`;
    return [`${trialName(trial, trials)}: held its targets through the ramp, up to ${top}.`];
  });
}

/** A line per trial stopped early: which threshold failed and when. */
export function abortSentences(trials: readonly TrialResult[]): string[] {
  return trials.flatMap((trial) =>
    trial.aborted ? [`${trialName(trial, trials)}: stopped ${formatDuration(trial.aborted.atMs)} into the measured phase: ${trial.aborted.message}.`] : [],
  );
}
