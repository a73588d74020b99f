import { existsSync, statSync } from 'node:fs';
import { describeValue } from '../text/duration.js';
import { basename, dirname, extname, resolve } from 'node:path';
import { FieldReader, join, type Issue } from './field-reader.js';
import { defaultRuntime, isFolder, projectFolder } from './app-defaults.js';
import { readAttack } from './read-attack.js';
import { readConnectionCost } from './read-connection-cost.js';
import { readEvents } from './read-events.js';
import { readStages, withStages, workloadStages } from './read-stages.js';
import { openModel } from './read-open-model.js';
import { readThresholds } from './read-thresholds.js';
import { readRequestFlow, requestFlowKeys } from './flows/read-request-flow.js';
import { readWorkloadFlow, workloadFlowKeys, type RequestTexts } from './flows/read-workload-flow.js';
import { needsFlow } from './flows/needs-flow.js';
import { requestName } from './flows/request-name.js';
import { declaredTopologyNames, readCompareTo, readTopologies, type TopologyFieldsByKind } from './read-topologies.js';
import {
  minMeasuredMs,
  runtimes,
  type AppSpec,
  type LoadSettings,
  type RequestSpec,
  type ScenarioOf,
  type TopologySpecBase,
  type WorkloadSpec,
} from './types.js';

export interface ValidateOptions<S extends TopologySpecBase = TopologySpecBase> {
  /** Absolute path of the scenario file: app.entry is resolved against its folder. */
  file: string;
  /** What os.availableParallelism() says: the meaning of instances: 'cores'. */
  cores: number;
  /** The topology kinds this build can run, each with its own fields; others are reported as not available. */
  topologies: TopologyFieldsByKind<S>;
}

const scenarioKeys = [
  'name',
  'description',
  'app',
  'topologies',
  'workloads',
  'load',
  'slo',
  'scaleWhen',
  'errorTolerance',
  'compareTo',
  'thresholds',
  'events',
  'connectionCost',
] as const;
const appKeys = ['entry', 'args', 'env', 'readiness', 'startTimeout', 'runtime', 'cwd'] as const;
const loadKeys = ['connections', 'duration', 'warmup', 'pipelining', 'rate', 'maxConnections', 'timeout', 'generators', 'stages'] as const;
const workloadKeys = ['requests', 'connections', 'pipelining', 'rate', 'maxConnections', 'attack', ...workloadFlowKeys, 'stages'] as const;
const requestKeys = ['method', 'path', 'headers', 'body', ...requestFlowKeys] as const;
const httpMethods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

export const scenarioDefaults = {
  readiness: '/',
  startTimeoutMs: 15_000,
  connections: 50,
  durationMs: 10_000,
  warmupMs: 2_000,
  pipelining: 1,
  timeoutMs: 10_000,
  slo: { p50: 100, p99: 150 },
  scaleWhen: { cpu: 0.8, latencyMs: 500, memory: 0.9, connectionsPerInstance: 10_000 },
  errorTolerance: 0,
} as const;

