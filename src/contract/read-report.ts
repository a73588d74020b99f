import { readFile } from 'node:fs/promises';
import { type CapacityReport, capacitySchema } from './capacity-report.js';
import { InputError } from './errors.js';
import type { Outcome } from './gate.js';
import { reportSchema, type RunReport } from './run-report.js';
import { trialName } from './trial-name.js';
import { runWarningsOf } from './run-warning.js';
import { capacityWarningsOf } from './capacity-warning.js';
import { regressionWarningsOf } from './regression-warning.js';

/*
 * The one reader of saved reports (`loadlab report`, `--baseline`, `compare`, `merge`): checks a
 * file holds a report of a schema loadlab knows with the fields its renderers read (a bad one is
 * one line naming the file and the field, exit 2), and upgrades a report written by an older
 * version once, here, so that no renderer keeps a fallback for it.
 */

/** A saved report of either kind `loadlab report` renders, told apart by its schema. */
export type SavedReport = { schema: typeof reportSchema; report: RunReport } | { schema: typeof capacitySchema; report: CapacityReport };

/** A run report as a file may hold it: versions before the outcome wrote none. */
export type SavedRunReport = Omit<RunReport, 'outcome'> & { outcome?: Outcome };

/** The report as this version writes it: with an outcome (withOutcome) and a kind for each warning, its comparison's too ('other' in a report written without kinds). */
export function upgradeRunReport(saved: SavedRunReport): RunReport {
  const report = withOutcome(saved);
  const { regression } = report;
  return {
    ...report,
    warningIds: runWarningsOf(report).map((warning) => warning.id),
    ...(regression ? { regression: { ...regression, warningIds: regressionWarningsOf(regression).map((warning) => warning.id) } } : {}),
  };
}

/** The capacity report as this version writes it: a kind for each warning ('other' in a report written without kinds). */
export function upgradeCapacityReport(saved: CapacityReport): CapacityReport {
  return { ...saved, warningIds: capacityWarningsOf(saved).map((warning) => warning.id) };
}

/**
 * A report without an outcome (its version said its gate
 * at the end, and its failed verdicts under each workload) gets one: its gate's failures and its
 * failed verdicts, so that every report opens with what failed and says each failure once.
 */
function withOutcome(saved: SavedRunReport): RunReport {
  if (saved.outcome) return { ...saved, outcome: saved.outcome };
  const { trials } = saved;
  const verdicts = trials.flatMap((trial) =>
    trial.verdicts
      .filter((verdict) => verdict.status === 'fail')
      .map((verdict) => ({ source: 'verdict' as const, message: `${trialName(trial, trials)}: ${verdict.id}: ${verdict.message}` })),
  );
  // a version that gated on verdicts too listed them among its gate's failures
  const thresholds = saved.gate.failures.filter((message) => !verdicts.some((check) => check.message === message));
  const failed = [...thresholds.map((message) => ({ source: 'threshold' as const, message })), ...verdicts];
  const unjudgedVerdicts = trials.reduce((sum, trial) => sum + trial.verdicts.filter((verdict) => verdict.status === 'no-data').length, 0);
  const headline = failed.length > 0 ? `Failed: ${failed.length} ${failed.length === 1 ? 'check' : 'checks'}.` : 'Passed: no check failed.';
  const outcome: Outcome = {
    status: failed.length > 0 ? 'failed' : 'passed',
    exitCode: failed.length > 0 ? 1 : 0,
    inconclusivePolicy: 'fail',
    failed,
    inconclusive: [],
    unjudgedVerdicts,
    headline,
  };
  // those versions ended their summary with 'Every check passed.' on verdicts alone, even when a threshold failed
  const summary = failed.length > 0 ? saved.summary?.filter((line) => line !== 'Every check passed.') : saved.summary;
  return { ...saved, outcome, ...(summary ? { summary } : {}) };
}

/** The report in a file, checked to be a loadlab/run@1 report with the fields the renderers read. */
export async function readRunReport(file: string): Promise<RunReport> {
  const value = await readJson(file, 'a loadlab run report');
  const schema = value.schema;
  if (schema !== reportSchema) {
    throw new InputError(`${file}: not a loadlab run report: expected schema '${reportSchema}', found ${describeSchema(schema)}`);
  }
  return upgradeRunReport(checked(file, 'run', value, runShape) as unknown as SavedRunReport);
}

/** A run or a capacity report in a file, checked to have the fields its renderers read. */
export async function readSavedReport(file: string): Promise<SavedReport> {
  const value = await readJson(file, 'a loadlab report');
  const schema = value.schema;
  if (schema === reportSchema) return { schema, report: upgradeRunReport(checked(file, 'run', value, runShape) as unknown as SavedRunReport) };
  if (schema === capacitySchema) return { schema, report: upgradeCapacityReport(checked(file, 'capacity', value, capacityShape) as unknown as CapacityReport) };
  throw new InputError(`${file}: not a loadlab report: expected schema '${reportSchema}' or '${capacitySchema}', found ${describeSchema(schema)}`);
}

/** A file's text; a missing or unreadable file is one line naming it, exit 2. */
export async function readTextFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot read it (${code ?? (error as Error).message})`);
  }
}

/** The file's JSON; anything else (no file, not JSON) is one line naming the file, exit 2. Not an object: no schema. */
async function readJson(file: string, what: string): Promise<Record<string, unknown>> {
  const text = await readTextFile(file);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file}: not ${what}: not JSON (${(error as Error).message.replace(/\s+/g, ' ')})`);
  }
  return isObject(value) ? value : {};
}

/** The top-level fields the renderers of a kind read: these must be lists, those objects. */
interface Shape {
  lists: readonly string[];
  objects: readonly string[];
  /** A list whose every entry must be an object with a list in this field. */
  nested?: { list: string; field: string };
}

const runShape: Shape = { lists: ['trials', 'comparisons', 'warnings'], objects: ['scenario', 'environment', 'gate'] };
const capacityShape: Shape = {
  lists: ['results', 'skipped', 'sizing', 'warnings', 'summary'],
  objects: ['scenario', 'environment', 'search'],
  nested: { list: 'results', field: 'steps' },
};

function checked(file: string, kind: string, report: Record<string, unknown>, shape: Shape): Record<string, unknown> {
  const problem = shapeProblem(report, shape);
  if (problem) throw new InputError(`${file}: a damaged loadlab ${kind} report: ${problem}`);
  return report;
}

/** The first field the renderers need that is missing or of the wrong type. */
function shapeProblem(report: Record<string, unknown>, shape: Shape): string | null {
  for (const field of shape.lists) if (!Array.isArray(report[field])) return `'${field}' is not a list`;
  for (const field of shape.objects) if (!isObject(report[field])) return `'${field}' is not an object`;
  const scenario = report.scenario as Record<string, unknown>;
  if (typeof scenario.name !== 'string' || !isObject(scenario.slo)) return "'scenario' has no name or no slo";
  if (shape.nested) {
    const { list, field } = shape.nested;
    const broken = (report[list] as unknown[]).findIndex((entry) => !isObject(entry) || !Array.isArray(entry[field]));
    if (broken !== -1) return `'${list}[${broken}].${field}' is not a list`;
  }
  return null;
}

function describeSchema(schema: unknown): string {
  if (schema === undefined) return 'no schema';
  return typeof schema === 'string' ? `'${schema}'` : isObject(schema) ? 'an object' : Array.isArray(schema) ? 'a list' : String(schema);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
