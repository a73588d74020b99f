import { collectValues, maxRegressionOption } from '../option-parsers.js';
import { InvalidArgumentError } from 'commander';
import { defineOptions } from './option-spec.js';

/** The options that make a command a gate (thresholds, a baseline, how it judges), each declared once. */

/** How much worse a metric may get before the comparison calls it a regression, unless --max-regression says otherwise. */
export const defaultMaxRegression = 0.1;

/** --threshold, repeatable. */
export const thresholdOptions = defineOptions({
  threshold: { argument: '<expr>', help: "gate, e.g. 'p99 < 150ms' or 'errors == 0' (repeatable); a failed one exits 1", parse: collectValues },
});

/** --abort-on-fail [run]: the thresholds judged while each trial runs. Given alone (commander's true) it is 'trial'. */
export const abortOnFailOptions = defineOptions({
  abortOnFail: {
    argument: '[scope]',
    help: "judge the thresholds while each trial runs and stop it once one fails (exit 1); 'run' also skips the trials after it",
    parse: (text: string): true | 'trial' | 'run' => {
      if (text !== 'run' && text !== 'trial') throw new InvalidArgumentError(`expected 'run' or 'trial' (the default), found '${text}'`);
      return text;
    },
  },
});

/** --baseline, --save-baseline and --save-baseline-always. */
export const baselineOptions = defineOptions({
  baseline: { argument: '<file>', help: 'compare with a saved run; a significant regression exits 1' },
  saveBaseline: { argument: '<file>', help: 'write the run as the new baseline, when its gate passed' },
  saveBaselineAlways: { help: 'with --save-baseline: save it even when the gate did not pass' },
});

/** --max-regression and --inconclusive: how a comparison with a baseline gates. */
export const comparisonOptions = defineOptions({
  maxRegression: {
    argument: '<share>',
    help: 'how much worse counts as a regression',
    parse: maxRegressionOption,
    default: defaultMaxRegression,
    shownDefault: `${defaultMaxRegression * 100}%`,
  },
  inconclusive: {
    argument: '<policy>',
    help: "what a check that could not be judged (too few samples, nothing compared) does: 'fail' exits 1, 'warn' exits 0 with a warning",
    choices: ['fail', 'warn'],
    default: 'fail',
  },
});
