import { readFileSync } from 'node:fs';
import { median } from 'simple-statistics';
import type { ProcessInfo } from '../../contract/common.js';
import type { ConnectionCost, ConnectionPlateau, ProcessAtPlateau } from '../../contract/connection-cost.js';
import type { TopologySpec } from '../../deploy/topologies/index.js';
import type { Deployment } from '../../deploy/topologies/types.js';
import type { ConnectionCostSpec } from '../../scenario/types.js';
import { ProcReaderThread } from '../probes/proc-reader-thread.js';
import type { ProcSnapshot } from '../probes/proc-snapshot.js';
import { IdleConnections } from './idle-connections.js';

/** After the last connection of a count answered: the server finishes what it allocates for them, and a GC may run. */
const settleMs = 300;
/** /proc reads per plateau, spread over its hold: their median is the plateau's figure. */
const readsPerPlateau = 5;
/** A count whose connections the server held less than half of ends the sweep: the counts above it would only fail more. */
const heldShareToGoOn = 0.5;

export interface ConnectionCostContext {
  signal: AbortSignal;
  /** Called when each count is reached, for progress lines. */
  onPlateau?: (plateau: ConnectionPlateau) => void;
}

/**
 * Holds each count of idle keep-alive connections against a running deployment in turn (from
 * the smallest; the connections of one count stay open into the next, each asked once more per
 * count so that no keep-alive timeout closes it), and reads every process's RSS, descriptors
 * and connections from /proc several times while each count is held. Raw figures only: the fits
 * are analysis's (src/analysis/connections/). Every connection is closed before this returns.
 */
export async function measureConnectionCost(
  topology: TopologySpec,
  deployment: Deployment,
  path: string,
  spec: ConnectionCostSpec,
  context: ConnectionCostContext,
): Promise<ConnectionCost> {
  const reader = new ProcReaderThread();
  const idle = new IdleConnections(deployment.url, path);
  const plateaus: ConnectionPlateau[] = [];
  let stoppedEarly: string | undefined;
  try {
    for (const target of spec.counts) {
      if (context.signal.aborted) {
        stoppedEarly = 'interrupted';
        break;
      }
      const failed = (await idle.refresh()) + (await idle.growTo(target));
      await sleep(settleMs);
      const processes = deployment.processes();
      const snapshots: ProcSnapshot[] = [];
      for (let read = 0; read < readsPerPlateau; read += 1) {
        snapshots.push(await reader.read(processes.map((info) => info.pid)));
        await sleep(spec.holdMs / readsPerPlateau);
      }
      const plateau = { target, held: idle.held, failed, processes: plateauOf(processes, snapshots) };
      plateaus.push(plateau);
      context.onPlateau?.(plateau);
      if (plateau.held < target * heldShareToGoOn) {
        stoppedEarly = `only ${plateau.held} of ${target} connections could be held (${failed} failed): the larger counts were not tried`;
        break;
      }
    }
  } finally {
    idle.close();
    await reader.close();
  }
  return {
    topology: topology.name,
    kind: topology.kind,
    instances: topology.instances,
    path,
    holdMs: spec.holdMs,
    plateaus,
    openFiles: deployment.processes().map((info) => ({ pid: info.pid, soft: openFilesLimit(info.pid) })),
    ...(stoppedEarly ? { stoppedEarly } : {}),
  };
}

/** Each process's median connections, RSS and descriptors over the plateau's reads. */
function plateauOf(processes: readonly ProcessInfo[], snapshots: readonly ProcSnapshot[]): ProcessAtPlateau[] {
  return processes.flatMap((info) => {
    const readings = snapshots.flatMap((snapshot) => snapshot.processes.filter((reading) => reading.pid === info.pid));
    if (readings.length === 0) return [];
    const middle = (values: number[]) => median(values);
    return [
      {
        pid: info.pid,
        role: info.role,
        connections: middle(readings.map((reading) => reading.connections)),
        rssBytes: middle(readings.map((reading) => reading.rssBytes)),
        fds: middle(readings.map((reading) => reading.fds)),
      },
    ];
  });
}

/** The soft open-files limit of a process from /proc/PID/limits; null when unreadable or unlimited. */
export function openFilesLimit(pid: number): number | null {
  try {
    const soft = /^Max open files\s+(\S+)/m.exec(readFileSync(`/proc/${pid}/limits`, 'utf8'))?.[1];
    return soft === undefined || soft === 'unlimited' ? null : Number(soft);
  } catch {
    return null;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
