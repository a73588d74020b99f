import { describePerConnection } from '../../analysis/connections/connection-cost.js';
import type { ConnectionCost, LineFit } from '../../contract/connection-cost.js';
import type { RunReport } from '../../contract/run-report.js';
import { formatBytes, groupThousands, missing } from '../../text/format.js';

/**
 * What a connection costs, as text cells shared by the terminal, markdown and HTML renderers:
 * per topology a row per process and one for all of them together. Pure.
 */

export const connectionCostColumns = [
  'topology',
  'process',
  'connections held',
  'RSS a connection',
  'r²',
  'RSS without',
  'fds a connection',
  'open files limit',
  'at most connections',
] as const;

export function connectionCostsOf(report: RunReport): ConnectionCost[] {
  return report.connectionCost ?? [];
}

/** The heading line of the section, with the folklore it is read against. */
export const connectionCostTitle = 'Memory per connection: idle keep-alive connections held at each count (the folklore: 4–12 KB each)';

/** Rows for one topology: each process, then those that held the connections together, against the connections held. */
export function connectionCostRows(cost: ConnectionCost): string[][] {
  const rssCells = (fit: LineFit | null | undefined) =>
    fit
      ? [formatBytes(Math.max(0, Math.round(fit.perConnection))), fit.rSquared.toFixed(2), formatBytes(Math.max(0, Math.round(fit.base)))]
      : [missing, missing, missing];
  const rows = (cost.processes ?? []).map((entry) => {
    const counts = cost.plateaus.map((plateau) => plateau.processes.find((point) => point.pid === entry.pid)?.connections ?? 0);
    return [
      cost.topology,
      `${entry.role} ${entry.pid}`,
      counts.map((count) => groupThousands(count)).join(' → '),
      ...rssCells(entry.rss),
      entry.fds ? entry.fds.perConnection.toFixed(2) : missing,
      entry.openFilesLimit === null ? missing : groupThousands(entry.openFilesLimit),
      entry.maxConnections === null ? missing : groupThousands(entry.maxConnections),
    ];
  });
  const held = cost.plateaus.map((plateau) => groupThousands(plateau.held)).join(' → ');
  return [...rows, [cost.topology, 'those holding them', held, ...rssCells(cost.total), missing, missing, missing]];
}

/** The lines under a topology's rows: the cost in words, the memory's limit, the processes without a fit, an early stop. */
export function connectionCostNotes(cost: ConnectionCost): string[] {
  const notes: string[] = [];
  if (cost.total) notes.push(`${cost.topology}: ${describePerConnection(cost.total)}`);
  if (cost.memoryAllows !== null && cost.memoryAllows !== undefined) {
    notes.push(`${cost.topology}: the memory the run may use would hold about ${groupThousands(cost.memoryAllows)} such connections`);
  }
  for (const entry of cost.processes ?? []) if (entry.note) notes.push(`${cost.topology}: ${entry.role} ${entry.pid}: ${entry.note}`);
  if (cost.stoppedEarly) notes.push(`${cost.topology}: stopped early: ${cost.stoppedEarly}`);
  return notes;
}
