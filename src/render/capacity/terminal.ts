import asciichart from 'asciichart';
import { joinBlocks } from '../common/text-blocks.js';
import { describeMachine } from '../common/environment.js';
import Table from 'cli-table3';
import { capacityLabel } from '../../analysis/capacity/summary.js';
import type { CapacityReport, CapacityResult } from '../../contract/capacity-report.js';
import { capacityChart } from './terminal-chart.js';
import { paint } from '../common/terminal-chart.js';
import type { TerminalOptions } from '../report-kind.js';
import {
  allSteps,
  capacityWorkloads,
  confirmationDescription,
  probeDescription,
  resultCells,
  resultColumns,
  searchDescription,
  stepCells,
  stepColumns,
  stepReasons,
} from './figures.js';
import { formatLatency, formatPercent, formatRps } from '../../text/format.js';
import { capacityNotices, noticeLine } from '../common/notices.js';

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
      workloadSection(
        report,
        report.results.filter((result) => result.workload === workload),
        options,
      ),
    ),
    sizingSection(report),
    report.warnings.map((text) => `${paint('warning:', asciichart.yellow, options.color)} ${text}`),
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

function workloadSection(report: CapacityReport, results: CapacityResult[], options: TerminalOptions): string[] {
  return [
    results[0]?.workload ?? '',
    table([...resultColumns], results.map(resultCells), options),
    '',
    ...capacityChart(results, report.scenario.slo.p99, options),
    ...results.flatMap((result) => [
      '',
      `steps on ${capacityLabel(result)}${result.probeRps === null ? '' : ` (${probeDescription(result)})`}${result.confirmation ? `; ${confirmationDescription(result)}` : ''}`,
      table([...stepColumns], allSteps(result).map(stepCells), options),
      ...stepReasons(result).map((line) => `  ✗ ${line}`),
    ]),
  ];
}

function sizingSection(report: CapacityReport): string[] {
  if (report.sizing.length === 0) return [];
  return report.sizing.flatMap((sizing) =>
    sizing.options.length === 0
      ? [`sizing for ${formatRps(sizing.targetRps)} req/s on ${sizing.workload}: ${sizing.assumptions.join(' ')}`]
      : [
          `sizing for ${formatRps(sizing.targetRps)} req/s on ${sizing.workload}`,
          ...sizing.options.map((option) => {
            const efficiency = option.scalingEfficiency === null ? '' : `, ${formatPercent(option.scalingEfficiency)} of one process`;
            return `  ${option.topology}: ${option.lowerBound ? 'at most ' : ''}${option.instancesNeeded} ${option.instancesNeeded === 1 ? 'instance' : 'instances'} (${formatRps(option.perInstanceRps)} req/s each${efficiency})`;
          }),
          '  assuming:',
          ...sizing.assumptions.map((line) => `  - ${line}`),
        ],
  );
}

function table(head: string[], rows: string[][], options: TerminalOptions): string {
  const instance = new Table({
    head,
    colAligns: ['left', ...head.slice(1).map(() => 'right' as const)],
    style: options.color ? {} : { head: [], border: [] },
  });
  for (const row of rows) instance.push(row);
  return instance.toString();
}
