import { baseDriversFor, singleThreadDrivers } from './base-drivers.js';
import type { LoadDrivers } from './driver.js';
import { withGenerators } from './generators/with-generators.js';

/** autocannon for the closed model, loadlab's pacer for the open one, in as many generator threads as a load asks. */
export const realDrivers: LoadDrivers = withGenerators(singleThreadDrivers);

/** The drivers a command runs with: the real ones, unless a test asked for the fake load (LOADLAB_FAKE_LOAD). */
export function loadDriversFor(env: NodeJS.ProcessEnv): LoadDrivers {
  return withGenerators(baseDriversFor(env));
}
