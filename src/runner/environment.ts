import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { Environment } from '../model.js';

/** The machine the run happens on, for the report header. */
export function describeEnvironment(): Environment {
  const cpus = os.cpus();
  return {
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    cpus: os.availableParallelism(),
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryBytes: os.totalmem(),
    ...memoryLimit(os.totalmem(), readCgroupFile),
  };
}

/** cgroup v2, then v1: the memory limit of the container loadlab runs in, as the kernel reports it. */
const cgroupLimitFiles = ['/sys/fs/cgroup/memory.max', '/sys/fs/cgroup/memory/memory.limit_in_bytes'];

/**
 * The memory the run's processes may use together. A cgroup limit counts only when it binds:
 * 'max' (v2) means none, and v1 reports "no limit" as a number near 2^63; a limit at or above
 * the machine's memory never binds before the machine runs out, so it is no limit either.
 * readText returns a file's text, or null when it cannot be read (no cgroup, not Linux).
 */
export function memoryLimit(physicalBytes: number, readText: (path: string) => string | null): Pick<Environment, 'memoryLimitBytes' | 'memoryLimitSource'> {
  for (const file of cgroupLimitFiles) {
    const text = readText(file)?.trim();
    if (text === undefined || text === '') continue;
    const bytes = Number(text);
    if (Number.isSafeInteger(bytes) && bytes > 0 && bytes < physicalBytes) return { memoryLimitBytes: bytes, memoryLimitSource: 'cgroup' };
    return { memoryLimitBytes: physicalBytes, memoryLimitSource: 'physical' };
  }
  return { memoryLimitBytes: physicalBytes, memoryLimitSource: 'physical' };
}

function readCgroupFile(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}
