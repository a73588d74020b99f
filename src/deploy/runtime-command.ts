import { dirname, join } from 'node:path';
import { TopologyUnavailable } from '../contract/errors.js';
import type { Runtime } from '../scenario/types.js';
import { findOnPath, isExecutable } from './find-executable.js';

/** How a process runs an entry under a runtime: `<executable> ...args <entry>`. */
export interface RuntimeCommand {
  runtime: Runtime;
  /** The node or bun executable. */
  executable: string;
  /** Arguments that go before the entry: tsx's loader for 'tsx'. */
  args: string[];
}

/**
 * The executable of a runtime as the project would use it: the project's own node_modules/.bin
 * (as `npm start` puts it first on PATH), then PATH; node falls back to the one running loadlab.
 * tsx is loadlab's own dependency, loaded by URL: the project need not have it. Bun missing is a
 * TopologyUnavailable, as a missing nginx is: the other topologies still run.
 */
export function runtimeCommand(runtime: Runtime, projectFolder: string): RuntimeCommand {
  if (runtime === 'bun') {
    const bun = projectBinary('bun', projectFolder) ?? findOnPath('bun');
    if (!bun) throw new TopologyUnavailable(`bun not found in ${projectFolder}/node_modules/.bin or on PATH: install it (npm install --save-dev bun)`);
    return { runtime, executable: bun, args: [] };
  }
  const node = projectBinary('node', projectFolder) ?? findOnPath('node') ?? process.execPath;
  return { runtime, executable: node, args: runtime === 'tsx' ? ['--import', tsxLoader()] : [] };
}

/** The URL of tsx's loader (ESM and CommonJS hooks) in loadlab's own dependencies. */
export function tsxLoader(): string {
  return import.meta.resolve('tsx');
}

/** `name` in node_modules/.bin of the project folder or a folder above it, the nearest first. */
function projectBinary(name: string, projectFolder: string): string | undefined {
  for (let folder = projectFolder; ; folder = dirname(folder)) {
    const candidate = join(folder, 'node_modules', '.bin', name);
    if (isExecutable(candidate)) return candidate;
    if (dirname(folder) === folder) return undefined;
  }
}
