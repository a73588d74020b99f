import { joinBlocks } from '../common/text-blocks.js';
import { describeMachine } from '../common/environment.js';
import type { CapacityReport } from '../../contract/capacity-report.js';
import { capacityWorkloads, searchDescription, targetDescription } from './figures.js';
import { escapeMarkdown } from '../../text/markdown.js';
import { capacityNotices } from '../common/notices.js';
import { capacityWarnings, capacityWorkloadSection, sizingSection } from '../sections/capacity.js';
import { markdownSection, markdownWorkload } from '../sections/markdown.js';

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
    ...workloads.map((workload) => markdownWorkload(capacityWorkloadSection(report, workload))),
    ...report.sizing.map((sizing) => markdownSection(sizingSection(sizing))),
    ...[capacityWarnings(report)].flatMap((section) => (section ? [markdownSection(section)] : [])),
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
