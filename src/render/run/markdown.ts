import type { RunReport } from '../../contract/run-report.js';
import { joinBlocks } from '../common/text-blocks.js';
import { describeMachine } from '../common/environment.js';
import { escapeMarkdown } from '../../text/markdown.js';
import { describeEntryVersion, outcomeIcon } from '../gate/outcome-text.js';
import { outcomeList } from '../gate/regression-markdown.js';
import { regressionSection } from '../sections/gate.js';
import { formatLatency } from '../../text/format.js';
import { scalingSections } from './markdown-scaling.js';
import { notesSection, sectionOfWorkload, sectionsOfRun } from '../sections/run.js';
import { markdownSection, markdownWorkload } from '../sections/markdown.js';
import { curvesOf } from './scaling-figures.js';
import { runDuration, workloadsOf } from './trial-figures.js';
import { runNotices } from '../common/notices.js';

/**
 * The run as GitHub-flavoured markdown that fits a pull-request comment or a job summary: the
 * title and the summary in plain words, the environment, then per workload its section
 * (sections/run.ts), then the gate against a baseline, warnings and notes. Pure, and a function of the report alone (no clock, no environment), so that
 * `loadlab report` reproduces byte for byte what `loadlab run` wrote.
 */
export function renderMarkdown(report: RunReport): string {
  const workloads = workloadsOf(report);
  const sections = [
    header(report),
    workloads.length === 0 && !report.connectionCost ? ['No trial finished: there are no figures to show.'] : [],
    ...workloads.map((workload) => [...markdownWorkload(sectionOfWorkload(report, workload)), ...scalingSections(curvesOf(report, workload))]),
    ...sectionsOfRun(report).map(markdownSection),
    report.regression ? markdownSection(regressionSection(report.regression)) : [],
    footer(report),
  ];
  return joinBlocks(sections);
}

function header(report: RunReport): string[] {
  const { scenario, environment } = report;
  const { outcome } = report;
  // the headline is the summary's first line too; it is shown once, as the outcome
  const summary = (report.summary ?? []).filter((line) => line !== outcome.headline);
  return [
    `## loadlab · ${escapeMarkdown(scenario.name)}`,
    ...(scenario.description ? ['', escapeMarkdown(scenario.description)] : []),
    ...runNotices(report).flatMap((notice) => ['', `> ⚠️ **${notice.title}**: ${escapeMarkdown(notice.text)}`]),
    '',
    `**${outcomeIcon(outcome)} ${escapeMarkdown(outcome.headline)}**`,
    ...outcomeList(outcome),
    ...(summary.length > 0 ? ['', ...summary.map((line) => `- ${escapeMarkdown(line)}`)] : []),
    '',
    `**Target**: p50 ≤ ${formatLatency(scenario.slo.p50)}, p99 ≤ ${formatLatency(scenario.slo.p99)}`,
    '',
    `**Environment**: ${escapeMarkdown(`loadlab ${report.loadlab} · ${describeMachine(environment)} · started ${report.startedAt}, ${runDuration(report)}`)}`,
    ...(scenario.app ? ['', `**App**: ${escapeMarkdown(describeEntryVersion(scenario.app))}`] : []),
  ];
}

function footer(report: RunReport): string[] {
  const notes = notesSection(report);
  const lines = notes ? markdownSection(notes) : [];
  const gap = () => (lines.length > 0 ? [''] : []);
  // the outcome at the top says what failed; here only which thresholds were asked for
  if (report.scenario.thresholds.length > 0) lines.push(...gap(), `**Thresholds**: ${escapeMarkdown(report.scenario.thresholds.join(', '))}`);
  return lines;
}
