import { html, type SafeHtml } from '../../text/html-escape.js';
import { chartFigure, htmlTable, type Cell } from '../common/html-page.js';
import { lineChartOf } from './html-chart-block.js';
import { htmlVerdicts } from './html-verdicts.js';
import type { Block, CellMark, Section, WorkloadSection } from './model.js';

/** A workload's heading, its load and its first blocks, without the <section> around them: the page adds its charts after the parts. */
export function htmlWorkloadHead(section: WorkloadSection): SafeHtml {
  return html`<h2>${section.workload}</h2>
${section.load ? html`<p class="load">${section.load}</p>` : null}
${section.blocks.map(htmlBlock)}
${section.parts.map(htmlSection)}`;
}

/** A section as HTML: a <section> of its own with an <h2> for a run's section, an <h3> inside a workload's; every text escaped. */
export function htmlSection(section: Section): SafeHtml {
  const blocks = section.blocks.map(htmlBlock);
  const title = `${section.title}${section.qualifier ?? ''}`;
  if (section.level === 'workload')
    return html`<h3>${title}</h3>
${blocks}`;
  return html`<section>
<h2>${title}</h2>
${blocks}
</section>`;
}

/** A marked cell as a status of its role, its hint a title to hover. */
function markedCell(cell: string, mark: CellMark | undefined): Cell {
  if (!mark) return cell;
  return html`<span class="status ${mark.role}"${mark.hint ? html` title="${mark.hint}"` : null}>${cell}</span>`;
}

export function htmlBlock(block: Block): SafeHtml {
  switch (block.kind) {
    case 'table':
      return htmlTable(
        block.columns,
        block.rows.map((row, index) => row.map((cell, column) => markedCell(cell, block.marks?.[index]?.[column]))),
        block.columns.map((_, index) => (index > 0 && block.textColumns.includes(index) ? 'text' : undefined)),
      );
    case 'notes':
      return html`${
        block.title
          ? html`<h3>${block.title}</h3>
`
          : null
      }<ul class="notes">${block.notes.map((note) => html`<li class="${note.level}">${note.text}</li>`)}</ul>`;
    case 'paragraph': {
      const label = block.label ? html`<strong>${block.label}</strong>: ` : null;
      return block.role ? html`<p class="${block.role}">${label}${block.text.trim()}</p>` : html`<p>${label}${block.text}</p>`;
    }
    case 'entries':
      return html`<ul${block.role ? html` class="${block.role}"` : null}>${block.entries.map((entry) => html`<li><strong>${entry.label}</strong>: ${entry.text}</li>`)}</ul>`;
    case 'verdicts':
      return htmlVerdicts(block);
    case 'chart':
      return html`<div class="charts">
${chartFigure(lineChartOf(block))}</div>`;
  }
}
