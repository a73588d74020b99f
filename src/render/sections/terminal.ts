import Table from 'cli-table3';
import type { Block, Section } from './model.js';

/** A section for a terminal: its title (a workload part's in lower case, as every label under a workload), then its blocks. */
export function terminalSection(section: Section, color: boolean): string[] {
  const title = section.level === 'workload' ? section.title.charAt(0).toLowerCase() + section.title.slice(1) : section.title;
  return [...(section.level === 'workload' ? [''] : []), title, ...section.blocks.flatMap((block) => terminalBlock(block, color))];
}

function terminalBlock(block: Block, color: boolean): string[] {
  switch (block.kind) {
    case 'table': {
      const table = new Table({
        head: [...block.columns],
        colAligns: block.columns.map((_, index) => (block.textColumns.includes(index) ? 'left' : 'right')),
        style: color ? {} : { head: [], border: [] },
      });
      for (const row of block.rows) table.push([...row]);
      return [table.toString()];
    }
    case 'notes':
      return block.notes.map((note) => `  ${note.text}`);
    case 'paragraph':
      return [block.text];
  }
}
