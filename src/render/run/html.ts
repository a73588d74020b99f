import type { RunReport } from '../../contract/run-report.js';
import { describeMachine } from '../common/environment.js';
import { formatLatency } from '../../text/format.js';
import { chartsOf, type WorkloadCharts } from './html-charts.js';
import { html, type SafeHtml } from '../../text/html-escape.js';
import { outcomeBlock } from '../gate/html-outcome.js';
import { regressionSection } from '../sections/gate.js';
import { chartFigure, htmlHeader, htmlPage } from '../common/html-page.js';
import { describeEntryVersion } from '../gate/outcome-text.js';
import { scalingCharts, scalingSection } from './html-scaling.js';
import { notesSection, sectionOfWorkload, sectionsOfRun } from '../sections/run.js';
import { htmlSection, htmlWorkloadHead } from '../sections/html.js';
import { chartsOfSections } from '../sections/html-chart-block.js';
import type { WorkloadSection } from '../sections/model.js';
import type { LineChart } from '../common/chart-data.js';
import { runDuration } from './trial-figures.js';
import { runNotices, noticeLine } from '../common/notices.js';

/**
 * The run as one self-contained HTML page that works offline: inline style sheet, the chart
 * data embedded as JSON, and a small inline script that draws the charts as SVG (no library,
 * no network). Tables carry every figure, so the page reads without JavaScript and in print.
 * Every string from the report is escaped (the `html` tag). Pure: the same report always gives
 * the same page.
 */
export function renderHtml(report: RunReport): string {
  const workloads = chartsOf(report).map((entry) => ({ ...entry, section: sectionOfWorkload(report, entry.workload) }));
  const scaling = scalingCharts(report);
  const runSections = sectionsOfRun(report);
  return htmlPage({
    title: `loadlab · ${report.scenario.name}`,
    loadlab: report.loadlab,
    schema: report.schema,
    scenario: report.scenario,
    header: header(report),
    body: html`${workloads.length === 0 && !report.connectionCost ? html`<p>No trial finished: there are no figures to show.</p>` : workloads.map((entry) => workloadSection(report, entry, scaling))}
${runSections.map(htmlSection)}
${report.regression ? htmlSection(regressionSection(report.regression)) : null}
${notesBlock(report)}`,
    charts: [...workloads.flatMap((entry) => [...entry.charts, ...chartsOfSections(entry.section.parts)]), ...scaling, ...chartsOfSections(runSections)],
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

function workloadSection(report: RunReport, entry: WorkloadCharts & { section: WorkloadSection }, scaling: readonly LineChart[]): SafeHtml {
  return html`<section class="workload">
${htmlWorkloadHead(entry.section)}
<div class="charts">
${entry.charts.map(chartFigure)}
</div>
${entry.notes.map((note) => html`<p class="muted">${note}</p>`)}
${scalingSection(report, entry.workload, scaling)}
</section>
`;
}

function notesBlock(report: RunReport): SafeHtml | null {
  const notes = notesSection(report);
  return notes ? htmlSection(notes) : null;
}
