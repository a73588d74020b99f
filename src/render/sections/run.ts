import type { RunReport } from '../../contract/run-report.js';
import { trialLabel } from '../../contract/trial-name.js';
import { attackCells, attackColumns, attackedTrials } from '../run/attack-figures.js';
import { connectionCostColumns, connectionCostNotes, connectionCostRows, connectionCostsOf, connectionCostTitle } from '../run/connection-cost-figures.js';
import { trialsOf } from '../run/trial-figures.js';
import { requestColumns, requestRows } from '../run/request-figures.js';
import { tableBlock, type Section } from './model.js';

/** A part of a workload's section, or null when the workload has nothing for it. */
type WorkloadSection = (report: RunReport, workload: string) => Section | null;
/** A section of the run after its workloads, or null when the run has nothing for it. */
type RunSection = (report: RunReport) => Section | null;

/** The trials of the workload that ran under an attack: the normal users without it and beside it. */
const attack: WorkloadSection = (report, workload) => {
  const trials = trialsOf(report, workload);
  const attacked = attackedTrials(trials);
  if (attacked.length === 0) return null;
  return {
    title: 'Slowloris: the users without the attack → beside it',
    level: 'workload',
    blocks: [
      {
        ...tableBlock(
          attackColumns,
          attacked.map((trial) => attackCells(trial, trialLabel(trial, trials))),
        ),
        textColumns: [0, attackColumns.length - 1],
      },
    ],
  };
};

/** Each request of the workload's trials: its own count, rate, latency, errors and failed checks (byRequest). */
const byRequest: WorkloadSection = (report, workload) => {
  const trials = trialsOf(report, workload);
  const rows = requestRows(trials, (trial) => trialLabel(trial, trials));
  if (rows.length === 0) return null;
  return { title: 'Per request', level: 'workload', blocks: [tableBlock(requestColumns, rows, 2)] };
};

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

/** The parts of each workload's section that every format draws from sections, in order. */
const workloadSections: readonly WorkloadSection[] = [byRequest, attack];
/** The run's sections after its workloads, in order. */
const runSections: readonly RunSection[] = [connectionCost];

export function sectionsOfWorkload(report: RunReport, workload: string): Section[] {
  return workloadSections.map((section) => section(report, workload)).filter((section) => section !== null);
}

export function sectionsOfRun(report: RunReport): Section[] {
  return runSections.map((section) => section(report)).filter((section) => section !== null);
}
