import os from 'node:os';
import type { Environment } from '../contract/common.js';
import { readCgroupLimits, readTextFile, type TextReader } from './cgroup-limits.js';

/** The machine the run happens on, for the report header. */
export function describeEnvironment(): Environment {
  const cpus = os.cpus();
  return {
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    cpus: os.availableParallelism(),
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryBytes: os.totalmem(),
    ...memoryLimit(os.totalmem(), readTextFile),
  };
}

/**
 * The memory the run's processes may use together. A cgroup limit counts only when it binds:
 * a limit at or above the machine's memory never binds before the machine runs out, so it is
 * no limit either. readText returns a file's text, or null when it cannot be read (no cgroup,
 * not Linux).
 */
export function memoryLimit(physicalBytes: number, readText: TextReader): Pick<Environment, 'memoryLimitBytes' | 'memoryLimitSource'> {
  const cgroupBytes = readCgroupLimits(readText).memoryBytes;
  if (cgroupBytes !== null && Number.isSafeInteger(cgroupBytes) && cgroupBytes < physicalBytes)
    return { memoryLimitBytes: cgroupBytes, memoryLimitSource: 'cgroup' };
  return { memoryLimitBytes: physicalBytes, memoryLimitSource: 'physical' };
}
