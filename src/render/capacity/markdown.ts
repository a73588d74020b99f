import { capacityLabel } from '../../analysis/capacity/summary.js';
import { joinBlocks } from '../common/text-blocks.js';
import { describeMachine } from '../common/environment.js';
import type { CapacityReport, CapacityResult, CapacitySizing } from '../../contract/capacity-report.js';
import {
  allSteps,
  capacityWorkloads,
  confirmationDescription,
  kneeDescription,
  probeDescription,
  resultCells,
  resultColumns,
  searchDescription,
  sizingCells,
  sizingColumns,
  stepCells,
  stepColumns,
  stepReasons,
  targetDescription,
} from './figures.js';
import { formatRps } from '../../text/format.js';
import { escapeMarkdown, table } from '../../text/markdown.js';
import { capacityNotices } from '../common/notices.js';

/**
 * The capacity search as GitHub-flavoured markdown: the result in plain words, the target and
 * the environment, then per workload the table of capacities and every step of every search,
 * then the sizing with its assumptions, and the warnings. Pure, and a function of the report
 * alone. The chart is the terminal's and the step table's: markdown has no plot.
 */
export function renderCapacityMarkdown(report: CapacityReport): string {
  const workloads = capacityWorkloads(report);
  const sections = [
    header(report),
    workloads.length === 0 ? ['No search finished: there are no figures to show.'] : [],
    ...workloads.map((workload) => workloadSection(report.results.filter((result) => result.workload === workload))),
    ...report.sizing.map(sizingSection),
    report.warnings.length > 0 ? ['### Warnings', '', ...report.warnings.map((text) => `- ⚠️ ${escapeMarkdown(text)}`)] : [],
  ];
  return joinBlocks(sections);
}

function header(report: CapacityReport): string[] {
  const { scenario, environment } = report;
  return [
    `## loadlab capacity · ${escapeMarkdown(scenario.name)}`,
    ...(scenario.description ? ['', escapeMarkdown(scenario.description)] : []),
    ...capacityNotices(report).flatMap((notice) => ['', `> ⚠️ **${notice.title}**: ${escapeMarkdown(notice.text)}`]),
    ...(report.summary.length > 0 ? ['', ...report.summary.map((line) => `- ${escapeMarkdown(line)}`)] : []),
    '',
    `**Target**: ${targetDescription(report)}`,
    '',
    `**Search**: ${escapeMarkdown(searchDescription(report.search))}`,
    '',
    `**Environment**: ${escapeMarkdown(`loadlab ${report.loadlab} · ${describeMachine(environment)} · started ${report.startedAt}`)}`,
  ];
}

function workloadSection(results: CapacityResult[]): string[] {
  return [
    `### ${escapeMarkdown(results[0]?.workload ?? '')}`,
    '',
    ...table(resultColumns, results.map(resultCells)),
    ...results.flatMap((result) => {
      const reasons = stepReasons(result);
      const [probe, knee, confirmed] = [probeDescription(result), kneeDescription(result), confirmationDescription(result)];
      return [
        '',
        `**Steps on ${escapeMarkdown(capacityLabel(result))}**${escapeMarkdown(`${probe ? ` (${probe})` : ''}${knee ? `; ${knee}` : ''}${confirmed ? `; ${confirmed}` : ''}`)}`,
        '',
        ...table(stepColumns, allSteps(result).map(stepCells)),
        ...(reasons.length > 0 ? ['', ...reasons.map((line) => `- ✗ ${escapeMarkdown(line)}`)] : []),
      ];
    }),
  ];
}

function sizingSection(sizing: CapacitySizing): string[] {
  const rows = sizing.options.map(sizingCells);
  const title = `### Sizing for ${formatRps(sizing.targetRps)} req/s on ${escapeMarkdown(sizing.workload)}`;
  if (rows.length === 0) return [title, '', ...sizing.assumptions.map(escapeMarkdown)];
  return [title, '', ...table(sizingColumns, rows), '', 'Assuming:', '', ...sizing.assumptions.map((line) => `- ${escapeMarkdown(line)}`)];
}