/** Checks a scenario file's default export and normalises it. Returns every problem found, not just the first. */
export function validateScenario<S extends TopologySpecBase>(raw: unknown, options: ValidateOptions<S>): { scenario: ScenarioOf<S> } | { issues: Issue[] } {
  const read = new FieldReader();
  const input = read.object(raw, '', scenarioKeys);
  if (!input) return { issues: read.issues };

  const name = read.optionalString(input.name, 'name', basename(options.file, extname(options.file)));
  const description = read.optionalString(input.description, 'description', '');
  const givenApp = input.app === undefined ? undefined : readApp(read, input.app, options.file);
  const topologies = readTopologies(read, input.topologies, options.topologies, options.cores, givenApp?.runtime ?? defaultRuntime(null));
  const needingApp = topologies.filter((topology) => options.topologies[topology.kind]?.needsApp).map((topology) => topology.name);
  const app = input.app === undefined ? noApp(read, needingApp, options.file) : givenApp && entryWhereNeeded(read, givenApp, needingApp);
  const load = readLoad(read, input.load);
  const connectionCost = readConnectionCost(read, input.connectionCost);
  // a scenario that only measures what a connection costs needs no load
  const workloads = input.workloads === undefined && connectionCost ? [] : readWorkloads(read, input.workloads, load, options.file);
  const sloInput = read.optionalObject(input.slo, 'slo', ['p50', 'p99']);
  const slo = {
    p50: read.number(sloInput.p50, 'slo.p50', { min: 0 }, scenarioDefaults.slo.p50),
    p99: read.number(sloInput.p99, 'slo.p99', { min: 0 }, scenarioDefaults.slo.p99),
  };
  const scaleInput = read.optionalObject(input.scaleWhen, 'scaleWhen', ['cpu', 'latencyMs', 'memory', 'connectionsPerInstance']);
  const defaults = scenarioDefaults.scaleWhen;
  const scaleWhen = {
    cpu: read.number(scaleInput.cpu, 'scaleWhen.cpu', { min: 0, max: 1 }, defaults.cpu),
    latencyMs: read.number(scaleInput.latencyMs, 'scaleWhen.latencyMs', { min: 0 }, defaults.latencyMs),
    memory: read.number(scaleInput.memory, 'scaleWhen.memory', { min: 0, max: 1 }, defaults.memory),
    connectionsPerInstance: read.integer(scaleInput.connectionsPerInstance, 'scaleWhen.connectionsPerInstance', 1, defaults.connectionsPerInstance),
  };
  const errorTolerance = readErrorTolerance(read, input.errorTolerance);
  const compareTo = readCompareTo(read, input.compareTo, input.topologies, topologies);
  const thresholds = readThresholds(read, input.thresholds, {
    topologies: [...new Set(topologies.flatMap((topology) => [topology.name, ...(topology.sweep ? [topology.sweep] : [])]))],
    workloads: workloads.map((workload) => workload.name),
    requests: [...new Set(workloads.flatMap((workload) => workload.requests.map(requestName)))],
  });
  const events = readEvents(read, input.events, { topologies, catalogue: options.topologies }, declaredTopologyNames(read, input.topologies), load.durationMs);

  if (read.issues.length > 0 || !app) return { issues: read.issues };
  const scenario: ScenarioOf<S> = { name, description, file: options.file, app, topologies, workloads, slo, scaleWhen, errorTolerance, thresholds, events };
  if (compareTo !== undefined) scenario.compareTo = compareTo;
  if (connectionCost) scenario.connectionCost = connectionCost;
  return { scenario };
}

function readErrorTolerance(read: FieldReader, value: unknown): number {
  // 5 most likely means 5%: say how to write it.
  if (typeof value === 'number' && value > 1 && value <= 100) {
    read.report('errorTolerance', `expected a share between 0 and 1 (0.01 is 1%), found ${value}`);
    return scenarioDefaults.errorTolerance;
  }
  return read.number(value, 'errorTolerance', { min: 0, max: 1 }, scenarioDefaults.errorTolerance);
}

/**
 * No app: the topologies that deploy it (needingIt: their names) require one. A scenario of
 * external servers only needs none: its readiness path and start timeout then take their
 * defaults, and there is no entry.
 */
function noApp(read: FieldReader, needingIt: readonly string[], file: string): AppSpec {
  if (needingIt.length > 0) read.report('app', `is required: ${whoStartsTheApp(needingIt)}`);
  return {
    entry: null,
    args: [],
    env: {},
    readiness: scenarioDefaults.readiness,
    startTimeoutMs: scenarioDefaults.startTimeoutMs,
    runtime: defaultRuntime(null),
    cwd: dirname(file),
  };
}

/** An app without an entry serves external topologies (its readiness path, its start timeout); a topology that deploys it needs the entry. */
function entryWhereNeeded(read: FieldReader, app: AppSpec, needingIt: readonly string[]): AppSpec | undefined {
  if (app.entry !== null || needingIt.length === 0) return app;
  read.report('app.entry', `is required: ${whoStartsTheApp(needingIt)}`);
  return undefined;
}

