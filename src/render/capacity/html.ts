import { stepDoubt } from '../../analysis/capacity/doubt.js';
import { describeMachine } from '../common/environment.js';
import { capacityLabel } from '../../analysis/capacity/summary.js';
import type { CapacityReport, CapacityResult, CapacitySizing, CapacityStep } from '../../contract/capacity-report.js';
import { capacityRateChart } from './html-chart.js';
import {
  capacityCell,
  capacityWorkloads,
  kneeDescription,
  notCountedNote,
  probeDescription,
  searchDescription,
  sizingCells,
  sizingColumns,
  allSteps,
  confirmationDescription,
  stepCells,
  stepColumns,
  targetDescription,
} from './figures.js';
import { formatRps } from '../../text/format.js';
import type { LineChart } from '../common/chart-data.js';
import { html, type SafeHtml } from '../../text/html-escape.js';
import { chartFigure, htmlHeader, htmlPage, htmlTable, type Cell } from '../common/html-page.js';
import { capacityNotices, noticeLine } from '../common/notices.js';
import { capacityWarnings, capacityWorkloadSection } from '../sections/capacity.js';
import { htmlBlock, htmlSection } from '../sections/html.js';

/**
 * The capacity search as one self-contained HTML page, as the run's (html.ts): the result in
 * plain words, the target, the search and the environment; per workload the table of
 * capacities, the chart of p99 against offered rate with each capacity and knee marked, and
 * every step of every search with why it failed; then the sizing with its assumptions, and the
 * warnings. Every string from the report is escaped. Pure: the same report always gives the
 * same page.
 */
export function renderCapacityHtml(report: CapacityReport): string {
  const labels = [...new Set(report.results.map(capacityLabel))];
  const workloads = capacityWorkloads(report).map((workload, index) => {
    const results = report.results.filter((result) => result.workload === workload);
    return { workload, results, chart: capacityRateChart(results, labels, report.scenario.slo.p99, `p99-by-rate-${index}`) };
  });
  return htmlPage({
    title: `loadlab capacity · ${report.scenario.name}`,
    loadlab: report.loadlab,
    schema: report.schema,
    scenario: report.scenario,
    header: header(report),
    body: html`${workloads.length === 0 ? html`<p>No search finished: there are no figures to show.</p>` : workloads.map((entry) => workloadSection(report, entry.workload, entry.results, entry.chart))}
${report.sizing.map(sizingSection)}
${warningsSection(report)}`,
    charts: workloads.flatMap((entry) => (entry.chart ? [entry.chart] : [])),
  });
}

function header(report: CapacityReport): SafeHtml {
  const { environment, search } = report;
  return htmlHeader({
    brand: 'loadlab capacity',
    scenario: report.scenario,
    banners: capacityNotices(report).map(noticeLine),
    summary: report.summary,
    facts: [
      ['Target', targetDescription(report)],
      ['Search', searchDescription(search)],
      ['Environment', `loadlab ${report.loadlab} · ${describeMachine(environment)}`],
      ['Run', `started ${report.startedAt}, finished ${report.finishedAt}`],
      search.targetRps === null ? null : ['Sizing for', `${formatRps(search.targetRps)} req/s`],
      report.skipped.length === 0 ? null : ['Skipped', report.skipped.map((skip) => `${skip.topology}: ${skip.reason}`).join('; ')],
    ],
  });
}

/** The workload's table from its section (sections/capacity.ts); the steps keep cells of their own here, with markup the other formats have no use for. */
function workloadSection(report: CapacityReport, workload: string, results: CapacityResult[], chart: LineChart | null): SafeHtml {
  return html`<section class="workload">
<h2>${workload}</h2>
${capacityWorkloadSection(report, workload).blocks.map(htmlBlock)}
${
  chart
    ? html`<div class="charts">
${chartFigure(chart)}</div>`
    : html`<p class="muted">No chart: no step got a response.</p>`
}
${results.map(stepsSection)}</section>
`;
}

/** The step table's columns: the last (✓ or ✗ in the other reports) says why, here. */
const stepHead = [...stepColumns];
const stepClasses = stepHead.map((_, index) => (index === stepHead.length - 1 ? 'message' : undefined));
const lawColumn = stepColumns.indexOf("Little's law");

function stepsSection(result: CapacityResult): SafeHtml {
  const rows = allSteps(result).map((entry): Cell[] => {
    const { step } = entry;
    const cells: Cell[] = stepCells(entry).slice(0, -1);
    if (step.littlesLaw && !step.littlesLaw.ok)
      cells[lawColumn] = html`<span class="status warn" title="Little's law is off: the step was not in a steady state">${cells[lawColumn] ?? ''}</span>`;
    return [...cells, outcome(step)];
  });
  const found = result.capacityRps === null ? (result.foundRps ? 'No rate held' : 'No rate passed') : `Capacity ${capacityCell(result)} req/s`;
  const notes = [found, confirmationDescription(result), probeDescription(result), kneeDescription(result)].filter((text) => text !== '').join('; ');
  return html`<h3>Steps on ${capacityLabel(result)}</h3>
<p class="muted">${notes}</p>
${htmlTable(stepHead, rows, stepClasses)}
`;
}

/** ✓ or ✗ with the reason; ↻ and why for a step not counted, ⚠ for one counted while the machine was busy. */
function outcome(step: CapacityStep): SafeHtml {
  const status = step.passed ? html`<span class="status pass">✓ pass</span>` : html`<span class="status fail">✗</span> ${step.reason}`;
  if (!step.counted) return html`${status} <span class="status warn">↻</span> ${notCountedNote(step)}`;
  const doubt = stepDoubt(step);
  if (doubt) return html`${status} <span class="status warn">⚠</span> ${doubt}`;
  return status;
}

function sizingSection(sizing: CapacitySizing): SafeHtml {
  const title = html`<h2>Sizing for ${formatRps(sizing.targetRps)} req/s on ${sizing.workload}</h2>`;
  if (sizing.options.length === 0)
    return html`<section>${title}${sizing.assumptions.map((line) => html`<p>${line}</p>`)}</section>
`;
  return html`<section>
${title}
${htmlTable(sizingColumns, sizing.options.map(sizingCells))}
<p>Assuming:</p>
<ul>${sizing.assumptions.map((line) => html`<li>${line}</li>`)}</ul>
</section>
`;
}

function warningsSection(report: CapacityReport): SafeHtml | null {
  const section = capacityWarnings(report);
  return section ? htmlSection(section) : null;
}
