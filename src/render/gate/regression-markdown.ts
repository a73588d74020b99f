import type { Outcome } from '../../contract/gate.js';
import { joinBlocks } from '../common/text-blocks.js';
import type { RegressionReport, TrialKey } from '../../contract/regression-report.js';
import { escapeMarkdown, table } from '../../text/markdown.js';
import { checkKind, outcomeIcon, outcomeLines } from './outcome-text.js';
import { comparisonRows, describeRun, regressionColumns, regressionLegend } from './regression-figures.js';

/**
 * A comparison (`loadlab compare`, `loadlab ab`) as GitHub-flavoured markdown, for a
 * pull-request comment or GITHUB_STEP_SUMMARY: the outcome first, with every check that did not
 * pass, then the comparison itself (regressionSection). Pure.
 */
export function renderRegressionMarkdown(report: RegressionReport, outcome: Outcome, title = 'comparison'): string {
  const sections = [
    [`## loadlab · ${escapeMarkdown(title)} · ${outcomeIcon(outcome)} ${escapeMarkdown(outcome.headline)}`, ...outcomeList(outcome)],
    ...regressionSection(report),
  ];
  return joinBlocks(sections);
}

/** The checks of an outcome that did not pass, as a list (empty when all passed). */
export function outcomeList(outcome: Outcome): string[] {
  const lines = outcomeLines(outcome);
  return lines.length === 0 ? [] : ['', ...lines.map(({ icon, check }) => `- ${icon} ${escapeMarkdown(check.message)} (${checkKind(check, outcome)})`)];
}

/**
 * The comparison as blocks of markdown: the two runs, one table row per topology × workload ×
 * metric, a legend that says what each figure is, what ran on one side only, and the warnings.
 */
export function regressionSection(report: RegressionReport): string[][] {
  return [
    [`- **Base**: ${escapeMarkdown(describeRun(report.base))}`, `- **Current**: ${escapeMarkdown(describeRun(report.current))}`],
    report.comparisons.length === 0 ? ['Nothing was compared.'] : table([...regressionColumns], report.comparisons.flatMap(comparisonRows), 3),
    report.comparisons.length === 0 ? [] : [`**How to read it**: ${escapeMarkdown(regressionLegend(report))}`],
    onlyOneSide('Only in base (not compared)', report.onlyInBase),
    onlyOneSide('Only in current (not compared)', report.onlyInCurrent),
    report.warnings.length === 0 ? [] : ['**Warnings**', '', ...report.warnings.map((warning) => `- ⚠️ ${escapeMarkdown(warning)}`)],
  ];
}

function onlyOneSide(title: string, keys: readonly TrialKey[]): string[] {
  return keys.length === 0 ? [] : [`**${title}**: ${keys.map((key) => escapeMarkdown(`${key.topology} on ${key.workload}`)).join(', ')}`];
}
