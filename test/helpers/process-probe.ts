import type { ProcessProbe } from '../../src/contract/probes.js';
import type { ProcessRole } from '../../src/contract/vocabulary.js';

/** A process with every figure empty (not measured) and no samples, unless given. */
export function emptyProbe(pid: number, role: ProcessRole, extra: Partial<ProcessProbe> = {}): ProcessProbe {
  return {
    pid,
    role,
    cpu: null,
    rssBytes: null,
    fds: null,
    connections: null,
    eventLoopDelayMs: null,
    requests: null,
    heapLimitBytes: null,
    series: [],
    ...extra,
  };
}
