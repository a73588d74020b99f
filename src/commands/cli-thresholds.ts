import { parseThreshold, type ScopedThreshold } from '../scenario/thresholds/parse.js';
import { InputError } from '../contract/errors.js';

/** --threshold, repeatable: each parsed; a bad one is one line naming the option, exit 2. */
export function cliThresholds(texts: readonly string[] | undefined): ScopedThreshold[] {
  const problems: string[] = [];
  const thresholds = (texts ?? []).flatMap((text) => {
    const parsed = parseThreshold(text);
    if ('error' in parsed) {
      problems.push(`--threshold '${text}': ${parsed.error}`);
      return [];
    }
    return [{ threshold: parsed.threshold }];
  });
  if (problems.length > 0) throw new InputError(problems);
  return thresholds;
}
