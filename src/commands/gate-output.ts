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
 * On a non-zero exit, one line per check that stopped the gate, then the headline, on stderr
 * whatever --format and --quiet say: a CI log must name what failed.
 */
export function sayWhyNotPassed(outcome: Outcome, stderr: (text: string) => void): void {
  if (outcome.exitCode === 0) return;
  for (const check of gatingChecks(outcome)) {
    const judged = outcome.failed.includes(check) ? 'failed' : 'not judged';
    stderr(`gate: ${judged} (${check.source}): ${check.message}\n`);
  }
  stderr(`gate: ${outcome.headline}\n`);
}
