import { linearRegression, linearRegressionLine, rSquared } from 'simple-statistics';
import type { Environment } from '../../contract/common.js';
import type { ConnectionCost, LineFit, ProcessConnectionCost } from '../../contract/connection-cost.js';
import { formatBytes, groupThousands } from '../../text/format.js';

/** What is usually said an idle connection costs a server, in bytes: "4–12 KB". */
export const folkloreBytes = { low: 4000, high: 12_000 } as const;

/** A line through fewer points always fits: three plateaus at least. */
const minPlateaus = 3;
/**
 * A process whose own connection count moved by less than a tenth of the sweep held none of the
 * client connections (a cluster primary, the app behind a balancer): a line against it would
 * fit noise.
 */
const minShareOfSweep = 0.1;

/**
 * What a connection costs, from the raw plateaus: per process, its RSS and descriptors against
 * its own connection count (least squares, with r²), and the most connections its open-files
 * limit allows at that many descriptors each; for the deployment, the summed RSS of the processes
 * that held them against the connections held, and how many the memory the run may use would
 * hold. Pure.
 */
export function analyseConnectionCost(raw: ConnectionCost, environment: Environment): ConnectionCost {
  const pids = [...new Set(raw.plateaus.flatMap((plateau) => plateau.processes.map((entry) => entry.pid)))];
  const targets = raw.plateaus.map((plateau) => plateau.held);
  const sweep = Math.max(0, ...targets) - Math.min(...targets, 0);
  const processes = pids.map((pid) => processCost(raw, pid, sweep));
  // only the processes that held the connections: one that held none (the app behind a balancer)
  // grows with the requests the sweep sends through, which idle connections would not
  const holders = new Set(processes.filter((entry) => entry.rss !== null).map((entry) => entry.pid));
  const heldRss = (plateau: ConnectionCost['plateaus'][number]) =>
    plateau.processes.reduce((sum, entry) => sum + (holders.has(entry.pid) ? entry.rssBytes : 0), 0);
  const total = holders.size === 0 ? null : fitLine(raw.plateaus.map((plateau) => [plateau.held, heldRss(plateau)]));
  const memory = environment.memoryLimitBytes ?? environment.memoryBytes;
  const memoryAllows = total && total.perConnection > 0 ? Math.max(0, Math.floor((memory - total.base) / total.perConnection)) : null;
  return { ...raw, processes, total, memoryAllows };
}

function processCost(raw: ConnectionCost, pid: number, sweep: number): ProcessConnectionCost {
  const points = raw.plateaus.flatMap((plateau) => plateau.processes.filter((entry) => entry.pid === pid));
  const role = points[0]?.role ?? 'instance';
  const openFilesLimit = raw.openFiles.find((entry) => entry.pid === pid)?.soft ?? null;
  const base = { pid, role, openFilesLimit } as const;
  const counts = points.map((point) => point.connections);
  if (points.length < minPlateaus)
    return { ...base, rss: null, fds: null, maxConnections: null, note: `sampled at ${points.length} of the counts: a line needs ${minPlateaus}` };
  if (Math.max(...counts) - Math.min(...counts) < minShareOfSweep * sweep) {
    return {
      ...base,
      rss: null,
      fds: null,
      maxConnections: null,
      note: `it held none of the client connections (${groupThousands(Math.max(...counts))} at most)`,
    };
  }
  const rss = fitLine(points.map((point) => [point.connections, point.rssBytes]));
  const fds = fitLine(points.map((point) => [point.connections, point.fds]));
  const maxConnections =
    fds && fds.perConnection > 0.5 && openFilesLimit !== null ? Math.max(0, Math.floor((openFilesLimit - fds.base) / fds.perConnection)) : null;
  return { ...base, rss, fds, maxConnections };
}

/** y = base + perConnection × x by least squares, with r²; null with fewer than three points or one x. */
export function fitLine(points: readonly [number, number][]): LineFit | null {
  if (points.length < minPlateaus || new Set(points.map(([x]) => x)).size < 2) return null;
  const line = linearRegression(points.map(([x, y]) => [x, y]));
  const r2 = rSquared(
    points.map(([x, y]) => [x, y]),
    linearRegressionLine(line),
  );
  return { perConnection: line.m, base: line.b, rSquared: Number.isFinite(r2) ? r2 : 0, points: points.length };
}

/** '7.9 KiB of RSS (r² 0.99), within the 4–12 KB usually said', or above or below it. */
export function describePerConnection(fit: LineFit): string {
  const where = fit.perConnection < folkloreBytes.low ? 'below' : fit.perConnection > folkloreBytes.high ? 'above' : 'within';
  return `${formatBytes(Math.max(0, Math.round(fit.perConnection)))} of RSS (r² ${fit.rSquared.toFixed(2)}), ${where} the 4–12 KB usually said`;
}

/**
 * Per topology in plain words: 'On single, an idle keep-alive connection costs 7.9 KiB of RSS
 * (r² 0.99), within the 4–12 KB usually said; at most 19,980 connections per process on this
 * machine (its open-files limit), memory would hold 2,900,000.'
 */
export function connectionCostSentences(costs: readonly ConnectionCost[]): string[] {
  return costs.flatMap((cost) => {
    if (!cost.total) {
      const sampled = cost.plateaus.some((plateau) => plateau.processes.length > 0);
      const why =
        cost.stoppedEarly ??
        (sampled
          ? 'no process held a share of the connections at three counts'
          : 'none of its processes could be read (no /proc, or an external server without pids)');
      return [`On ${cost.topology}, the connection cost could not be fitted: ${why}.`];
    }
    const limits = (cost.processes ?? []).flatMap((entry) => (entry.maxConnections === null ? [] : [entry.maxConnections]));
    const perProcess =
      limits.length > 0 ? `; at most ${groupThousands(Math.min(...limits))} connections per process on this machine (its open-files limit)` : '';
    const memory = cost.memoryAllows === null || cost.memoryAllows === undefined ? '' : `, and memory for ${groupThousands(cost.memoryAllows)} in all`;
    return [`On ${cost.topology}, an idle keep-alive connection costs ${describePerConnection(cost.total)}${perProcess}${memory}.`];
  });
}
