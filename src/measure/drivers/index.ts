import { closedModel } from './closed-model.js';
import type { LoadDrivers } from './driver.js';
import { fakeDriversFrom } from './fake.js';
import { openModel } from './open/open-model.js';

/** autocannon for the closed model, loadlab's pacer for the open one. */
export const realDrivers: LoadDrivers = { closed: closedModel, open: openModel };

/** The drivers a command runs with: the real ones, unless a test asked for the fake load (LOADLAB_FAKE_LOAD). */
export function loadDriversFor(env: NodeJS.ProcessEnv): LoadDrivers {
  return fakeDriversFrom(env) ?? realDrivers;
}
