import Table from 'cli-table3';
import type { RunReport } from '../../contract/run-report.js';
import { html, type SafeHtml } from '../../text/html-escape.js';
import { escapeMarkdown, table } from '../../text/markdown.js';
import { htmlTable } from '../common/html-page.js';
import { connectionCostColumns, connectionCostNotes, connectionCostRows, connectionCostsOf, connectionCostTitle } from './connection-cost-figures.js';

/* The memory-per-connection section of a run in each format (none when the scenario had no connectionCost). */

export function connectionCostTerminal(report: RunReport, color: boolean): string[] {
  const costs = connectionCostsOf(report);
  if (costs.length === 0) return [];
  const output = new Table({
    head: [...connectionCostColumns],
    colAligns: ['left', 'left', ...connectionCostColumns.slice(2).map(() => 'right' as const)],
    style: color ? {} : { head: [], border: [] },
  });
  for (const cost of costs) for (const row of connectionCostRows(cost)) output.push(row);
  return [connectionCostTitle, output.toString(), ...costs.flatMap(connectionCostNotes).map((note) => `  ${note}`)];
}

export function connectionCostMarkdown(report: RunReport): string[] {
  const costs = connectionCostsOf(report);
  if (costs.length === 0) return [];
  return [
    `### ${escapeMarkdown(connectionCostTitle)}`,
    '',
    ...table(connectionCostColumns, costs.flatMap(connectionCostRows), 2),
    '',
    ...costs.flatMap(connectionCostNotes).map((note) => `- ${escapeMarkdown(note)}`),
  ];
}

export function connectionCostHtml(report: RunReport): SafeHtml | null {
  const costs = connectionCostsOf(report);
  if (costs.length === 0) return null;
  return html`<section class="connection-cost">
<h2>${connectionCostTitle}</h2>
${htmlTable(connectionCostColumns, costs.flatMap(connectionCostRows))}
<ul class="notes">${costs.flatMap(connectionCostNotes).map((note) => html`<li class="note">${note}</li>`)}</ul>
</section>`;
}
