import type { RunReport } from '../../contract/run-report.js';
import { describeMachine } from '../common/environment.js';
import type { TrialResult } from '../../contract/trial.js';
import { eventEntries } from '../common/event-entries.js';
import { formatLatency } from '../../text/format.js';
import { chartsOf, type WorkloadCharts } from './html-charts.js';
import { html, type SafeHtml } from '../../text/html-escape.js';
import { outcomeBlock, regressionBlock } from '../gate/html-outcome.js';
import { chartFigure, htmlHeader, htmlPage, htmlTable } from '../common/html-page.js';
import { describeEntryVersion } from '../gate/outcome-text.js';
import { serverFigureCells, serverFigureColumns } from './server-figures.js';
import { scalingCharts, scalingSection } from './html-scaling.js';
import { sectionsOfRun, sectionsOfWorkload } from '../sections/run.js';
import { htmlSection } from '../sections/html.js';
import type { LineChart } from '../common/chart-data.js';
import {
  loadDescription,
  noiseLines,
  openModelLines,
  runDuration,
  runNotes,
  trialCells,
  trialColumns,
  trialLabel,
  trialsOf,
  verdictOutcome,
} from './trial-figures.js';
import { runNotices, noticeLine } from '../common/notices.js';

/**
 * The run as one self-contained HTML page that works offline: inline style sheet, the chart
 * data embedded as JSON, and a small inline script that draws the charts as SVG (no library,
 * no network). Tables carry every figure, so the page reads without JavaScript and in print.
 * Every string from the report is escaped (the `html` tag). Pure: the same report always gives
 * the same page.
 */
export function renderHtml(report: RunReport): string {
  const workloads = chartsOf(report);
  const scaling = scalingCharts(report);
  return htmlPage({
    title: `loadlab · ${report.scenario.name}`,
    loadlab: report.loadlab,
    schema: report.schema,
    scenario: report.scenario,
    header: header(report),
    body: html`${workloads.length === 0 && !report.connectionCost ? html`<p>No trial finished: there are no figures to show.</p>` : workloads.map((entry) => workloadSection(report, entry, scaling))}
${sectionsOfRun(report).map(htmlSection)}
${report.regression ? regressionBlock(report.regression) : null}
${notesSection(report)}`,
    charts: [...workloads.flatMap((entry) => entry.charts), ...scaling],
  });
}

function header(report: RunReport): SafeHtml {
  const { scenario, environment } = report;
  return htmlHeader({
    brand: 'loadlab',
    scenario,
    banners: runNotices(report).map(noticeLine),
    outcome: outcomeBlock(report.outcome),
    summary: (report.summary ?? []).filter((line) => line !== report.outcome.headline),
    facts: [
      ['Target', `p50 ≤ ${formatLatency(scenario.slo.p50)}, p99 ≤ ${formatLatency(scenario.slo.p99)}`],
      ['Environment', describeMachine(environment)],
      ['Run', `started ${report.startedAt}, ${runDuration(report)}`],
      scenario.thresholds.length > 0 ? ['Thresholds', scenario.thresholds.join(', ')] : null,
      scenario.app ? ['App', describeEntryVersion(scenario.app)] : null,
    ],
  });
}

function workloadSection(report: RunReport, entry: WorkloadCharts, scaling: readonly LineChart[]): SafeHtml {
  const trials = trialsOf(report, entry.workload);
  const label = (trial: TrialResult) => trialLabel(trial, trials);
  return html`<section class="workload">
<h2>${entry.workload}</h2>
<p class="load">${loadDescription(trials)}</p>
${htmlTable(
  trialColumns,
  trials.map((trial) => trialCells(trial, trials, report.comparisons)),
)}
${openModelLines(trials).map((line) => html`<p class="open-model">${line.trim()}</p>`)}
${noiseLines(trials).map((line) => html`<p class="muted">${line}</p>`)}
${eventSection(trials, label)}
${sectionsOfWorkload(report, entry.workload).map(htmlSection)}
${verdictSection(trials, label)}
<h3>Servers over the measured phase</h3>
${htmlTable(
  ['topology', ...serverFigureColumns],
  trials.map((trial) => [label(trial), ...serverFigureCells(trial.probes)]),
)}
<div class="charts">
${entry.charts.map(chartFigure)}
</div>
${entry.notes.map((note) => html`<p class="muted">${note}</p>`)}
${scalingSection(report, entry.workload, scaling)}
</section>
`;
}

/** The events of the workload's trials; the charts mark when each began. */
function eventSection(trials: TrialResult[], label: (trial: TrialResult) => string): SafeHtml | null {
  const entries = eventEntries(trials, label);
  if (entries.length === 0) return null;
  return html`<h3>Events</h3>
<ul class="events">${entries.map((entry) => html`<li><strong>${entry.label}</strong>: ${entry.text}</li>`)}</ul>`;
}

/** Text symbols, coloured by the style sheet: colour emoji need a font a server or a print may not have. */
const symbols = { pass: '✓', warn: '⚠', fail: '✗' } as const;

/**
 * Per trial a line of badges, one per verdict (its message on hover); under it the message of
 * every verdict that did not pass; and the verdicts that passed with their messages in a table to
 * open. The outcome at the top gives each failed verdict's message, so it is not repeated.
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
      .filter(({ outcome }) => outcome.level !== 'pass' && outcome.level !== 'fail')
      .map(
        ({ verdict, outcome }) =>
          html`<li><span class="status ${outcome.level}">${symbols[outcome.level]} ${verdict.id}${outcome.text === outcome.level ? '' : ` (${outcome.text})`}</span> <strong>${label(trial)}</strong>: ${verdict.message}</li>
`,
      ),
  );
  const rows = judged.flatMap((trial) =>
    trial.verdicts
      .filter((verdict) => verdictOutcome(verdict).level === 'pass')
      .map((verdict) => {
        const outcome = verdictOutcome(verdict);
        return html`<tr><td>${label(trial)}</td><td class="text status ${outcome.level}">${symbols[outcome.level]} ${outcome.text}</td><td class="text">${verdict.id}</td><td class="message">${verdict.message}</td></tr>
`;
      }),
  );
  return html`<h3>Verdicts</h3>
<div class="table-wrap"><table class="verdicts"><tbody>${badges}</tbody></table></div>
${problems.length > 0 ? html`<ul class="problems">${problems}</ul>` : null}
${
  rows.length > 0
    ? html`<details><summary>The verdicts that passed, with their messages</summary>
<div class="table-wrap"><table><thead><tr><th>topology</th><th class="text">verdict</th><th class="text">check</th><th class="text">message</th></tr></thead><tbody>${rows}</tbody></table></div>
</details>`
    : null
}`;
}

function notesSection(report: RunReport): SafeHtml | null {
  const notes = runNotes(report);
  if (notes.length === 0) return null;
  return html`<section>
<h2>Warnings and notes</h2>
<ul class="notes">${notes.map((note) => html`<li class="${note.level}">${note.text}</li>`)}</ul>
</section>`;
}
