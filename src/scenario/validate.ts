import { existsSync, statSync } from 'node:fs';
import { describeValue } from '../text/duration.js';
import { basename, dirname, extname, resolve } from 'node:path';
import { FieldReader, join, type Issue } from './field-reader.js';
import { readEvents } from './read-events.js';
import { readThresholds } from './read-thresholds.js';
import {
  schedulingPolicies,
  topologyKinds,
  type LoadSettings,
  type RequestSpec,
  type Scenario,
  type TopologyKind,
  type TopologySpec,
  type WorkloadSpec,
} from './types.js';

export interface ValidateOptions {
  /** Absolute path of the scenario file: app.entry is resolved against its folder. */
  file: string;
  /** What os.availableParallelism() says: the meaning of instances: 'cores'. */
  cores: number;
  /** Topology kinds this build can run; others are reported as not available yet. */
  availableKinds: readonly TopologyKind[];
}

const scenarioKeys = ['name', 'description', 'app', 'topologies', 'workloads', 'load', 'slo', 'scaleWhen', 'errorTolerance', 'compareTo', 'thresholds', 'events'] as const;
const appKeys = ['entry', 'args', 'env', 'readiness', 'startTimeout'] as const;
const topologyKeys = ['name', 'kind', 'instances', 'schedulingPolicy', 'balancer', 'nginxPath', 'workerProcesses', 'url', 'command', 'pids'] as const;
/** Fields that belong to one kind only. */
const kindOnlyFields: Record<string, TopologyKind> = { schedulingPolicy: 'cluster', balancer: 'proxy', nginxPath: 'proxy', workerProcesses: 'proxy', url: 'external', command: 'external', pids: 'external' };
const loadKeys = ['connections', 'duration', 'warmup', 'pipelining', 'rate', 'maxConnections', 'timeout'] as const;
const workloadKeys = ['requests', 'connections', 'pipelining', 'rate', 'maxConnections'] as const;
const requestKeys = ['method', 'path', 'headers', 'body'] as const;
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
export function validateScenario(raw: unknown, options: ValidateOptions): { scenario: Scenario } | { issues: Issue[] } {
  const read = new FieldReader();
  const input = read.object(raw, '', scenarioKeys);
  if (!input) return { issues: read.issues };

  const name = read.optionalString(input.name, 'name', basename(options.file, extname(options.file)));
  const description = read.optionalString(input.description, 'description', '');
  const app = readApp(read, input.app, options.file);
  const topologies = readTopologies(read, input.topologies, options);
  const load = readLoad(read, input.load);
  const workloads = readWorkloads(read, input.workloads, load);
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
  const thresholds = readThresholds(read, input.thresholds, { topologies: topologies.map((topology) => topology.name), workloads: workloads.map((workload) => workload.name) });
  const events = readEvents(read, input.events, topologies, declaredTopologyNames(read, input.topologies), load.durationMs);

  if (read.issues.length > 0 || !app) return { issues: read.issues };
  const scenario: Scenario = { name, description, file: options.file, app, topologies, workloads, slo, scaleWhen, errorTolerance, thresholds, events };
  if (compareTo !== undefined) scenario.compareTo = compareTo;
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
 * compareTo must name a topology. A topology that has a problem of its own (reported already)
 * still counts by the name it declares, so that one mistake is not reported twice.
 */
/** The names the scenario gives its topologies (a name, else the kind), mistakes or not. */
function declaredTopologyNames(read: FieldReader, rawTopologies: unknown): string[] {
  return (Array.isArray(rawTopologies) ? rawTopologies : []).flatMap((item: unknown) => {
    if (!read.isObject(item)) return [];
    const name: unknown = typeof item.name === 'string' ? item.name : item.kind;
    return typeof name === 'string' ? [name] : [];
  });
}

function readCompareTo(read: FieldReader, value: unknown, rawTopologies: unknown, specs: readonly TopologySpec[]): string | undefined {
  if (value === undefined) return undefined;
  const name = read.string(value, 'compareTo');
  if (name === undefined) return undefined;
  if (specs.some((spec) => spec.name === name) || declaredTopologyNames(read, rawTopologies).includes(name)) return name;
  const names = specs.map((spec) => spec.name);
  read.report('compareTo', `unknown topology '${name}'${names.length > 0 ? ` (topologies: ${names.join(', ')})` : ''}`);
  return undefined;
}

function readApp(read: FieldReader, value: unknown, file: string): Scenario['app'] | undefined {
  if (value === undefined) {
    read.report('app', 'is required');
    return undefined;
  }
  const app = read.object(value, 'app', appKeys);
  if (!app) return undefined;
  const entryText = read.string(app.entry, 'app.entry');
  const entry = entryText === undefined ? undefined : resolve(dirname(file), entryText);
  if (entry !== undefined && !isFile(entry)) read.report('app.entry', `file not found: ${entry}`);
  const readiness = read.optionalString(app.readiness, 'app.readiness', scenarioDefaults.readiness);
  if (!readiness.startsWith('/')) read.report('app.readiness', `must be a path starting with '/', found '${readiness}'`);
  const result = {
    entry: entry ?? '',
    args: read.stringList(app.args, 'app.args'),
    env: read.stringMap(app.env, 'app.env'),
    readiness,
    startTimeoutMs: read.durationMs(app.startTimeout, 'app.startTimeout', scenarioDefaults.startTimeoutMs, 1),
  };
  return entry === undefined ? undefined : result;
}

function readTopologies(read: FieldReader, value: unknown, options: ValidateOptions): TopologySpec[] {
  const specs: TopologySpec[] = [];
  read.list(value, 'topologies').forEach((item, index) => {
    const path = `topologies[${index}]`;
    const topology = read.object(item, path, topologyKeys);
    if (!topology) return;
    if (topology.kind === undefined) {
      read.report(`${path}.kind`, `is required (${topologyKinds.join(', ')})`);
      return;
    }
    if (typeof topology.kind !== 'string' || !(topologyKinds as readonly string[]).includes(topology.kind)) {
      read.report(`${path}.kind`, `unknown kind ${describe(topology.kind)} (${topologyKinds.join(', ')})`);
      return;
    }
    const kind = topology.kind as TopologyKind;
    if (!options.availableKinds.includes(kind)) {
      read.report(`${path}.kind`, `'${kind}' is not available in this version yet (available: ${options.availableKinds.join(', ')})`);
      return;
    }
    const name = read.optionalString(topology.name, `${path}.name`, kind);
    if (specs.some((spec) => spec.name === name)) {
      read.report(`${path}.name`, `duplicate topology name '${name}': give each topology its own name`);
    }
    const instances = readInstances(read, topology.instances, `${path}.instances`, kind, options.cores);
    for (const [field, owner] of Object.entries(kindOnlyFields)) {
      if (topology[field] !== undefined && kind !== owner) read.report(`${path}.${field}`, `applies to kind '${owner}' only, not '${kind}'`);
    }
    const schedulingPolicy = read.oneOf(topology.schedulingPolicy, `${path}.schedulingPolicy`, schedulingPolicies, 'rr');
    const spec: TopologySpec = { name, kind, instances, schedulingPolicy };
    if (kind === 'proxy') spec.proxy = readProxy(read, topology, path);
    if (kind === 'external') spec.external = readExternal(read, topology, path);
    specs.push(spec);
  });
  return specs;
}

function readProxy(read: FieldReader, topology: Record<string, unknown>, path: string): NonNullable<TopologySpec['proxy']> {
  const proxy: NonNullable<TopologySpec['proxy']> = {
    balancer: read.oneOf(topology.balancer, `${path}.balancer`, ['nginx'] as const, 'nginx'),
    workerProcesses: read.integer(topology.workerProcesses, `${path}.workerProcesses`, 1, 1),
  };
  if (topology.nginxPath !== undefined) {
    const nginxPath = read.string(topology.nginxPath, `${path}.nginxPath`);
    if (nginxPath !== undefined) proxy.nginxPath = nginxPath;
  }
  return proxy;
}

function readExternal(read: FieldReader, topology: Record<string, unknown>, path: string): NonNullable<TopologySpec['external']> {
  const urlText = read.string(topology.url, `${path}.url`) ?? '';
  if (urlText !== '' && !URL.canParse(urlText)) read.report(`${path}.url`, `not a URL: '${urlText}'`);
  else if (urlText !== '' && !['http:', 'https:'].includes(new URL(urlText).protocol)) read.report(`${path}.url`, `must be an http:// or https:// URL, found '${urlText}'`);
  const command = read.stringList(topology.command, `${path}.command`);
  if (topology.command !== undefined && command.length === 0) read.report(`${path}.command`, 'must not be empty: the program and its arguments, e.g. ["node", "server.js"]');
  const pids = topology.pids === undefined ? [] : Array.isArray(topology.pids) ? topology.pids : [];
  if (topology.pids !== undefined && (!Array.isArray(topology.pids) || pids.some((pid) => !Number.isInteger(pid) || (pid as number) < 1))) {
    read.report(`${path}.pids`, 'expected a list of process ids (whole numbers)');
  }
  return { url: urlText.replace(/\/+$/, ''), command, pids: pids.filter((pid): pid is number => Number.isInteger(pid)) };
}

function readInstances(read: FieldReader, value: unknown, path: string, kind: TopologyKind, cores: number): number {
  if (kind === 'single') {
    if (value !== undefined && value !== 1) read.report(path, `a 'single' topology has exactly 1 instance, found ${describe(value)}`);
    return 1;
  }
  // an external server is one instance unless the scenario says how many processes serve it
  if (kind === 'external' && value === undefined) return 1;
  if (value === undefined || value === 'cores') return cores;
  return read.integer(value, path, 1, cores);
}

function readLoad(read: FieldReader, value: unknown): LoadSettings {
  const load = read.optionalObject(value, 'load', loadKeys);
  return {
    connections: read.integer(load.connections, 'load.connections', 1, scenarioDefaults.connections),
    pipelining: read.integer(load.pipelining, 'load.pipelining', 1, scenarioDefaults.pipelining),
    durationMs: read.durationMs(load.duration, 'load.duration', scenarioDefaults.durationMs, 100),
    warmupMs: read.durationMs(load.warmup, 'load.warmup', scenarioDefaults.warmupMs),
    timeoutMs: read.durationMs(load.timeout, 'load.timeout', scenarioDefaults.timeoutMs, 1),
    ...openModel(read, load, 'load', {}),
  };
}

/** rate (requests/s, > 0) and maxConnections, where given: a rate makes the run open-model. */
function openModel(read: FieldReader, fields: Record<string, unknown>, path: string, inherited: Pick<LoadSettings, 'rate' | 'maxConnections'>): Pick<LoadSettings, 'rate' | 'maxConnections'> {
  const result: Pick<LoadSettings, 'rate' | 'maxConnections'> = {};
  const rate = fields.rate === undefined ? inherited.rate : read.number(fields.rate, `${path}.rate`, { min: 0.001 }, 0) || undefined;
  if (rate !== undefined) result.rate = rate;
  const maxConnections = fields.maxConnections === undefined ? inherited.maxConnections : read.integer(fields.maxConnections, `${path}.maxConnections`, 1, 1);
  if (maxConnections !== undefined) result.maxConnections = maxConnections;
  return result;
}

function readWorkloads(read: FieldReader, value: unknown, load: LoadSettings): WorkloadSpec[] {
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
    const requests = read.list(workload.requests, `${path}.requests`).map((request, index) => readRequest(read, request, `${path}.requests[${index}]`));
    return [{
      name,
      requests: requests.filter((request): request is RequestSpec => request !== undefined),
      load: {
        ...load,
        connections: read.integer(workload.connections, `${path}.connections`, 1, load.connections),
        pipelining: read.integer(workload.pipelining, `${path}.pipelining`, 1, load.pipelining),
        ...openModel(read, workload, path, load),
      },
    }];
  });
}

function readRequest(read: FieldReader, value: unknown, path: string): RequestSpec | undefined {
  const request = read.object(value, path, requestKeys);
  if (!request) return undefined;
  const requestPath = read.string(request.path, `${path}.path`);
  if (requestPath !== undefined && !requestPath.startsWith('/')) read.report(`${path}.path`, `must start with '/', found '${requestPath}'`);
  const method = readMethod(read, request.method, `${path}.method`);
  const body = request.body;
  if (body !== undefined && typeof body !== 'string') read.report(`${path}.body`, `expected a string, found ${describeValue(body)}`);
  const spec: RequestSpec = { method, path: requestPath ?? '/', headers: read.stringMap(request.headers, `${path}.headers`) };
  if (typeof body === 'string') spec.body = body;
  return spec;
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

function describe(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value) ?? String(value);
}