function whoStartsTheApp(names: readonly string[]): string {
  const quoted = names.map((name) => `'${name}'`).join(', ');
  return `${names.length === 1 ? `topology ${quoted} starts` : `topologies ${quoted} start`} the app (only external topologies need none)`;
}

/** app as given; entry null when it has none. undefined when app or its entry is not readable (reported). */
function readApp(read: FieldReader, value: unknown, file: string): AppSpec | undefined {
  const app = read.object(value, 'app', appKeys);
  if (!app) return undefined;
  const entryText = app.entry === undefined ? null : read.string(app.entry, 'app.entry');
  const entry = entryText === undefined || entryText === null ? entryText : resolve(dirname(file), entryText);
  if (typeof entry === 'string' && !isFile(entry)) read.report('app.entry', `file not found: ${entry}`);
  const readiness = read.optionalString(app.readiness, 'app.readiness', scenarioDefaults.readiness);
  if (!readiness.startsWith('/')) read.report('app.readiness', `must be a path starting with '/', found '${readiness}'`);
  const result = {
    entry: entry ?? null,
    args: read.stringList(app.args, 'app.args'),
    env: read.stringMap(app.env, 'app.env'),
    readiness,
    startTimeoutMs: read.durationMs(app.startTimeout, 'app.startTimeout', scenarioDefaults.startTimeoutMs, 1),
    runtime: read.oneOf(app.runtime, 'app.runtime', runtimes, defaultRuntime(entry ?? null)),
    cwd: readCwd(read, app.cwd, file, entry ?? null),
  };
  return entry === undefined ? undefined : result;
}

/** app.cwd relative to the scenario file, which must be a folder; else the entry's project folder. */
function readCwd(read: FieldReader, value: unknown, file: string, entry: string | null): string {
  const fallback = entry === null ? dirname(file) : projectFolder(entry);
  if (value === undefined) return fallback;
  const given = read.string(value, 'app.cwd');
  if (given === undefined) return fallback;
  const folder = resolve(dirname(file), given);
  if (!isFolder(folder)) read.report('app.cwd', `folder not found: ${folder}`);
  return folder;
}

function readLoad(read: FieldReader, value: unknown): LoadSettings {
  const load = read.optionalObject(value, 'load', loadKeys);
  const settings: LoadSettings = {
    connections: read.integer(load.connections, 'load.connections', 1, scenarioDefaults.connections),
    pipelining: read.integer(load.pipelining, 'load.pipelining', 1, scenarioDefaults.pipelining),
    durationMs: read.durationMs(load.duration, 'load.duration', scenarioDefaults.durationMs, minMeasuredMs),
    warmupMs: read.durationMs(load.warmup, 'load.warmup', scenarioDefaults.warmupMs),
    timeoutMs: read.durationMs(load.timeout, 'load.timeout', scenarioDefaults.timeoutMs, 1),
    ...openModel(read, load, 'load', {}),
    ...(load.generators === undefined ? {} : { generators: readGenerators(read, load.generators) }),
  };
  if (load.stages !== undefined && load.duration !== undefined)
    read.report('load.stages', 'cannot be given with load.duration: the measured phase is the sum of the stages');
  return withStages(settings, readStages(read, load.stages, 'load.stages', settings.rate !== undefined));
}

/** A number of load generator threads, or 'auto' (the default, also when absent). */
function readGenerators(read: FieldReader, value: unknown): number | 'auto' {
  if (value === 'auto') return 'auto';
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1) return value;
  read.report('load.generators', `expected 'auto' or a whole number of at least 1, found ${describeValue(value)}`);
  return 'auto';
}

