import { compareRuns } from '../analysis/regression/index.js';
import { ExitCode, type ExitCodeValue } from '../errors.js';
import { publishGate } from './gate-output.js';
import { readRunReport } from './report-command.js';

export interface CompareCommandOptions {
  maxRegression: number;
  junit?: string;
}

/**
 * `loadlab compare <base.json> <current.json>`: per topology × workload, the change in p50,
 * p99 and rps with a verdict; exit 1 on a regression (worse by more than --max-regression and
 * significant given the per-second samples of every repeat).
 */
export async function compareCommand(baseFile: string, currentFile: string, options: CompareCommandOptions, context: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }): Promise<ExitCodeValue> {
  const [base, current] = [await readRunReport(baseFile), await readRunReport(currentFile)];
  const regression = compareRuns(base, current, { maxRegression: options.maxRegression });
  await publishGate({
    regression,
    junitFile: options.junit,
    suiteName: current.scenario.name,
    write: (text) => context.stdout.write(text),
    stderr: (text) => context.stderr.write(text),
  });
  return regression.regressed ? ExitCode.gateFailed : ExitCode.ok;
}
