import { topologies, type TopologyKind } from '../deploy/topologies/index.js';
import type { BalancerName } from '../deploy/balancers/index.js';
import { scenarioDefaults } from '../scenario/validate.js';
import { durationInput } from '../text/duration.js';
import type { Runtime } from '../scenario/types.js';
import type { ChosenRoute } from './project-facts.js';

/** What the starter scenario says about the project; every other value is loadlab's default. */
export interface StarterFacts {
  name: string;
  /** The scenario file's own name, for the run command in its header. */
  fileName: string;
  /** app.entry as the scenario writes it: relative to the scenario file, './server.js'. */
  entry: string;
  /** Where the entry came from ('package.json "main"'). */
  entryFrom: string;
  /** What runs the entry: written out when it is not node (tsx for TypeScript, bun). */
  runtime: Runtime;
  readiness: ChosenRoute;
  /** The path of the one workload's GET. */
  workload: ChosenRoute;
  /** An .mjs file: its header says why it is not TypeScript. */
  module: boolean;
}

const proxyBalancer: BalancerName = 'nginx';

/**
 * The commented TypeScript scenario `loadlab init` writes: the app, the four topologies that
 * deploy it, one workload on a route the app answers, and the load, SLO and "when to scale" defaults written out
 * (taken from the validator's defaults and the topologies' own, so they are what loadlab would
 * use without them).
 */
export function starterScenario(facts: StarterFacts): string {
  const d = scenarioDefaults;
  const moduleNote = facts.module
    ? `// An ES module, not TypeScript: tsc leaves it alone (a .ts file outside the project's rootDir
// fails tsc with TS6059), and an editor still completes its fields from loadlab's types.
`
    : '';
  const runtimeLine =
    facts.runtime === 'node'
      ? ''
      : `
    runtime: ${literal(facts.runtime)}, // ${facts.runtime === 'tsx' ? 'a TypeScript entry: run through tsx, which comes with loadlab' : 'run under Bun'}`;
  return `import { defineScenario } from 'loadlab';

${moduleNote}// A loadlab scenario for ${facts.name}, written by \`loadlab init\`. Run it with
//   npx loadlab run ${facts.fileName}
// (a quick look: add --duration 2s --warmup 0). Below the app, every value is what loadlab
// uses when it is left out, written out to be edited. The app must listen on process.env.PORT:
// loadlab picks a free port for every process it starts, and stops them all at the end.
export default defineScenario({
  name: ${literal(facts.name)},
  app: {
    entry: ${literal(facts.entry)}, // from ${facts.entryFrom}${runtimeLine}
    readiness: ${literal(facts.readiness.path)}, // polled until it answers 2xx before any load is sent (${facts.readiness.from})
    startTimeout: ${literal(durationInput(d.startTimeoutMs))}, // how long the app may take to become ready
  },
  // The deployments to compare: each is started, loaded with every workload, and stopped.
  topologies: [
    // one process, one event loop: how most apps run in a container
    ${topology('single')},
    // the Node cluster module: loadlab's own primary forks the workers; your app needs no cluster code
    ${topology('cluster')},
    // optional: PM2 cluster mode, through the pm2 package loadlab brings along (your own PM2 and
    // ~/.pm2 are never touched); delete this line if PM2 is not how you would deploy
    ${topology('pm2')},
    // optional: nginx in front of N single instances; needs nginx (apt-get install nginx): without
    // it this topology is skipped and the others still run. balancer: 'haproxy' for HAProxy
    ${topology('proxy', `balancer: ${literal(proxyBalancer)}`)},
    // a server you start yourself: { kind: 'external', url: 'http://127.0.0.1:3000' }
  ],
  // Named request mixes; every topology runs every workload.
  workloads: {
    // ${facts.workload.path} ${facts.workload.from}
    ${workloadName(facts.workload.path)}: { requests: [{ method: 'GET', path: ${literal(facts.workload.path)} }] },
  },
  // The load of every workload (a workload may set its own connections or rate).
  load: {
    connections: ${literal(d.connections)}, // closed model: each connection sends its next request when the last is answered
    duration: ${literal(durationInput(d.durationMs))}, // the measured phase of each trial
    warmup: ${literal(durationInput(d.warmupMs))}, // before it, not recorded
    timeout: ${literal(durationInput(d.timeoutMs))}, // a request without an answer by then counts as a timeout
    // rate: 500, // the open model instead: this many requests per second, whatever the server does
  },
  // The response-time target in milliseconds: a trial above it fails.
  slo: { p50: ${literal(d.slo.p50)}, p99: ${literal(d.slo.p99)} },
  // When to scale: the signals that say one more instance (or a fix) is due.
  scaleWhen: {
    cpu: ${literal(d.scaleWhen.cpu)}, // share of one core a process may use for most of the run
    latencyMs: ${literal(d.scaleWhen.latencyMs)}, // a p99 above this means requests are queueing
    memory: ${literal(d.scaleWhen.memory)}, // share of its memory limit (cgroup, V8 heap or the machine) a process may reach
    connectionsPerInstance: ${literal(d.scaleWhen.connectionsPerInstance)}, // established connections one process may hold
  },
  errorTolerance: ${literal(d.errorTolerance)}, // share of requests that may fail (errors, timeouts, non-2xx)
  // Gates for CI: a failed one makes \`loadlab run\` exit 1.
  // thresholds: ['p99 < ${d.slo.p99}ms', 'errors == 0'],
});
`;
}

/** 'home' for '/', else the path as a name: '/api/items' → 'api_items'. */
function workloadName(path: string): string {
  const name = path.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return name === '' ? 'home' : /^[0-9]/.test(name) ? `_${name}` : name;
}

/** `{ kind: 'cluster', instances: 'cores' }`: the kind's default number of instances, written out. */
function topology(kind: Exclude<TopologyKind, 'external'>, extra?: string): string {
  const { instances } = topologies[kind];
  const fields = [`kind: ${literal(kind)}`, ...(instances === 'one' ? [] : [`instances: ${literal(instances.default)}`]), ...(extra ? [extra] : [])];
  return `{ ${fields.join(', ')} }`;
}

/** A string or number as TypeScript source: quoted and escaped, or with digit separators (10_000). */
function literal(value: string | number): string {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 10_000 ? String(value).replace(/\B(?=(\d{3})+$)/g, '_') : String(value);
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
