import asciichart from 'asciichart';
import Table from 'cli-table3';
import { paint } from '../common/terminal-chart.js';
import type { Block, CellMark, CellRole, Section, WorkloadSection } from './model.js';
import { terminalVerdicts } from './terminal-verdicts.js';
import { textChart } from './terminal-chart-block.js';

/** A workload for a terminal: its name and load on one line, its table and the lines under it, what only a terminal draws (a chart), then its parts. */
export function terminalWorkload(section: WorkloadSection, color: boolean, drawn: readonly string[] = []): string[] {
  return [
    section.load ? `${section.workload} · ${section.load}` : section.workload,
    ...section.blocks.flatMap((block) => terminalBlock(block, color)),
    ...drawn,
    ...section.parts.flatMap((part) => terminalSection(part, color)),
  ];
}

/** A section for a terminal: its title (a workload part's in lower case, as every label under a workload), then its blocks. */
export function terminalSection(section: Section, color: boolean): string[] {
  const [first] = section.blocks;
  // a verdicts block counts its verdicts in its own title
  const title = first?.kind === 'verdicts' ? [] : [titleOf(section)];
  return [...(section.level === 'workload' ? [''] : []), ...title, ...section.blocks.flatMap((block) => terminalBlock(block, color))];
}

function titleOf(section: Section): string {
  const title = section.level === 'workload' ? section.title.charAt(0).toLowerCase() + section.title.slice(1) : section.title;
  return `${title}${section.qualifier ?? ''}`;
}

const roleColors: Record<CellRole, string> = { pass: asciichart.green, fail: asciichart.red, warn: asciichart.yellow };

/** A marked cell in its role's colour; the hint has no place in a table of text. */
function paintCell(cell: string, mark: CellMark | undefined, color: boolean): string {
  return mark ? paint(cell, roleColors[mark.role], color) : cell;
}

function terminalBlock(block: Block, color: boolean): string[] {
  switch (block.kind) {
    case 'table': {
      const table = new Table({
        head: [...block.columns],
        colAligns: block.columns.map((_, index) => (block.textColumns.includes(index) ? 'left' : 'right')),
        style: color ? {} : { head: [], border: [] },
      });
      block.rows.forEach((row, index) => table.push(row.map((cell, column) => paintCell(cell, block.marks?.[index]?.[column], color))));
      return [table.toString()];
    }
    case 'notes':
      if (!block.marked) return block.notes.map((note) => `  ${note.text}`);
      return block.notes.map((note) => (note.level === 'warning' ? `${paint('warning:', asciichart.yellow, color)} ${note.text}` : `note: ${note.text}`));
    case 'paragraph':
      return [block.label ? `${block.label}: ${block.text}` : block.text];
    case 'entries': {
      const width = Math.max(...block.entries.map((entry) => entry.label.length));
      return block.entries.map((entry) => `  ${entry.label.padEnd(width)}  ${entry.text}`);
    }
    case 'verdicts':
      return terminalVerdicts(block, color);
    case 'chart':
      return ['', ...textChart(block, color)];
  }
}
