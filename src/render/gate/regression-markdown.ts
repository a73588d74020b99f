import type { Outcome } from '../../contract/gate.js';
import { joinBlocks } from '../common/text-blocks.js';
import type { RegressionReport } from '../../contract/regression-report.js';
import { escapeMarkdown } from '../../text/markdown.js';
import { checkKind, outcomeIcon, outcomeLines } from './outcome-text.js';
import { regressionSection } from '../sections/gate.js';
import { markdownBlocks } from '../sections/markdown.js';

/**
 * A comparison (`loadlab compare`, `loadlab ab`) as GitHub-flavoured markdown, for a
 * pull-request comment or GITHUB_STEP_SUMMARY: the outcome first, with every check that did not
 * pass, then the comparison itself (sections/gate.ts) under that heading. Pure.
 */
export function renderRegressionMarkdown(report: RegressionReport, outcome: Outcome, title = 'comparison'): string {
  const sections = [
    [`## loadlab · ${escapeMarkdown(title)} · ${outcomeIcon(outcome)} ${escapeMarkdown(outcome.headline)}`, ...outcomeList(outcome)],
    ...markdownBlocks(regressionSection(report)),
  ];
  return joinBlocks(sections);
}

/** The checks of an outcome that did not pass, as a list (empty when all passed). */
export function outcomeList(outcome: Outcome): string[] {
  const lines = outcomeLines(outcome);
  return lines.length === 0 ? [] : ['', ...lines.map(({ icon, check }) => `- ${icon} ${escapeMarkdown(check.message)} (${checkKind(check, outcome)})`)];
}
