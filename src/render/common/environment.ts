import type { Environment } from '../../contract/common.js';
import { formatBytes } from '../../text/format.js';

/** The machine a report was measured on, the one line every report writes: 'node v20.20.2 · Linux 6.1 x64 · 2 CPUs (Xeon) · 7.6 GiB memory'. */
export function describeMachine(environment: Environment): string {
  return `node ${environment.node} · ${environment.os} · ${environment.cpus} CPUs (${environment.cpuModel}) · ${formatBytes(environment.memoryBytes)} memory`;
}
