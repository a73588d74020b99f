import { InvalidArgumentError } from 'commander';
import { parseDuration } from '../text/duration.js';

/** commander parsers: a bad value becomes commander's own one-line error, exit 2. */
export function durationOption(value: string): number {
  const parsed = parseDuration(/^\d+(\.\d+)?$/.test(value) ? Number(value) : value);
  if ('error' in parsed) throw new InvalidArgumentError(parsed.error);
  return parsed.ms;
}

/** A commander parser for a duration of at least `minimumMs`, e.g. the measured phase (a phase of 0 ms measures nothing). */
export function durationOfAtLeast(minimumMs: number, what: string): (value: string) => number {
  return (value) => {
    const ms = durationOption(value);
    if (ms < minimumMs) throw new InvalidArgumentError(`${what} must last at least ${minimumMs} ms, but '${value}' is ${ms} ms`);
    return ms;
  };
}

export function positiveIntegerOption(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError(`expected a whole number of at least 1, found '${value}'`);
  return parsed;
}

/** --generators: a number of load generator threads, or 'auto'. */
export function generatorsOption(value: string): number | 'auto' {
  return value === 'auto' ? 'auto' : positiveIntegerOption(value);
}

/** Repeatable and comma-separated: --topology a --topology b,c → [a, b, c]. */
export function collectNames(value: string, previous: string[] | undefined): string[] {
  return [
    ...(previous ?? []),
    ...value
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== ''),
  ];
}

/** Process ids, space- or comma-separated, repeatable: --pids 12 13 --pids 14,15 → [12, 13, 14, 15]. */
export function collectPids(value: string, previous: number[] | undefined): number[] {
  return collectNames(value, undefined).reduce((pids, text) => {
    const pid = Number(text);
    if (!Number.isInteger(pid) || pid < 1) throw new InvalidArgumentError(`expected process ids (whole numbers), found '${text}'`);
    return [...pids, pid];
  }, previous ?? []);
}
