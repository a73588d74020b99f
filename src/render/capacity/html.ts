import { describeMachine } from '../common/environment.js';
import { capacityLabel } from '../../analysis/capacity/summary.js';
import type { CapacityReport } from '../../contract/capacity-report.js';
import { capacityRateChart } from './html-chart.js';
import { capacityWorkloads, searchDescription, targetDescription } from './figures.js';
import { formatRps } from '../../text/format.js';
import type { LineChart } from '../common/chart-data.js';
import { html, type SafeHtml } from '../../text/html-escape.js';
import { chartFigure, htmlHeader, htmlPage } from '../common/html-page.js';
import { capacityNotices, noticeLine } from '../common/notices.js';
import { capacityWarnings, capacityWorkloadSection, sizingSection } from '../sections/capacity.js';
import { htmlBlock, htmlSection } from '../sections/html.js';

/**
 * The capacity search as one self-contained HTML page, as the run's (html.ts): the result in
 * plain words, the target, the search and the environment; then the report's sections
 * (sections/capacity.ts), as the terminal and markdown write them, with the chart of p99
 * against offered rate after each workload's table of capacities. Every string from the report
 * is escaped. Pure: the same report always gives the same page.
 */
export function renderCapacityHtml(report: CapacityReport): string {
  const labels = [...new Set(report.results.map(capacityLabel))];
  const workloads = capacityWorkloads(report).map((workload, index) => {
    const results = report.results.filter((result) => result.workload === workload);
    return { workload, chart: capacityRateChart(results, labels, report.scenario.slo.p99, `p99-by-rate-${index}`) };
  });
  return htmlPage({
    title: `loadlab capacity · ${report.scenario.name}`,
    loadlab: report.loadlab,
    schema: report.schema,
    scenario: report.scenario,
    header: header(report),
    body: html`${workloads.length === 0 ? html`<p>No search finished: there are no figures to show.</p>` : workloads.map((entry) => workloadSection(report, entry.workload, entry.chart))}
${report.sizing.map((sizing) => htmlSection(sizingSection(sizing)))}
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

/** A workload's section (sections/capacity.ts) with its chart between the table of capacities and the steps of each search. */
function workloadSection(report: CapacityReport, workload: string, chart: LineChart | null): SafeHtml {
  const section = capacityWorkloadSection(report, workload);
  return html`<section class="workload">
<h2>${workload}</h2>
${section.blocks.map(htmlBlock)}
${
  chart
    ? html`<div class="charts">
${chartFigure(chart)}</div>`
    : html`<p class="muted">No chart: no step got a response.</p>`
}
${section.parts.map(htmlSection)}</section>
`;
}

function warningsSection(report: CapacityReport): SafeHtml | null {
  const section = capacityWarnings(report);
  return section ? htmlSection(section) : null;
}
