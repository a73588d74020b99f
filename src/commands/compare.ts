import { realpath } from 'node:fs/promises';
import { decideOutcome } from '../analysis/outcome.js';
import { compareRuns } from '../analysis/regression/index.js';
import { InputError, type ExitCodeValue } from '../contract/errors.js';
import type { RunReport } from '../contract/run-report.js';
import type { WriterOutput } from '../render/write.js';
import { publishComparison, sayWhyNotPassed } from './gate-output.js';
import { readRunReport } from '../contract/read-report.js';
import type { CommandOptions } from './options/command-table.js';
import { openWriter } from './open-writer.js';

/** The options of `loadlab compare`, as the command table declares them. */
export type CompareCommandOptions = CommandOptions<'compare'>;

/**
 * `loadlab compare <base.json> <current.json>`: per topology × workload, the change in p50,
 * p99 and rps with a verdict; exit 1 on a regression (worse by more than --max-regression and
 * significant given the samples of every repeat), and on anything it could not judge unless
 * --inconclusive warn. One file twice, or two reports of one run, is a usage error (exit 2).
 */
export async function compareCommand(baseFile: string, currentFile: string, options: CompareCommandOptions, context: WriterOutput): Promise<ExitCodeValue> {
  const writer = await openWriter(options, context, true);
  const [base, current] = [await readRunReport(baseFile), await readRunReport(currentFile)];
  await refuseSameRun(baseFile, currentFile, base, current);
  const regression = compareRuns(base, current, { maxRegression: options.maxRegression });
  const outcome = decideOutcome({ regression, inconclusive: options.inconclusive });
  await publishComparison(writer, { regression, outcome, title: 'comparison', suiteName: current.scenario.name });
  sayWhyNotPassed(outcome, (text) => context.stderr.write(text), false);
  return writer.exitCode(outcome.exitCode);
}

/** A run against itself always says "no change": that is a mistake in the command, not a result. */
async function refuseSameRun(baseFile: string, currentFile: string, base: RunReport, current: RunReport): Promise<void> {
  const [a, b] = await Promise.all([realpath(baseFile), realpath(currentFile)]);
  if (a === b) throw new InputError(`${currentFile}: the same file as the base (${baseFile}): compare a run with another run`);
  const sameRun =
    base.startedAt === current.startedAt && base.scenario.name === current.scenario.name && JSON.stringify(base.trials) === JSON.stringify(current.trials);
  if (sameRun) throw new InputError(`${currentFile}: the same run as ${baseFile} (started ${base.startedAt}, the same trials): compare a run with another run`);
}
