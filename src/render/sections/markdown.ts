import { escapeMarkdown, table } from '../../text/markdown.js';
import { textChart } from './terminal-chart-block.js';
import type { Block, Section, VerdictLine, VerdictsBlock, WorkloadSection } from './model.js';

/** A workload as markdown: a heading, how it was driven, its table and the lines under it, then its parts. */
export function markdownWorkload(section: WorkloadSection): string[] {
  return [
    `### ${escapeMarkdown(section.workload)}`,
    ...(section.load ? ['', section.load] : []),
    ...section.blocks.flatMap((block) => ['', ...markdownBlock(block)]),
    ...section.parts.flatMap(markdownSection),
  ];
}

/** A section's blocks as markdown, each its own block of lines (a blank line goes between them): for a report whose heading says the section's title. */
export function markdownBlocks(section: Section): string[][] {
  return section.blocks.map(markdownBlock);
}

/** A section as markdown: a heading of its own for a run's section, a bold title inside a workload's; every text escaped. */
export function markdownSection(section: Section): string[] {
  const qualifier = escapeMarkdown(section.qualifier ?? '');
  const title = section.level === 'run' ? `### ${escapeMarkdown(section.title)}${qualifier}` : `**${escapeMarkdown(section.title)}**${qualifier}`;
  return [...(section.level === 'workload' ? [''] : []), title, ...section.blocks.flatMap((block) => ['', ...markdownBlock(block)])];
}

const noteIcons = { warning: '⚠️ ', note: 'ℹ️ ' } as const;

function markdownBlock(block: Block): string[] {
  switch (block.kind) {
    case 'table': {
      // markdown aligns by column; the leading text columns are left-aligned
      const leading = block.columns.findIndex((_, index) => !block.textColumns.includes(index));
      return table(block.columns, block.rows, leading === -1 ? block.columns.length : leading);
    }
    case 'notes':
      return [
        ...(block.title ? [`**${escapeMarkdown(block.title)}**`, ''] : []),
        ...block.notes.map((note) => `- ${block.marked ? noteIcons[note.level] : ''}${escapeMarkdown(note.text)}`),
      ];
    case 'paragraph':
      return [`${block.label ? `**${escapeMarkdown(block.label)}**: ` : ''}${escapeMarkdown(block.text)}`];
    case 'entries':
      return block.entries.map((entry) => `- **${escapeMarkdown(entry.label)}**: ${escapeMarkdown(entry.text)}`);
    case 'verdicts':
      return markdownVerdicts(block);
    case 'chart':
      // markdown has no charts: the text chart, in a block that keeps its columns
      return ['```text', ...textChart(block, false), '```'];
  }
}

const verdictIcons = { pass: '✅', warn: '⚠️', fail: '❌' } as const;

/**
 * One line per trial with every verdict's outcome, and under it the message of each that did
 * not pass: a pull-request comment stays short when all is well and says what to do when not.
 * The outcome at the top gives each failed verdict's message, so it is not repeated.
 */
function markdownVerdicts(block: VerdictsBlock): string[] {
  const status = (verdict: VerdictLine) => (verdict.status === verdict.level ? '' : ` (${escapeMarkdown(verdict.status)})`);
  return block.trials.flatMap(({ label, verdicts }) => [
    `- **${escapeMarkdown(label)}**: ${verdicts.map((verdict) => `${verdictIcons[verdict.level]} ${escapeMarkdown(verdict.id)}`).join(' · ')}`,
    ...verdicts
      .filter((verdict) => verdict.level === 'warn')
      .map((verdict) => `  - ${verdictIcons.warn} ${escapeMarkdown(verdict.id)}${status(verdict)}: ${escapeMarkdown(verdict.message)}`),
  ]);
}
