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
  };
}
