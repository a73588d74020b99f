import { InvalidArgumentError } from 'commander';
import { parseDuration } from '../text/duration.js';

/** commander parsers: a bad value becomes commander's own one-line error, exit 2. */
export function durationOption(value: string): number {
  const parsed = parseDuration(/^\d+(\.\d+)?$/.test(value) ? Number(value) : value);
  if ('error' in parsed) throw new InvalidArgumentError(parsed.error);
  return parsed.ms;
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
