import asciichart from 'asciichart';
import { joinBlocks } from '../common/text-blocks.js';
import { describeMachine } from '../common/environment.js';
import type { CapacityReport } from '../../contract/capacity-report.js';
import { capacityChart } from './terminal-chart.js';
import { paint } from '../common/terminal-chart.js';
import type { TerminalOptions } from '../report-kind.js';
import { capacityWorkloads, searchDescription } from './figures.js';
import { formatLatency } from '../../text/format.js';
import { capacityNotices, noticeLine } from '../common/notices.js';
import { capacityWarnings, capacityWorkloadSection, sizingSection } from '../sections/capacity.js';
import { terminalSection, terminalWorkload } from '../sections/terminal.js';

/**
 * The capacity search for a person at a terminal: a header and the result in plain words, then
 * per workload a table of the topologies' capacities, the chart of p99 against offered rate with
 * each capacity and knee marked, and every step of every search with why a step failed; then
 * the sizing and the warnings. Pure: the same report and options always give the same text.
 */
export function renderCapacityTerminal(report: CapacityReport, options: TerminalOptions): string {
  const workloads = capacityWorkloads(report);
  const sections = [
    header(report, options),
    report.summary,
    workloads.length === 0 ? ['No search finished: there are no figures to show.'] : [],
    ...workloads.map((workload) =>
      terminalWorkload(capacityWorkloadSection(report, workload), options.color, [
        '',
        ...capacityChart(
          report.results.filter((result) => result.workload === workload),
          report.scenario.slo.p99,
          options,
        ),
      ]),
    ),
    ...report.sizing.map((sizing) => terminalSection(sizingSection(sizing), options.color)),
    ...[capacityWarnings(report)].flatMap((section) => (section ? [terminalSection(section, options.color)] : [])),
  ];
  return joinBlocks(sections);
}

function header(report: CapacityReport, options: TerminalOptions): string[] {
  const { scenario, environment } = report;
  return [
    `loadlab ${report.loadlab} · capacity · ${scenario.name}`,
    ...(scenario.description ? [scenario.description] : []),
    describeMachine(environment),
    `target: p99 ≤ ${formatLatency(scenario.slo.p99)} from the intended start, no errors, nothing dropped, ≥ ${Math.round(report.search.minAchievedRatio * 100)}% of the rate sent`,
    searchDescription(report.search),
    ...capacityNotices(report).map((notice) => paint(noticeLine(notice), asciichart.yellow, options.color)),
  ];
}
