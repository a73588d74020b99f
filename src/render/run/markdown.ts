import type { RunReport } from '../../contract/run-report.js';
import { joinBlocks } from '../common/text-blocks.js';
import { describeMachine } from '../common/environment.js';
import type { TrialResult } from '../../contract/trial.js';
import { eventEntries } from '../common/event-entries.js';
import { escapeMarkdown, table } from '../../text/markdown.js';
import { describeEntryVersion, outcomeIcon } from '../gate/outcome-text.js';
import { outcomeList, regressionSection } from '../gate/regression-markdown.js';
import { formatLatency, formatPercent, formatRatio, unavailable } from '../../text/format.js';
import { serverFigureCells, serverFigureColumns } from './server-figures.js';
import { scalingSections } from './markdown-scaling.js';
import { sectionsOfRun, sectionsOfWorkload } from '../sections/run.js';
import { markdownSection } from '../sections/markdown.js';
import { curvesOf } from './scaling-figures.js';
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
  workloadsOf,
} from './trial-figures.js';
import { runNotices } from '../common/notices.js';

/**
 * The run as GitHub-flavoured markdown that fits a pull-request comment or a job summary: the
 * title and the summary in plain words, the environment, then per workload a table of the
 * topologies, the verdicts, the server figures and the workers' shares, then warnings, notes
 * and the gate. Pure, and a function of the report alone (no clock, no environment), so that
 * `loadlab report` reproduces byte for byte what `loadlab run` wrote.
 */
export function renderMarkdown(report: RunReport): string {
  const workloads = workloadsOf(report);
  const sections = [
    header(report),
    workloads.length === 0 && !report.connectionCost ? ['No trial finished: there are no figures to show.'] : [],
    ...workloads.map((workload) => workloadSection(report, trialsOf(report, workload))),
    ...sectionsOfRun(report).map(markdownSection),
    ...baselineSection(report),
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

/** With --baseline: the comparison, under its own heading. */
function baselineSection(report: RunReport): string[][] {
  if (!report.regression) return [];
  const [first, ...rest] = regressionSection(report.regression);
  return [['### Against the baseline', '', ...(first ?? [])], ...rest.filter((lines) => lines.length > 0)];
}

/** trials: those of one workload, in run order. */
function workloadSection(report: RunReport, trials: TrialResult[]): string[] {
  const first = trials[0];
  if (!first) return [];
  const label = (trial: TrialResult) => trialLabel(trial, trials);
  return [
    `### ${escapeMarkdown(first.workload)}`,
    '',
    loadDescription(trials),
    '',
    ...table(
      trialColumns,
      trials.map((trial) => trialCells(trial, trials, report.comparisons)),
    ),
    ...openModelLines(trials).flatMap((line) => ['', escapeMarkdown(line)]),
    ...noiseLines(trials).flatMap((line) => ['', escapeMarkdown(line)]),
    ...eventList(trials, label),
    ...sectionsOfWorkload(report, first.workload).flatMap(markdownSection),
    ...verdictList(trials, label),
    '',
    '**Servers** over the measured phase',
    '',
    ...table(
      ['topology', ...serverFigureColumns],
      trials.map((trial) => [label(trial), ...serverFigureCells(trial.probes)]),
    ),
    ...shareTable(trials, label),
    ...scalingSections(curvesOf(report, first.workload)),
  ];
}

/** The events of the workload's trials, one an item: when, how long, what it did to errors and p99. */
function eventList(trials: TrialResult[], label: (trial: TrialResult) => string): string[] {
  const entries = eventEntries(trials, label);
  if (entries.length === 0) return [];
  return ['', '**Events**', '', ...entries.map((entry) => `- **${escapeMarkdown(entry.label)}**: ${escapeMarkdown(entry.text)}`)];
}

/**
 * One line per trial with every verdict's outcome, and under it the message of each that did
 * not pass: a pull-request comment stays short when all is well and says what to do when not.
 * The outcome at the top gives each failed verdict's message, so it is not repeated.
 */
function verdictList(trials: TrialResult[], label: (trial: TrialResult) => string): string[] {
  const judged = trials.filter((trial) => trial.verdicts.length > 0);
  if (judged.length === 0) return [];
  const lines = judged.flatMap((trial) => {
    const outcomes = trial.verdicts.map((verdict) => ({ verdict, outcome: verdictOutcome(verdict) }));
    const line = `- **${escapeMarkdown(label(trial))}**: ${outcomes.map(({ verdict, outcome }) => `${outcome.icon} ${escapeMarkdown(verdict.id)}`).join(' · ')}`;
    const details = outcomes
      .filter(({ outcome }) => outcome.level !== 'pass' && outcome.level !== 'fail')
      .map(
        ({ verdict, outcome }) =>
          `  - ${outcome.icon} ${escapeMarkdown(verdict.id)}${outcome.text === outcome.level ? '' : ` (${escapeMarkdown(outcome.text)})`}: ${escapeMarkdown(verdict.message)}`,
      );
    return [line, ...details];
  });
  return ['', '**Verdicts**', '', ...lines];
}

/** Each serving process's share of the requests and of the connections, for the trials that have more than one. */
function shareTable(trials: TrialResult[], label: (trial: TrialResult) => string): string[] {
  const shared = trials.filter((trial) => trial.probes.distribution.requests || trial.probes.distribution.connections);
  if (shared.length === 0) return [];
  const rows = shared.flatMap((trial) => {
    const { requests, connections } = trial.probes.distribution;
    const pids = [...new Set([...(requests?.shares ?? []), ...(connections?.shares ?? [])].map((entry) => entry.pid))];
    const shareOf = (distribution: typeof requests, pid: number) => {
      const entry = distribution?.shares.find((share) => share.pid === pid);
      return entry ? formatPercent(entry.share) : unavailable;
    };
    const rolesByPid = new Map(trial.probes.processes.map((probe) => [probe.pid, probe.role]));
    const processRows = pids.map((pid) => [label(trial), `${rolesByPid.get(pid) ?? 'process'} ${pid}`, shareOf(requests, pid), shareOf(connections, pid)]);
    const imbalance = (distribution: typeof requests) => (distribution ? formatRatio(distribution.imbalance) : unavailable);
    const jain = (distribution: typeof requests) => (distribution ? distribution.jainIndex.toFixed(2) : unavailable);
    return [
      ...processRows,
      [label(trial), 'highest ÷ fair share', imbalance(requests), imbalance(connections)],
      [label(trial), 'Jain index (1 = even)', jain(requests), jain(connections)],
    ];
  });
  return ['', '**Worker shares**', '', ...table(['topology', 'process', 'requests', 'connections'], rows, 2)];
}

function footer(report: RunReport): string[] {
  const notes = runNotes(report).map((note) => (note.level === 'warning' ? `- ⚠️ ${escapeMarkdown(note.text)}` : `- ℹ️ ${escapeMarkdown(note.text)}`));
  const lines = notes.length > 0 ? ['### Warnings and notes', '', ...notes] : [];
  const gap = () => (lines.length > 0 ? [''] : []);
  // the outcome at the top says what failed; here only which thresholds were asked for
  if (report.scenario.thresholds.length > 0) lines.push(...gap(), `**Thresholds**: ${escapeMarkdown(report.scenario.thresholds.join(', '))}`);
  return lines;
}
