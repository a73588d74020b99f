import { appendFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { gatingChecks } from '../analysis/outcome.js';
import type { Outcome } from '../contract/gate.js';
import type { RegressionReport } from '../contract/regression-report.js';
import { renderJunit, type JunitInput } from '../render/gate/junit.js';
import { renderRegressionMarkdown } from '../render/gate/regression-markdown.js';
import { replaceFile } from '../render/write-files.js';

/** Writes JUnit XML with --junit, and says where. */
export async function publishJunit(file: string | undefined, input: JunitInput, stderr: (text: string) => void): Promise<void> {
  if (!file) return;
  const path = await replaceFile(dirname(file), basename(file), renderJunit(input));
  stderr(`JUnit XML written to ${path}\n`);
}

export interface ComparisonOutputs {
  regression: RegressionReport;
  outcome: Outcome;
  /** Trials whose verdicts gated the outcome (ab: the current side's), for JUnit. */
  trials?: JunitInput['trials'];
  /** The heading's name: 'comparison', 'A/B'. */
  title: string;
  junitFile?: string;
  suiteName: string;
  write: (text: string) => void;
  stderr: (text: string) => void;
}

/**
 * What `compare` and `ab` show: the comparison's markdown on stdout (also appended to
 * GITHUB_STEP_SUMMARY when it is set), its warnings on stderr too, and JUnit with --junit.
 */
export async function publishComparison(outputs: ComparisonOutputs): Promise<void> {
  const markdown = renderRegressionMarkdown(outputs.regression, outputs.outcome, outputs.title);
  outputs.write(markdown);
  for (const warning of outputs.regression.warnings) outputs.stderr(`warning: ${warning}\n`);
  const summary = process.env.GITHUB_STEP_SUMMARY;
  if (summary)
    await appendFile(summary, `\n${markdown}`).catch((error: Error) => outputs.stderr(`warning: could not append to GITHUB_STEP_SUMMARY: ${error.message}\n`));
  await publishJunit(
    outputs.junitFile,
    { regression: outputs.regression, outcome: outputs.outcome, suiteName: outputs.suiteName, ...(outputs.trials ? { trials: outputs.trials } : {}) },
    outputs.stderr,
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
