import { availableParallelism } from 'node:os';
import { loadDriver, type LoadDriver, type LoadDrivers, type LoadModel } from '../driver.js';
import { generatorCount } from './generator-count.js';
import { generatorPool } from './generator-pool.js';

/**
 * Drivers that run each load in as many generator threads as its settings ask (load.generators,
 * 'auto' by this machine's cores): one in this thread with `base`, more in a pool of threads,
 * each of which drives with the same kind of driver (baseDriversFor its environment).
 */
export function withGenerators(base: LoadDrivers, cores = availableParallelism()): LoadDrivers {
  const pooled = (model: LoadModel): LoadDriver =>
    loadDriver(model, (request) => {
      const count = generatorCount(request.load.generators, request.load, cores, request.share);
      return count <= 1 ? base[model].record(request) : generatorPool(model, count).record(request);
    });
  return { closed: pooled('closed'), open: pooled('open') };
}
