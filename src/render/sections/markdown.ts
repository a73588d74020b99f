import { escapeMarkdown, table } from '../../text/markdown.js';
import type { Block, Section } from './model.js';

/** A section as markdown: a heading of its own for a run's section, a bold title inside a workload's; every text escaped. */
export function markdownSection(section: Section): string[] {
  const title = section.level === 'run' ? `### ${escapeMarkdown(section.title)}` : `**${escapeMarkdown(section.title)}**`;
  return [...(section.level === 'workload' ? [''] : []), title, ...section.blocks.flatMap((block) => ['', ...markdownBlock(block)])];
}

function markdownBlock(block: Block): string[] {
  switch (block.kind) {
    case 'table': {
      // markdown aligns by column; the leading text columns are left-aligned
      const leading = block.columns.findIndex((_, index) => !block.textColumns.includes(index));
      return table(block.columns, block.rows, leading === -1 ? block.columns.length : leading);
    }
    case 'notes':
      return block.notes.map((note) => `- ${escapeMarkdown(note.text)}`);
    case 'paragraph':
      return [escapeMarkdown(block.text)];
  }
}
