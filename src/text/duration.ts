const unitMs = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
const pattern = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)\s*$/;

/**
 * Parses a duration: a string with a unit ('500ms', '10s', '1.5m', '1h') or a number of
 * milliseconds. Returns milliseconds, or an explanation of why the value is not a duration.
 */
export function parseDuration(value: unknown): { ms: number } | { error: string } {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return { error: `expected a duration of 0 ms or more, found ${value}` };
    return { ms: value };
  }
  if (typeof value !== 'string') return { error: `expected a duration such as '10s' or a number of milliseconds, found ${describeValue(value)}` };
  const match = pattern.exec(value);
  if (!match) return { error: `cannot read '${value}' as a duration (use a number with ms, s, m or h, e.g. '500ms', '10s', '2m')` };
  const amount = Number(match[1]);
  const unit = match[2] as keyof typeof unitMs;
  return { ms: amount * unitMs[unit] };
}

/** Formats milliseconds for people: 800 ms, 2.5 s, 3 min. */
export function formatDuration(ms: number): string {
  if (Number(round(ms)) < 1000) return `${round(ms)} ms`;
  if (Number(round(ms / 1000)) < 120) return `${round(ms / 1000)} s`;
  return `${round(ms / 60_000)} min`;
}

/** Milliseconds as a scenario file writes them, in the largest unit that keeps them whole: '10s', '500ms', '2m'. parseDuration reads it back to the same value. */
export function durationInput(ms: number): string {
  for (const unit of ['h', 'm', 's'] as const) if (ms > 0 && ms % unitMs[unit] === 0) return `${ms / unitMs[unit]}${unit}`;
  return `${ms}ms`;
}

function round(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** A short description of any value for error messages: 'a string', "'abc'", '-3', 'an array'. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'object') return 'an object';
  return String(value);
}
