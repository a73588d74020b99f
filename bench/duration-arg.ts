import { parseDuration } from '../src/text/duration.js';

/** A benchmark's duration argument ('2s', '500ms') in ms; a bad one stops the benchmark. */
export function msOf(text: string): number {
  const parsed = parseDuration(text);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed.ms;
}
