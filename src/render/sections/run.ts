import type { RunReport } from '../../contract/run-report.js';
import type { TrialResult } from '../../contract/trial.js';
import { trialLabel } from '../../contract/trial-name.js';
import { eventEntries } from '../common/event-entries.js';
import { attackCells, attackColumns, attackedTrials } from '../run/attack-figures.js';
import { connectionCostColumns, connectionCostNotes, connectionCostRows, connectionCostsOf, connectionCostTitle } from '../run/connection-cost-figures.js';
import { loadDescription, noiseLines, openModelLines, runNotes, trialCells, trialColumns, trialsOf } from '../run/trial-figures.js';
import { requestColumns, requestRows } from '../run/request-figures.js';
import { abortedSection, breakpointSection } from '../run/breakpoint-figures.js';
import { serversSection } from '../run/server-figures.js';
import { sharesSection } from '../run/share-figures.js';
import { verdictsSection } from '../run/verdict-figures.js';
import { tableBlock, type Section, type WorkloadSection } from './model.js';

/** A part of a workload's section, or null when the workload has nothing for it. */
type WorkloadPart = (report: RunReport, workload: string) => Section | null;
/** A section of the run after its workloads, or null when the run has nothing for it. */
type RunSection = (report: RunReport) => Section | null;

/** A part built from the workload's trials, each named as in the workload's table. */
function ofTrials(build: (trials: TrialResult[], label: (trial: TrialResult) => string) => Section | null): WorkloadPart {
  return (report, workload) => {
    const trials = trialsOf(report, workload);
    return build(trials, (trial) => trialLabel(trial, trials));
  };
}

/** The events of the workload's trials (and processes' exits), one an entry under its trial's name. */
const events = ofTrials((trials, label) => {
  const entries = eventEntries(trials, label);
  return entries.length === 0 ? null : { title: 'Events', level: 'workload', blocks: [{ kind: 'entries', entries, role: 'events' }] };
});

/** The trials of the workload that ran under an attack: the normal users without it and beside it. */
const attack = ofTrials((trials, label) => {
  const attacked = attackedTrials(trials);
  if (attacked.length === 0) return null;
  return {
    title: 'Slowloris: the users without the attack → beside it',
    level: 'workload',
    blocks: [
      {
        ...tableBlock(
          attackColumns,
          attacked.map((trial) => attackCells(trial, label(trial))),
        ),
        textColumns: [0, attackColumns.length - 1],
      },
    ],
  };
});

/** Each request of the workload's trials: its own count, rate, latency, errors and failed checks (byRequest). */
const byRequest = ofTrials((trials, label) => {
  const rows = requestRows(trials, label);
  if (rows.length === 0) return null;
  return { title: 'Per request', level: 'workload', blocks: [tableBlock(requestColumns, rows, 2)] };
});

/** What an idle keep-alive connection costs each topology (a scenario's connectionCost). */
const connectionCost: RunSection = (report) => {
  const costs = connectionCostsOf(report);
  if (costs.length === 0) return null;
  return {
    title: connectionCostTitle,
    level: 'run',
    blocks: [
      tableBlock(connectionCostColumns, costs.flatMap(connectionCostRows), 2),
      { kind: 'notes', notes: costs.flatMap(connectionCostNotes).map((text) => ({ level: 'note' as const, text })) },
    ],
  };
};

/** The parts of each workload's section, in order. */
const workloadParts: readonly WorkloadPart[] = [
  events,
  byRequest,
  attack,
  breakpointSection,
  abortedSection,
  ofTrials(verdictsSection),
  ofTrials(serversSection),
  ofTrials(sharesSection),
];
/** The run's sections after its workloads, in order. */
const runSections: readonly RunSection[] = [connectionCost];

/** A workload's section: the table of its topologies, the open model's and the noise's lines, then its parts. */
export function sectionOfWorkload(report: RunReport, workload: string): WorkloadSection {
  const trials = trialsOf(report, workload);
  return {
    workload,
    load: loadDescription(trials),
    blocks: [
      tableBlock(
        trialColumns,
        trials.map((trial) => trialCells(trial, trials, report.comparisons)),
      ),
      ...openModelLines(trials).map((text) => ({ kind: 'paragraph' as const, text, role: 'open-model' as const })),
      ...noiseLines(trials).map((text) => ({ kind: 'paragraph' as const, text, role: 'muted' as const })),
    ],
    parts: workloadParts.map((part) => part(report, workload)).filter((section) => section !== null),
  };
}

export function sectionsOfRun(report: RunReport): Section[] {
  return runSections.map((section) => section(report)).filter((section) => section !== null);
}

/** The run's warnings and notes, each saying which it is; null when there are none. */
export function notesSection(report: RunReport): Section | null {
  const notes = runNotes(report);
  return notes.length === 0 ? null : { title: 'Warnings and notes', level: 'run', blocks: [{ kind: 'notes', notes, marked: true }] };
}
