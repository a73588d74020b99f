import type { ToolFacts } from '../machine/tool-facts.js';
import type { Runtime } from '../scenario/types.js';

/** tsx, which runs a TypeScript entry: loadlab depends on it, so it is there wherever loadlab is. */
export const tsxTool = {
  kind: 'package',
  name: 'tsx',
  package: 'tsx',
  install: "npm install (loadlab's own dependencies include tsx)",
} as const satisfies ToolFacts;

/** Bun, for `runtime: 'bun'`: the user's own, on PATH or installed in the project (npm install --save-dev bun). */
export const bunTool = {
  kind: 'program',
  name: 'bun',
  command: 'bun',
  versionArgs: ['--version'],
  // "1.1.38"
  versionPattern: /^(\d+\.\d+\.\S+)/m,
  install: 'npm install --save-dev bun (or https://bun.sh)',
  fromProject: true,
} as const satisfies ToolFacts;

/** The tools each runtime needs beyond the Node that runs loadlab. */
export const runtimeTools = { node: [], tsx: [tsxTool], bun: [bunTool] } satisfies Record<Runtime, readonly ToolFacts[]>;
