import { InvalidArgumentError } from 'commander';
import { reportFormats, type ReportFormat } from '../render/report-kind.js';
import { maxArrivalRate } from '../scenario/types.js';
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

/** A rate in requests per second, above 0. */
export function rateOption(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new InvalidArgumentError(`expected a rate in requests per second above 0, found '${value}'`);
  return parsed;
}

/** A rate loadlab is to send at, above 0 and at most maxArrivalRate. */
export function arrivalRateOption(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0 || parsed > maxArrivalRate)
    throw new InvalidArgumentError(`expected a rate in requests per second above 0 and at most ${maxArrivalRate.toLocaleString('en-US')}, found '${value}'`);
  return parsed;
}

/** --max-regression: '10%' or a fraction such as 0.1. */
export function maxRegressionOption(value: string): number {
  const match = /^(\d+(?:\.\d+)?)(%?)$/.exec(value.trim());
  const fraction = match ? Number(match[1]) / (match[2] === '%' ? 100 : 1) : Number.NaN;
  if (!Number.isFinite(fraction) || fraction <= 0 || fraction >= 1)
    throw new InvalidArgumentError(`expected a share such as 10% or 0.1 (between 0 and 1), found '${value}'`);
  return fraction;
}

/** Repeatable: each value added to those before. */
export function collectValues(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/**
 * `--format a,b`: the formats in the order given, each once. A name not in `allowed` is
 * commander's own one-line error, exit 2. Not repeatable: commander would add a repeated value
 * to the default list instead of replacing it.
 */
export function formatListOption(allowed: readonly ReportFormat[] = reportFormats): (value: string) => ReportFormat[] {
  return (value) => {
    const names = value
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== '');
    if (names.length === 0) throw new InvalidArgumentError(`expected one or more of ${allowed.join(', ')}, comma-separated`);
    const unknown = names.filter((name) => !(allowed as readonly string[]).includes(name));
    if (unknown.length > 0) {
      const list = unknown.map((name) => `'${name}'`).join(', ');
      throw new InvalidArgumentError(`unknown format ${list} (${allowed.join(', ')})`);
    }
    return [...new Set(names)] as ReportFormat[];
  };
}

/** The shortest measured phase of a capacity step: shorter holds too few requests for a p99. */
export const minStepDurationMs = 200;

/** A capacity step's measured phase, minStepDurationMs at least. */
export function stepDurationOption(value: string): number {
  const ms = durationOption(value);
  if (ms < minStepDurationMs) throw new InvalidArgumentError(`a step must measure for at least ${minStepDurationMs}ms, but '${value}' is ${ms} ms`);
  return ms;
}
