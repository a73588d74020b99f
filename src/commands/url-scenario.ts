import os from 'node:os';
import { InputError } from '../contract/errors.js';
import { topologies } from '../deploy/topologies/index.js';
import type { Scenario, TopologySpec } from '../scenario/scenario.js';
import { isLoopback } from '../measure/plan.js';
import { validateScenario } from '../scenario/validate.js';

export interface UrlScenarioOptions {
  /** Pids of the server, for the probes. */
  pids?: readonly number[];
  allowRemote?: boolean;
}

/**
 * The server is already running: a few seconds cover one that is still starting, and a wrong
 * port or path is said soon instead of after the 15 s a scenario's app gets.
 */
const alreadyRunningTimeout = '5s';

/**
 * `loadlab run --url`: the scenario built in memory and validated like a file's: one external
 * topology at the URL's origin, one GET workload on its path (and query), ready when that path
 * answers 2xx; load, SLO and "when to scale" take their defaults, which the command line
 * overrides as for any scenario. A URL that is not on this machine is refused here, before any
 * request, unless allowRemote.
 */
export function scenarioForUrl(urlText: string, options: UrlScenarioOptions): Scenario {
  if (!URL.canParse(urlText)) throw new InputError(`--url ${urlText}: not a URL (e.g. http://127.0.0.1:3000/api)`);
  const url = new URL(urlText);
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new InputError(`--url ${urlText}: must be an http:// or https:// URL, e.g. http://127.0.0.1:3000/`);
  if (!options.allowRemote && !isLoopback(url.hostname)) {
    throw new InputError(`--url ${urlText}: ${url.hostname} is not on this machine (127.0.0.1, localhost, ::1); pass --allow-remote to load it anyway`);
  }
  const path = `${url.pathname}${url.search}`;
  const raw = {
    name: `${url.host}${url.pathname === '/' ? '' : url.pathname}`,
    description: `GET ${url.href}`,
    app: { readiness: path, startTimeout: alreadyRunningTimeout },
    topologies: [{ kind: 'external', url: url.origin, ...(options.pids && options.pids.length > 0 ? { pids: [...options.pids] } : {}) }],
    workloads: { [`GET ${path}`]: { requests: [{ method: 'GET', path }] } },
  };
  const result = validateScenario<TopologySpec>(raw, { file: urlText, cores: os.availableParallelism(), topologies });
  if ('issues' in result) throw new InputError(result.issues.map((issue) => `--url ${urlText}: ${issue.path}: ${issue.message}`));
  return result.scenario;
}
