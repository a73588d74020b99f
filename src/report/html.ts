import type { RunReport, TrialResult } from '../model.js';
import { formatBytes, formatLatency } from './format.js';
import { chartsOf, type Chart, type WorkloadCharts } from './html-charts.js';
import { html, jsonForScript, raw, type SafeHtml } from './html-escape.js';
import { chartScript } from './html-script.js';
import { styleSheet } from './html-style.js';
import { serverFigureCells, serverFigureColumns } from './server-figures.js';
import { loadDescription, runDuration, runNotes, trialCells, trialColumns, trialLabel, trialsOf, verdictOutcome } from './trial-figures.js';

/**
 * The run as one self-contained HTML page that works offline: inline style sheet, the chart
 * data embedded as JSON, and a small inline script that draws the charts as SVG (no library,
 * no network). Tables carry every figure, so the page reads without JavaScript and in print.
 * Every string from the report is escaped (the `html` tag). Pure: the same report always gives
 * the same page.
 */
export function renderHtml(report: RunReport): string {
  const workloads = chartsOf(report);
  const data = { scenario: report.scenario.name, charts: Object.fromEntries(workloads.flatMap((entry) => entry.charts.map((chart) => [chart.id, chart]))) };
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="loadlab ${report.loadlab}">
<title>loadlab · ${report.scenario.name}</title>
<style>${raw(styleSheet)}</style>
</head>
<body>
${header(report)}
<noscript><p class="banner">The charts need JavaScript; the tables have every figure.</p></noscript>
${workloads.length === 0 ? html`<p>No trial finished: there are no figures to show.</p>` : workloads.map((entry) => workloadSection(report, entry))}
${notesSection(report)}
<footer>loadlab ${report.loadlab} · scenario file ${report.scenario.file} · schema ${report.schema}</footer>
<script type="application/json" id="loadlab-data">${jsonForScript(data)}</script>
<script>${raw(chartScript)}</script>
</body>
</html>
`;
  return page.text;
}

function header(report: RunReport): SafeHtml {
  const { scenario, environment } = report;
  const summary = report.summary ?? [];
  return html`<header>
<h1><span class="brand">loadlab ·</span> ${scenario.name}</h1>
${scenario.description ? html`<p class="muted">${scenario.description}</p>` : null}
${report.interrupted ? html`<p class="banner">Interrupted: the figures below are what was measured before the run stopped.</p>` : null}
${summary.length > 0 ? html`<ul class="summary">${summary.map((line) => html`<li>${line}</li>`)}</ul>` : null}
<dl class="facts">
<dt>Target</dt><dd>p50 ≤ ${formatLatency(scenario.slo.p50)}, p99 ≤ ${formatLatency(scenario.slo.p99)}</dd>
<dt>Environment</dt><dd>node ${environment.node} · ${environment.os} · ${environment.cpus} CPUs (${environment.cpuModel}) · ${formatBytes(environment.memoryBytes)} memory</dd>
<dt>Run</dt><dd>started ${report.startedAt}, ${runDuration(report)}</dd>
${scenario.thresholds.length > 0 ? html`<dt>Thresholds</dt><dd>${scenario.thresholds.join(', ')}</dd>` : null}
</dl>
</header>`;
}

function workloadSection(report: RunReport, entry: WorkloadCharts): SafeHtml {
  const trials = trialsOf(report, entry.workload);
  const label = (trial: TrialResult) => trialLabel(trial, trials);
  return html`<section class="workload">
<h2>${entry.workload}</h2>
<p class="load">${loadDescription(trials)}</p>
${table(trialColumns, trials.map((trial) => trialCells(trial, trials, report.comparisons)))}
${verdictSection(trials, label)}
<h3>Servers over the measured phase</h3>
${table(['topology', ...serverFigureColumns], trials.map((trial) => [label(trial), ...serverFigureCells(trial.probes)]))}
<div class="charts">
${entry.charts.map(figure)}
</div>
${entry.notes.map((note) => html`<p class="muted">${note}</p>`)}
</section>
`;
}

function figure(chart: Chart): SafeHtml {
  return html`<figure class="chart" data-chart="${chart.name}" data-chart-id="${chart.id}"><figcaption>${chart.title}</figcaption></figure>
`;
}

/** Text symbols, coloured by the style sheet: colour emoji need a font a server or a print may not have. */
const symbols = { pass: '✓', warn: '⚠', fail: '✗' } as const;

/**
 * Per trial a line of badges, one per verdict (its message on hover); under it the message of
 * every verdict that did not pass; and every verdict with its message in a table to open.
 */
function verdictSection(trials: TrialResult[], label: (trial: TrialResult) => string): SafeHtml | null {
  const judged = trials.filter((trial) => trial.verdicts.length > 0);
  if (judged.length === 0) return null;
  const badges = judged.map(
    (trial) =>
      html`<tr><td>${label(trial)}</td><td class="text badges">${trial.verdicts.map((verdict) => {
        const outcome = verdictOutcome(verdict);
        return html`<span class="badge ${outcome.level}" title="${verdict.message}">${symbols[outcome.level]} ${verdict.id}</span> `;
      })}</td></tr>
`,
  );
  const problems = judged.flatMap((trial) =>
    trial.verdicts
      .map((verdict) => ({ verdict, outcome: verdictOutcome(verdict) }))
      .filter(({ outcome }) => outcome.level !== 'pass')
      .map(
        ({ verdict, outcome }) =>
          html`<li><span class="status ${outcome.level}">${symbols[outcome.level]} ${verdict.id}${outcome.text === outcome.level ? '' : ` (${outcome.text})`}</span> <strong>${label(trial)}</strong>: ${verdict.message}</li>
`,
      ),
  );
  const rows = judged.flatMap((trial) =>
    trial.verdicts.map((verdict) => {
      const outcome = verdictOutcome(verdict);
      return html`<tr><td>${label(trial)}</td><td class="text status ${outcome.level}">${symbols[outcome.level]} ${outcome.text}</td><td class="text">${verdict.id}</td><td class="message">${verdict.message}</td></tr>
`;
    }),
  );
  return html`<h3>Verdicts</h3>
<div class="table-wrap"><table class="verdicts"><tbody>${badges}</tbody></table></div>
${problems.length > 0 ? html`<ul class="problems">${problems}</ul>` : null}
<details><summary>Every verdict with its message</summary>
<div class="table-wrap"><table><thead><tr><th>topology</th><th class="text">verdict</th><th class="text">check</th><th class="text">message</th></tr></thead><tbody>${rows}</tbody></table></div>
</details>`;
}

/** First column text, the others figures (right-aligned). */
function table(head: readonly string[], rows: readonly (readonly string[])[]): SafeHtml {
  return html`<div class="table-wrap"><table><thead><tr>${head.map((cell) => html`<th>${cell}</th>`)}</tr></thead><tbody>
${rows.map((row) => html`<tr>${head.map((_, index) => html`<td>${row[index] ?? ''}</td>`)}</tr>
`)}</tbody></table></div>`;
}

function notesSection(report: RunReport): SafeHtml | null {
  const notes = runNotes(report);
  const gate = !report.gate.passed
    ? html`<p class="gate failed"><strong>${symbols.fail} Gate failed</strong></p><ul>${report.gate.failures.map((failure) => html`<li>${failure}</li>`)}</ul>`
    : report.scenario.thresholds.length > 0
      ? html`<p class="gate passed"><strong>${symbols.pass} Gate passed</strong>: ${report.scenario.thresholds.join(', ')}</p>`
      : null;
  if (notes.length === 0 && gate === null) return null;
  return html`<section>
<h2>Warnings and notes</h2>
${notes.length > 0 ? html`<ul class="notes">${notes.map((note) => html`<li class="${note.level}">${note.text}</li>`)}</ul>` : null}
${gate}
</section>`;
}
