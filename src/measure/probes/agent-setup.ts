import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runtimeScript } from '../../machine/package-info.js';

/** The in-app agent for one deployment: its private folder and the environment that loads it. */
export interface AgentSetup {
  folder: string;
  env: Record<string, string>;
  remove(): void;
}

/**
 * Prepares runtime/probe-agent.cjs for a deployment's Node processes: a private temporary
 * folder it writes one file per process into, and NODE_OPTIONS that preload it (added to any
 * NODE_OPTIONS the user already has). The agent reads only these variables.
 */
export function prepareAgent(intervalMs: number, inherited = process.env.NODE_OPTIONS ?? ''): AgentSetup {
  const folder = mkdtempSync(join(tmpdir(), 'loadlab-probe-'));
  const preload = `--require ${JSON.stringify(runtimeScript('probe-agent.cjs'))}`;
  return {
    folder,
    env: {
      NODE_OPTIONS: inherited === '' ? preload : `${inherited} ${preload}`,
      LOADLAB_PROBE_DIR: folder,
      LOADLAB_PROBE_INTERVAL_MS: String(intervalMs),
    },
    remove: () => rmSync(folder, { recursive: true, force: true }),
  };
}
