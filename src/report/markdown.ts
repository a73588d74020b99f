import type { RunReport, TrialResult } from '../model.js';
import { eventEntries } from './event-text.js';
import { formatBytes, formatLatency, formatPercent, formatRatio, unavailable } from './format.js';
import { serverFigureCells, serverFigureColumns } from './server-figures.js';
import {
  loadDescription,
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
    workloads.length === 0 ? ['No trial finished: there are no figures to show.'] : [],
    ...workloads.map((workload) => workloadSection(report, trialsOf(report, workload))),
    footer(report),
  ];
  return `${sections.filter((lines) => lines.length > 0).map((lines) => lines.join('\n')).join('\n\n')}\n`;
}

function header(report: RunReport): string[] {
  const { scenario, environment } = report;
  const summary = report.summary ?? [];
  return [
    `## loadlab · ${escapeMarkdown(scenario.name)}`,
    ...(scenario.description ? ['', escapeMarkdown(scenario.description)] : []),
    ...(report.interrupted ? ['', '> ⚠️ **Interrupted**: the figures below are what was measured before the run stopped.'] : []),
    ...(summary.length > 0 ? ['', ...summary.map((line) => `- ${escapeMarkdown(line)}`)] : []),
    '',
    `**Target**: p50 ≤ ${formatLatency(scenario.slo.p50)}, p99 ≤ ${formatLatency(scenario.slo.p99)}`,
    '',
    `**Environment**: loadlab ${escapeMarkdown(report.loadlab)} · node ${escapeMarkdown(environment.node)} · ${escapeMarkdown(environment.os)} · ` +
      `${environment.cpus} CPUs (${escapeMarkdown(environment.cpuModel)}) · ${formatBytes(environment.memoryBytes)} memory · ` +
      `started ${escapeMarkdown(report.startedAt)}, ${runDuration(report)}`,
  ];
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
    ...table(trialColumns, trials.map((trial) => trialCells(trial, trials, report.comparisons))),
    ...openModelLines(trials).flatMap((line) => ['', escapeMarkdown(line)]),
    ...eventList(trials, label),
    ...verdictList(trials, label),
    '',
    '**Servers** over the measured phase',
    '',
    ...table(['topology', ...serverFigureColumns], trials.map((trial) => [label(trial), ...serverFigureCells(trial.probes)])),
    ...shareTable(trials, label),
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
 */
function verdictList(trials: TrialResult[], label: (trial: TrialResult) => string): string[] {
  const judged = trials.filter((trial) => trial.verdicts.length > 0);
  if (judged.length === 0) return [];
  const lines = judged.flatMap((trial) => {
    const outcomes = trial.verdicts.map((verdict) => ({ verdict, outcome: verdictOutcome(verdict) }));
    const line = `- **${escapeMarkdown(label(trial))}**: ${outcomes.map(({ verdict, outcome }) => `${outcome.icon} ${escapeMarkdown(verdict.id)}`).join(' · ')}`;
    const details = outcomes
      .filter(({ outcome }) => outcome.level !== 'pass')
      .map(({ verdict, outcome }) => `  - ${outcome.icon} ${escapeMarkdown(verdict.id)}${outcome.text === outcome.level ? '' : ` (${escapeMarkdown(outcome.text)})`}: ${escapeMarkdown(verdict.message)}`);
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
  if (!report.gate.passed) {
    lines.push(...(lines.length > 0 ? [''] : []), '**❌ Gate failed**', '', ...report.gate.failures.map((failure) => `- ${escapeMarkdown(failure)}`));
  } else if (report.scenario.thresholds.length > 0) {
    lines.push(...(lines.length > 0 ? [''] : []), `**✅ Gate passed**: ${escapeMarkdown(report.scenario.thresholds.join(', '))}`);
  }
  return lines;
}

/**
 * A table with the same number of cells on every row (missing cells are blank), the first
 * textColumns left-aligned and the others (figures) right-aligned. Every cell is escaped here.
 */
export function table(head: readonly string[], rows: readonly (readonly string[])[], textColumns = 1): string[] {
  const line = (cells: readonly string[]) => `| ${head.map((_, index) => escapeMarkdown(cells[index] ?? '')).join(' | ')} |`;
  return [line(head), `| ${head.map((_, index) => (index < textColumns ? ':--' : '--:')).join(' | ')} |`, ...rows.map(line)];
}

/**
 * Text that renders as itself: characters markdown, GitHub or HTML would interpret are
 * backslash-escaped (`|` would end a table cell, `<` open a tag, `$` start math), line breaks
 * become spaces (a table row is one line), and a leading list or heading marker is escaped.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/[\\`*_[\]<>|~&#$]/g, '\\$&')
    .replace(/^([-+=])/, '\\$1')
    .replace(/^(\d+)([.)])(?=\s|$)/, '$1\\$2');
}
