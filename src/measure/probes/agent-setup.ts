import type { PrivateFolder } from '../../deploy/private-folder.js';
import { preloadOptions } from '../../deploy/preload-options.js';
import { runtimeScript } from '../../machine/package-info.js';

/** The in-app agent for one deployment: its private folder and the environment that loads it. */
export interface AgentSetup {
  folder: string;
  env: Record<string, string>;
  remove(): void;
}

/**
 * Prepares runtime/probe-agent.cjs for a deployment's Node processes: a private temporary
 * folder (from ProcessOwner.privateFolder('probe')) it writes one file per process into, and
 * NODE_OPTIONS that preload it (added to any NODE_OPTIONS the user already has), and BUN_OPTIONS
 * for an app under Bun, which reads no NODE_OPTIONS. The agent reads only these variables.
 */
export function prepareAgent(
  folder: PrivateFolder,
  intervalMs: number,
  inherited = process.env.NODE_OPTIONS ?? '',
  inheritedBun = process.env.BUN_OPTIONS ?? '',
): AgentSetup {
  return {
    folder: folder.path,
    env: {
      ...preloadOptions(runtimeScript('probe-agent.cjs'), { NODE_OPTIONS: inherited, BUN_OPTIONS: inheritedBun }),
      LOADLAB_PROBE_DIR: folder.path,
      LOADLAB_PROBE_INTERVAL_MS: String(intervalMs),
    },
    remove: () => folder.remove(),
  };
}
