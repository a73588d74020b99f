import type { RegressionReport } from '../analysis/regression/compare-runs.js';
import type { ThresholdResult } from '../model.js';

export interface JunitInput {
  /** Every threshold result (RunReport.gate.thresholdResults): one test case each. */
  thresholds?: ThresholdResult[];
  /** One test case per compared metric of each topology × workload, and a skipped one per trial on one side only. */
  regression?: RegressionReport;
  /** The name of the root and the prefix of each suite, e.g. the scenario's name. */
  suiteName: string;
}

interface TestCase {
  name: string;
  /** Absent: passed. */
  failure?: { type: string; message: string };
  skipped?: string;
}

/**
 * JUnit XML that CI systems (GitHub test reporters, GitLab, Jenkins) show as tests: a suite for
 * the thresholds and one for the regression comparison, each present when its input is.
 * Anything other than a pass — a failed threshold, a regression, not enough data — is a
 * <failure>; a trial that ran on one side only is <skipped>. Every name and message is escaped;
 * characters XML 1.0 cannot hold are dropped. Pure.
 */
export function renderJunit(input: JunitInput): string {
  const suites: { name: string; cases: TestCase[] }[] = [];
  if (input.thresholds) suites.push({ name: 'thresholds', cases: thresholdCases(input.thresholds) });
  if (input.regression) suites.push({ name: 'regression', cases: regressionCases(input.regression) });
  const count = (cases: readonly TestCase[]) => ({
    tests: cases.length,
    failures: cases.filter((entry) => entry.failure).length,
    skipped: cases.filter((entry) => entry.skipped !== undefined).length,
  });
  const all = count(suites.flatMap((suite) => suite.cases));
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${attribute(input.suiteName)}" tests="${all.tests}" failures="${all.failures}" errors="0" skipped="${all.skipped}">`,
  ];
  for (const suite of suites) {
    const totals = count(suite.cases);
    const classname = attribute(`${input.suiteName}.${suite.name}`);
    lines.push(`  <testsuite name="${attribute(`${input.suiteName} · ${suite.name}`)}" tests="${totals.tests}" failures="${totals.failures}" errors="0" skipped="${totals.skipped}">`);
    for (const entry of suite.cases) {
      const open = `    <testcase classname="${classname}" name="${attribute(entry.name)}"`;
      if (entry.failure) {
        lines.push(`${open}>`, `      <failure type="${attribute(entry.failure.type)}" message="${attribute(entry.failure.message)}">${text(entry.failure.message)}</failure>`, '    </testcase>');
      } else if (entry.skipped !== undefined) {
        lines.push(`${open}>`, `      <skipped message="${attribute(entry.skipped)}"/>`, '    </testcase>');
      } else {
        lines.push(`${open}/>`);
      }
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

function thresholdCases(results: readonly ThresholdResult[]): TestCase[] {
  return results.map((result) => {
    const scope = [result.scope.topology === undefined ? null : `topology ${result.scope.topology}`, result.scope.workload === undefined ? null : `workload ${result.scope.workload}`].filter((part) => part !== null);
    const subject = result.threshold + (scope.length > 0 ? ` (${scope.join(', ')})` : '');
    const { trial } = result;
    // The repeat is named only when the threshold judged several of that trial, so that names stay the same from run to run otherwise.
    const several = trial !== null && results.filter((other) => other.threshold === result.threshold && sameTrial(other.trial, trial)).length > 1;
    const where = trial === null ? '' : ` · ${trial.topology} on ${trial.workload}${trial.variant ? ` (${trial.variant})` : ''}${several ? ` · repeat ${trial.repeat}` : ''}`;
    const name = subject + where;
    if (result.status === 'pass') return { name };
    return { name, failure: { type: result.status === 'fail' ? 'threshold' : 'not-enough-data', message: result.message } };
  });
}

function sameTrial(a: ThresholdResult['trial'], b: NonNullable<ThresholdResult['trial']>): boolean {
  return a !== null && a.topology === b.topology && a.workload === b.workload && a.variant === b.variant;
}

function regressionCases(report: RegressionReport): TestCase[] {
  const cases: TestCase[] = report.comparisons.flatMap((comparison) =>
    comparison.metrics.map((metric): TestCase => {
      const name = `${comparison.topology} on ${comparison.workload} · ${metric.metric}`;
      if (metric.verdict === 'regression' || metric.verdict === 'not-enough-data') return { name, failure: { type: metric.verdict, message: metric.message } };
      return { name };
    }),
  );
  if (report.comparisons.length === 0) {
    cases.push({ name: 'comparison', failure: { type: 'not-enough-data', message: report.failures[0] ?? 'nothing to compare' } });
  }
  for (const [keys, side] of [[report.onlyInBase, 'the base run'], [report.onlyInCurrent, 'the current run']] as const) {
    for (const key of keys) cases.push({ name: `${key.topology} on ${key.workload}`, skipped: `ran only in ${side}: not compared` });
  }
  return cases;
}

/** Characters XML 1.0 does not allow anywhere, even escaped: control characters other than tab, line feed and carriage return, and lone surrogates. */
const notXml = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Element text. */
function text(value: string): string {
  return value.replace(notXml, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A double-quoted attribute value; line breaks and tabs as character references, since a parser turns literal ones into spaces. */
function attribute(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}
