import { html, type SafeHtml } from '../../text/html-escape.js';
import { htmlTable } from '../common/html-page.js';
import type { Block, Section } from './model.js';

/** A section as HTML: a <section> of its own with an <h2> for a run's section, an <h3> inside a workload's; every text escaped. */
export function htmlSection(section: Section): SafeHtml {
  const blocks = section.blocks.map(htmlBlock);
  if (section.level === 'workload')
    return html`<h3>${section.title}</h3>
${blocks}`;
  return html`<section>
<h2>${section.title}</h2>
${blocks}
</section>`;
}

function htmlBlock(block: Block): SafeHtml {
  switch (block.kind) {
    case 'table':
      return htmlTable(
        block.columns,
        block.rows,
        block.columns.map((_, index) => (index > 0 && block.textColumns.includes(index) ? 'text' : undefined)),
      );
    case 'notes':
      return html`<ul class="notes">${block.notes.map((note) => html`<li class="${note.level}">${note.text}</li>`)}</ul>`;
    case 'paragraph':
      return html`<p>${block.text}</p>`;
  }
}