function readWorkloads(read: FieldReader, value: unknown, load: LoadSettings, file: string): WorkloadSpec[] {
  if (value === undefined) {
    read.report('workloads', 'is required: an object of named request mixes, e.g. { hello: { requests: [{ path: "/" }] } }');
    return [];
  }
  if (!read.isObject(value)) {
    read.report('workloads', 'expected an object of named request mixes, e.g. { hello: { requests: [{ path: "/" }] } }');
    return [];
  }
  if (Object.keys(value).length === 0) read.report('workloads', 'must name at least one workload');
  return Object.entries(value).flatMap(([name, item]) => {
    const path = join('workloads', name);
    const workload = read.object(item, path, workloadKeys);
    if (!workload) return [];
    const readOnes = read.list(workload.requests, `${path}.requests`).map((request, index) => readRequest(read, request, `${path}.requests[${index}]`));
    const withTexts = readOnes.filter((request): request is RequestTexts & { spec: RequestSpec } => request !== undefined);
    const requests = withTexts.map((request) => request.spec);
    const flowFields = readWorkloadFlow(read, workload, path, file, withTexts);
    const attack = readAttack(read, workload.attack, `${path}.attack`);
    const pipelining = read.integer(workload.pipelining, `${path}.pipelining`, 1, load.pipelining);
    const flow = needsFlow(requests, flowFields) ? { ...flowFields, source: { file, workload: name } } : undefined;
    const model = openModel(read, workload, path, load);
    // autocannon sends a connection's next request the moment the answer comes: no pause fits in between
    if (flow?.think && model.rate === undefined)
      read.report(`${path}.think`, 'needs the open model (a rate): in the closed model a connection sends its next request as soon as the answer comes');
    // autocannon refuses a timeout under a second ("timeout must be greater than 0")
    if (model.rate === undefined && load.timeoutMs < 1000)
      read.report(
        'load.timeout',
        `must be at least 1 s in the closed model (autocannon's smallest), but is ${load.timeoutMs} ms: give ${path} a rate (the open model) for a shorter one`,
      );
    // a flow's next request depends on the last answer: it cannot be sent before that answer came
    if (flow && pipelining > 1)
      read.report(`${path}.pipelining`, `must be 1 in a flow (captures, checks, data, cookies, think or templates), found ${pipelining}`);
    const { stages: _inherited, ...base } = load;
    const own: LoadSettings = {
      ...base,
      connections: read.integer(workload.connections, `${path}.connections`, 1, load.connections),
      pipelining,
      ...model,
    };
    return [
      {
        name,
        ...(attack ? { attack } : {}),
        ...(flow ? { flow } : {}),
        requests,
        load: withStages(own, workloadStages(read, workload, path, load, own.rate !== undefined)),
      },
    ];
  });
}

/** A request, with where its templates are for the workload to check. Exported for a generator thread, which reads its flow again. */
export function readRequest(read: FieldReader, value: unknown, path: string): (RequestTexts & { spec: RequestSpec }) | undefined {
  const request = read.object(value, path, requestKeys);
  if (!request) return undefined;
  const requestPath = read.string(request.path, `${path}.path`);
  if (requestPath !== undefined && !requestPath.startsWith('/')) read.report(`${path}.path`, `must start with '/', found '${requestPath}'`);
  const method = readMethod(read, request.method, `${path}.method`);
  const body = request.body;
  if (body !== undefined && typeof body !== 'string') read.report(`${path}.body`, `expected a string, found ${describeValue(body)}`);
  const headers = read.stringMap(request.headers, `${path}.headers`);
  const flow = readRequestFlow(read, request, path, method, requestPath ?? '/');
  const spec: RequestSpec = { ...flow, method, path: requestPath ?? '/', headers };
  if (typeof body === 'string') spec.body = body;
  const texts = [
    { path: `${path}.path`, text: spec.path },
    ...Object.entries(headers).map(([name, text]) => ({ path: join(`${path}.headers`, name), text })),
    ...(spec.body === undefined ? [] : [{ path: `${path}.body`, text: spec.body }]),
  ];
  return { spec, flow, texts };
}

function readMethod(read: FieldReader, value: unknown, path: string): string {
  if (value === undefined) return 'GET';
  const upper = typeof value === 'string' ? value.toUpperCase() : '';
  if ((httpMethods as readonly string[]).includes(upper)) return upper;
  read.report(path, `unknown value ${describeValue(value)} (${httpMethods.join(', ')})`);
  return 'GET';
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}
