import type { LoadSettings } from '../../../scenario/types.js';
import { modelOf } from '../driver.js';
import { partOf, wholeLoad, type LoadShare } from '../load-share.js';

/**
 * 'auto' generator threads, by the cores of the machine the load runs on:
 * - below 4 cores, one: the deployment runs on the same machine and needs its cores; one thread
 *   drives what a small machine's server can take (and keeps the figures of a single generator);
 * - from 4 cores, a quarter of them (8 cores: 2, 64 cores: 16), leaving three quarters to the
 *   deployment;
 * and never more than the load needs: the closed model needs a connection per thread, the open
 * model a thread per autoRatePerGenerator requests a second.
 */
export const generatorRules = {
  fewestCoresForMore: 4,
  coresPerGenerator: 4,
  /** Well within one thread's reach (bench/generator-cost), so that the pacer's own lateness stays small. */
  autoRatePerGenerator: 10_000,
} as const;

/** The generator threads a load (or its share) runs in; `setting` as the scenario or --generators gave it. */
export function generatorCount(setting: LoadSettings['generators'], load: LoadSettings, cores: number, share: LoadShare = wholeLoad): number {
  const connections = partOf(load.connections, share);
  const wanted = setting === undefined || setting === 'auto' ? autoCount(load, cores, share) : setting;
  // the closed model splits the connections: a thread without one would drive nothing
  return Math.max(1, modelOf(load) === 'closed' ? Math.min(wanted, connections) : wanted);
}

function autoCount(load: LoadSettings, cores: number, share: LoadShare): number {
  if (cores < generatorRules.fewestCoresForMore) return 1;
  const byCores = Math.floor(cores / generatorRules.coresPerGenerator);
  if (load.rate === undefined) return byCores;
  return Math.min(byCores, Math.ceil(load.rate / share.count / generatorRules.autoRatePerGenerator));
}
