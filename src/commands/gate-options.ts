import { InvalidArgumentError, Option } from 'commander';
import { parseThreshold, type ScopedThreshold } from '../scenario/thresholds/parse.js';
import { InputError } from '../contract/errors.js';

/** --max-regression: '10%' or a fraction such as 0.1. */
export function maxRegressionOption(value: string): number {
  const match = /^(\d+(?:\.\d+)?)(%?)$/.exec(value.trim());
  const fraction = match ? Number(match[1]) / (match[2] === '%' ? 100 : 1) : Number.NaN;
  if (!Number.isFinite(fraction) || fraction <= 0 || fraction >= 1)
    throw new InvalidArgumentError(`expected a share such as 10% or 0.1 (between 0 and 1), found '${value}'`);
  return fraction;
}

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

export function collectValues(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** --inconclusive: what a check that could not be judged does to the exit code. */
export function inconclusiveOption(): Option {
  return new Option(
    '--inconclusive <policy>',
    "what a check that could not be judged (too few samples, nothing compared) does: 'fail' exits 1, 'warn' exits 0 with a warning",
  )
    .choices(['fail', 'warn'])
    .default('fail');
}
