import { describeValue, parseDuration } from '../text/duration.js';
import { closestName } from './closest-name.js';

/** One mistake in a scenario: where it is and what is wrong. */
export interface Issue {
  path: string;
  message: string;
}

type Plain = Record<string, unknown>;

/**
 * Reads fields out of untrusted input and collects every problem instead of stopping at the
 * first, so that a user can fix all of them in one go. Each reader returns a usable fallback
 * value after recording an issue, which lets validation carry on.
 */
export class FieldReader {
  readonly issues: Issue[] = [];

  report(path: string, message: string): void {
    this.issues.push({ path, message });
  }

  isObject(value: unknown): value is Plain {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  }

  object(value: unknown, path: string, allowedKeys: readonly string[]): Plain | undefined {
    if (!this.isObject(value)) {
      this.report(path, `expected an object, found ${describeValue(value)}`);
      return undefined;
    }
    for (const key of Object.keys(value)) {
      if (!allowedKeys.includes(key)) this.report(join(path, key), unknownField(key, allowedKeys));
    }
    return value;
  }

  optionalObject(value: unknown, path: string, allowedKeys: readonly string[]): Plain {
    if (value === undefined) return {};
    return this.object(value, path, allowedKeys) ?? {};
  }

  string(value: unknown, path: string): string | undefined {
    if (typeof value === 'string' && value.length > 0) return value;
    this.report(path, value === undefined ? 'is required' : `expected a non-empty string, found ${describeValue(value)}`);
    return undefined;
  }

  optionalString(value: unknown, path: string, fallback: string): string {
    if (value === undefined) return fallback;
    return this.string(value, path) ?? fallback;
  }

  oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[], fallback: T): T {
    if (value === undefined) return fallback;
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    this.report(path, `unknown value ${describeValue(value)} (${allowed.join(', ')})`);
    return fallback;
  }

  integer(value: unknown, path: string, minimum: number, fallback: number): number {
    if (value === undefined) return fallback;
    if (typeof value === 'number' && Number.isInteger(value) && value >= minimum) return value;
    this.report(path, `expected a whole number of at least ${minimum}, found ${describeValue(value)}`);
    return fallback;
  }

  number(value: unknown, path: string, range: { min: number; max?: number }, fallback: number): number {
    if (value === undefined) return fallback;
    const inRange = typeof value === 'number' && Number.isFinite(value) && value >= range.min && (range.max === undefined || value <= range.max);
    if (inRange) return value;
    const wanted = range.max === undefined ? `at least ${range.min}` : `between ${range.min} and ${range.max}`;
    this.report(path, `expected a number ${wanted}, found ${describeValue(value)}`);
    return fallback;
  }

  durationMs(value: unknown, path: string, fallbackMs: number, minimumMs = 0): number {
    if (value === undefined) return fallbackMs;
    const parsed = parseDuration(value);
    if ('error' in parsed) {
      this.report(path, parsed.error);
      return fallbackMs;
    }
    if (parsed.ms < minimumMs) {
      this.report(path, `must be at least ${minimumMs} ms, but is ${parsed.ms} ms`);
      return fallbackMs;
    }
    return parsed.ms;
  }

  stringList(value: unknown, path: string): string[] {
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      this.report(path, `expected a list of strings, found ${describeValue(value)}`);
      return [];
    }
    value.forEach((item, index) => {
      if (typeof item !== 'string') this.report(`${path}[${index}]`, `expected a string, found ${describeValue(item)}`);
    });
    return value.filter((item): item is string => typeof item === 'string');
  }

  stringMap(value: unknown, path: string): Record<string, string> {
    if (value === undefined) return {};
    if (!this.isObject(value)) {
      this.report(path, `expected an object of strings, found ${describeValue(value)}`);
      return {};
    }
    const result: Record<string, string> = {};
    for (const [key, item] of Object.entries(value)) {
      if (typeof item === 'string') result[key] = item;
      else this.report(join(path, key), `expected a string, found ${describeValue(item)}`);
    }
    return result;
  }

  list(value: unknown, path: string): unknown[] {
    if (Array.isArray(value) && value.length > 0) return value;
    this.report(path, value === undefined ? 'is required' : Array.isArray(value) ? 'must not be empty' : `expected a list, found ${describeValue(value)}`);
    return [];
  }
}

export function join(path: string, key: string): string {
  const safe = /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
  if (path === '') return safe;
  return safe === key ? `${path}.${key}` : `${path}[${safe}]`;
}

/** 'unknown field (expected one of: …)', with the field it was most likely meant to be. */
export function unknownField(key: string, allowedKeys: readonly string[]): string {
  const suggestion = closestName(key, allowedKeys);
  return `unknown field (expected one of: ${allowedKeys.join(', ')})${suggestion ? `; did you mean ${suggestion}?` : ''}`;
}
