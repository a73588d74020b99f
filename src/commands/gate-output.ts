import { gatingChecks } from '../analysis/outcome.js';
import type { Outcome } from '../contract/gate.js';
import type { RegressionReport } from '../contract/regression-report.js';
import { renderJunit, type JunitInput } from '../render/gate/junit.js';
import { renderRegressionMarkdown } from '../render/gate/regression-markdown.js';
import type { ReportWriter } from '../render/write.js';

export interface ComparisonOutputs {
  regression: RegressionReport;
  outcome: Outcome;
  /** Trials whose verdicts gated the outcome (ab: the current side's), for JUnit. */
  trials?: JunitInput['trials'];
  /** The heading's name: 'comparison', 'A/B'. */
  title: string;
  suiteName: string;
}

/**
 * What `compare` and `ab` show: the comparison's markdown on stdout (also appended to
 * GITHUB_STEP_SUMMARY when it is set), its warnings on stderr too, and JUnit with --junit.
 */
export async function publishComparison(writer: ReportWriter, outputs: ComparisonOutputs): Promise<void> {
  const markdown = renderRegressionMarkdown(outputs.regression, outputs.outcome, outputs.title);
  writer.print(markdown);
  for (const warning of outputs.regression.warnings) writer.say(`warning: ${warning}`);
  await writer.appendStepSummary(() => markdown);
  await writer.writeFile('junit', () =>
    renderJunit({
      regression: outputs.regression,
      outcome: outputs.outcome,
      suiteName: outputs.suiteName,
      ...(outputs.trials ? { trials: outputs.trials } : {}),
    }),
  );
}

/**
 * On a non-zero exit, the headline on stderr whatever --format and --quiet say: a CI log must say
 * the gate did not pass. Before it one line per check that stopped the gate, unless the report on
 * stdout lists them (listedOnStdout): each failure is said once.
 */
export function sayWhyNotPassed(outcome: Outcome, stderr: (text: string) => void, listedOnStdout: boolean): void {
  if (outcome.exitCode === 0) return;
  if (listedOnStdout) {
    stderr(`gate: ${outcome.headline} (each check is listed in the report on stdout)\n`);
    return;
  }
  for (const check of gatingChecks(outcome)) {
    const judged = outcome.failed.includes(check) ? 'failed' : 'not judged';
    stderr(`gate: ${judged} (${check.source}): ${check.message}\n`);
  }
  stderr(`gate: ${outcome.headline}\n`);
}
