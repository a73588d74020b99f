import Table from 'cli-table3';
import type { TrialResult } from '../../contract/trial.js';
import { serverFigureCells, serverFigureColumns } from './server-figures.js';

const columns = ['topology', ...serverFigureColumns];

/**
 * What the server processes of each trial did over the measured phase: the busiest process's
 * CPU (of one core), the processes' summed peak RSS, the highest fds, connections and event-loop
 * delay of any process, and each worker's share of the requests. A figure no process could
 * measure is 'n/a', never 0. label: the trial's name in the row, as in the workload's other table.
 */
export function serverTable(trials: readonly TrialResult[], label: (trial: TrialResult) => string, color: boolean): string {
  const table = new Table({
    head: columns,
    colAligns: ['left', ...columns.slice(1).map(() => 'right' as const)],
    style: color ? {} : { head: [], border: [] },
  });
  for (const trial of trials) table.push([label(trial), ...serverFigureCells(trial.probes)]);
  return table.toString();
}
