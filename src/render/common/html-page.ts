import type { Chart, PageData } from './chart-data.js';
import { html, jsonForScript, raw, type SafeHtml } from '../../text/html-escape.js';
import { chartScript } from './chart-script.js';
import { styleSheet } from './html-style.js';

/**
 * The frame every HTML report shares: the head with the inline style sheet, the header, the
 * footer, the chart data as JSON and the script that draws it; and the pieces both pages are
 * built of (tables, chart figures). Pure.
 */

export interface PageParts {
  /** The <title>, e.g. 'loadlab · cluster-vs-single'. */
  title: string;
  loadlab: string;
  schema: string;
  scenario: { name: string; file: string };
  header: SafeHtml;
  /** Everything between the header and the footer. */
  body: SafeHtml;
  /** Every chart a figure of the body names by its id. */
  charts: readonly Chart[];
}

export function htmlPage(parts: PageParts): string {
  const data: PageData = { scenario: parts.scenario.name, charts: Object.fromEntries(parts.charts.map((chart) => [chart.id, chart])) };
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="loadlab ${parts.loadlab}">
<title>${parts.title}</title>
<style>${raw(styleSheet)}</style>
</head>
<body>
${parts.header}
<noscript><p class="banner">The charts need JavaScript; the tables have every figure.</p></noscript>
${parts.body}
<footer>loadlab ${parts.loadlab} · ${parts.scenario.file === '' ? `no scenario file (${parts.scenario.name})` : `scenario file ${parts.scenario.file}`} · schema ${parts.schema}</footer>
<script type="application/json" id="loadlab-data">${jsonForScript(data)}</script>
<script>${raw(chartScript())}</script>
</body>
</html>
`.text;
}

export interface HeaderParts {
  /** Before the scenario's name in the heading: 'loadlab', 'loadlab capacity'. */
  brand: string;
  scenario: { name: string; description: string };
  /** The banners of a report that is not all that was planned (incomplete, interrupted); none for one that is. */
  banners: readonly string[];
  /** The outcome's block, first after the banner; null in reports without one. */
  outcome?: SafeHtml | null;
  summary: readonly string[];
  /** Term and description; null leaves the line empty. */
  facts: readonly (readonly [string, string] | null)[];
}

export function htmlHeader(parts: HeaderParts): SafeHtml {
  const { scenario, summary } = parts;
  const facts = parts.facts.map((fact, index) => html`${index > 0 ? '\n' : null}${fact ? html`<dt>${fact[0]}</dt><dd>${fact[1]}</dd>` : null}`);
  return html`<header>
<h1><span class="brand">${parts.brand} ·</span> ${scenario.name}</h1>
${scenario.description ? html`<p class="muted">${scenario.description}</p>` : null}
${parts.banners.map((banner) => html`<p class="banner">${banner}</p>`)}
${parts.outcome ?? null}
${summary.length > 0 ? html`<ul class="summary">${summary.map((line) => html`<li>${line}</li>`)}</ul>` : null}
<dl class="facts">
${facts}
</dl>
</header>`;
}

/** A cell is text (escaped) or markup built with `html` (a coloured status). */
export type Cell = string | SafeHtml;

/**
 * First column text, the others figures (right-aligned). `classes`: a class for the cells of a
 * column (e.g. 'message' for a column of sentences), by its index.
 */
export function htmlTable(head: readonly string[], rows: readonly (readonly Cell[])[], classes: readonly (string | undefined)[] = []): SafeHtml {
  const attributes = (index: number) => (classes[index] ? html` class="${classes[index]}"` : null);
  return html`<div class="table-wrap"><table><thead><tr>${head.map((text, index) => html`<th${attributes(index)}>${text}</th>`)}</tr></thead><tbody>
${rows.map(
  (row) => html`<tr>${head.map((_, index) => html`<td${attributes(index)}>${row[index] ?? ''}</td>`)}</tr>
`,
)}</tbody></table></div>`;
}

/** An empty figure the inline script draws its chart into. */
export function chartFigure(chart: Chart): SafeHtml {
  return html`<figure class="chart" data-chart="${chart.name}" data-chart-id="${chart.id}"><figcaption>${chart.title}</figcaption></figure>
`;
}
