import type { Outcome, ThresholdResult } from '../../contract/gate.js';
import type { RegressionReport } from '../../contract/regression-report.js';
import type { TrialResult } from '../../contract/trial.js';
import { describeThreshold } from '../../analysis/thresholds/describe.js';
import { trialName } from '../../contract/trial-name.js';

export interface JunitInput {
  /** Every threshold result (RunReport.gate.thresholdResults): one test case each. */
  thresholds?: readonly ThresholdResult[];
  /** One test case per compared metric of each topology × workload and of each of its requests, and one per topology × workload on one side only. */
  regression?: RegressionReport;
  /** One test case per verdict of each trial. */
  trials?: readonly TrialResult[];
  /** Decides what a check that could not be judged is: a failure, or skipped with --inconclusive warn. */
  outcome: Outcome;
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
 * the thresholds, one for the regression comparison and one for the trials' verdicts, each
 * present when its input is. It tells the outcome's story: a failed threshold, a regression or a
 * failed verdict is a <failure>; a check that could not be judged is a <failure> of type
 * 'inconclusive', or <skipped> under --inconclusive warn; a verdict without data is <skipped>.
 * So the file has a failure exactly when the command exits 1. Every name and message is
 * escaped; characters XML 1.0 cannot hold are dropped. Pure.
 */
export function renderJunit(input: JunitInput): string {
  const notJudged = (name: string, message: string): TestCase =>
    input.outcome.inconclusivePolicy === 'fail'
      ? { name, failure: { type: 'inconclusive', message } }
      : { name, skipped: `inconclusive (--inconclusive warn): ${message}` };
  const suites: { name: string; cases: TestCase[] }[] = [];
  if (input.thresholds && input.thresholds.length > 0) suites.push({ name: 'thresholds', cases: thresholdCases(input.thresholds, notJudged) });
  if (input.regression) suites.push({ name: 'regression', cases: regressionCases(input.regression, notJudged) });
  if (input.trials && input.trials.some((trial) => trial.verdicts.length > 0)) suites.push({ name: 'verdicts', cases: verdictCases(input.trials) });
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
    lines.push(
      `  <testsuite name="${attribute(`${input.suiteName} · ${suite.name}`)}" tests="${totals.tests}" failures="${totals.failures}" errors="0" skipped="${totals.skipped}">`,
    );
    for (const entry of suite.cases) {
      const open = `    <testcase classname="${classname}" name="${attribute(entry.name)}"`;
      if (entry.failure) {
        lines.push(
          `${open}>`,
          `      <failure type="${attribute(entry.failure.type)}" message="${attribute(entry.failure.message)}">${text(entry.failure.message)}</failure>`,
          '    </testcase>',
        );
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

type NotJudged = (name: string, message: string) => TestCase;

function thresholdCases(results: readonly ThresholdResult[], notJudged: NotJudged): TestCase[] {
  return results.map((result) => {
    const subject = describeThreshold(result.threshold, result.scope);
    const { trial } = result;
    // The repeat is named only when the threshold judged several of that trial, so that names stay the same from run to run otherwise.
    const judged = results.filter((other) => other.threshold === result.threshold).flatMap((other) => (other.trial ? [other.trial] : []));
    const name = trial === null ? subject : `${subject} · ${trialName(trial, judged)}`;
    if (result.status === 'pass') return { name };
    if (result.status === 'no-data') return notJudged(name, result.message);
    return { name, failure: { type: 'threshold', message: result.message } };
  });
}

function regressionCases(report: RegressionReport, notJudged: NotJudged): TestCase[] {
  const cases: TestCase[] = report.comparisons.flatMap((comparison) =>
    [...comparison.metrics, ...(comparison.requests ?? [])].map((metric): TestCase => {
      const subject = 'request' in metric ? `${metric.request} · ${metric.metric}` : metric.metric;
      const name = `${comparison.topology} on ${comparison.workload} · ${subject}`;
      if (metric.verdict === 'regression') return { name, failure: { type: 'regression', message: metric.message } };
      if (metric.verdict === 'not-enough-data') return notJudged(name, metric.message);
      return { name };
    }),
  );
  if (report.comparisons.length === 0) cases.push(notJudged('comparison', report.inconclusive[0] ?? 'nothing to compare'));
  for (const [keys, side] of [
    [report.onlyInBase, 'base'],
    [report.onlyInCurrent, 'current'],
  ] as const) {
    for (const key of keys) {
      const name = `${key.topology} on ${key.workload}`;
      cases.push(
        notJudged(name, report.inconclusive.find((line) => line.startsWith(`${name}: ran in the ${side} run only`)) ?? `${name}: ran in the ${side} run only`),
      );
    }
  }
  return cases;
}

function verdictCases(trials: readonly TrialResult[]): TestCase[] {
  return trials.flatMap((trial) => {
    const where = trialName(trial, trials);
    return trial.verdicts.map((verdict): TestCase => {
      const name = `${where} · ${verdict.id}`;
      if (verdict.status === 'fail') return { name, failure: { type: 'verdict', message: verdict.message } };
      if (verdict.status === 'no-data') return { name, skipped: verdict.message };
      return { name };
    });
  });
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
