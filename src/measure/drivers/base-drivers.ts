import { closedModel } from './closed-model.js';
import type { LoadDrivers } from './driver.js';
import { fakeDriversFrom } from './fake.js';
import { openModel } from './open/open-model.js';

/** autocannon for the closed model, loadlab's pacer for the open one: one thread each. */
export const singleThreadDrivers: LoadDrivers = { closed: closedModel, open: openModel };

/** What one generator thread drives with: the real drivers, unless a test asked for the fake load (LOADLAB_FAKE_LOAD). */
export function baseDriversFor(env: NodeJS.ProcessEnv): LoadDrivers {
  return fakeDriversFrom(env) ?? singleThreadDrivers;
}
