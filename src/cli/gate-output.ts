import { appendFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { RegressionReport } from '../analysis/regression/index.js';
import type { ThresholdResult } from '../model.js';
import { renderJunit } from '../report/junit.js';
import { renderRegressionMarkdown } from '../report/regression-markdown.js';
import { replaceFile } from '../report/write-files.js';

export interface GateOutputs {
  regression?: RegressionReport;
  thresholds?: ThresholdResult[];
  junitFile?: string;
  suiteName: string;
  /** Where the regression table goes: stdout, or stderr when stdout carries JSON. */
  write: (text: string) => void;
  stderr: (text: string) => void;
}

/**
 * What a CI gate shows besides the run's own report: the regression table (also appended to
 * GITHUB_STEP_SUMMARY when it is set) and, with --junit, JUnit XML with a test case per
 * threshold and per compared metric.
 */
export async function publishGate(outputs: GateOutputs): Promise<void> {
  if (outputs.regression) {
    const table = renderRegressionMarkdown(outputs.regression);
    outputs.write(`\n${table}`);
    const summary = process.env.GITHUB_STEP_SUMMARY;
    if (summary) await appendFile(summary, `\n${table}`).catch((error: Error) => outputs.stderr(`warning: could not append to GITHUB_STEP_SUMMARY: ${error.message}\n`));
  }
  if (outputs.junitFile) {
    const xml = renderJunit({ thresholds: outputs.thresholds, regression: outputs.regression, suiteName: outputs.suiteName });
    const path = await replaceFile(dirname(outputs.junitFile), basename(outputs.junitFile), xml);
    outputs.stderr(`JUnit XML written to ${path}\n`);
  }
}
