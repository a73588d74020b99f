import { join, unknownField, type FieldReader } from './field-reader.js';
import type { TopologyFields } from './topology-catalogue.js';
import { runtimes, type Runtime, type TopologySpecBase } from './types.js';

/** What every topology has; each kind adds its own fields (TopologyFields.fields). */
const commonTopologyKeys = ['name', 'kind', 'instances', 'runtime'] as const;

/** The topology kinds a build can run (its catalogue), each with its own fields. */
export type TopologyFieldsByKind<S extends TopologySpecBase> = Readonly<Record<string, TopologyFields<S>>>;

/**
 * Each entry of `topologies`: name, kind and instances here, the kind's own fields by the kind's
 * TopologyFields. A field of another kind is named as such; an unknown one gets a did-you-mean.
 * A topology runs the app under its own `runtime`, else the app's (appRuntime).
 */
export function readTopologies<S extends TopologySpecBase>(
  read: FieldReader,
  value: unknown,
  catalogue: TopologyFieldsByKind<S>,
  cores: number,
  appRuntime: Runtime,
): S[] {
  const specs: S[] = [];
  const available = Object.keys(catalogue);
  const fieldOwners = new Map<string, string[]>();
  for (const kind of available) for (const field of catalogue[kind]?.fields ?? []) fieldOwners.set(field, [...(fieldOwners.get(field) ?? []), kind]);
  read.list(value, 'topologies').forEach((item, index) => {
    const path = `topologies[${index}]`;
    if (!read.isObject(item)) {
      read.object(item, path, commonTopologyKeys);
      return;
    }
    if (item.kind === undefined) {
      read.report(`${path}.kind`, `is required (${available.join(', ')})`);
      return;
    }
    const fields = typeof item.kind === 'string' && Object.hasOwn(catalogue, item.kind) ? catalogue[item.kind] : undefined;
    if (!fields) {
      read.report(`${path}.kind`, `unknown kind ${describe(item.kind)} (${available.join(', ')})`);
      return;
    }
    const kind = fields.kind;
    const own = [...commonTopologyKeys, ...fields.fields];
    for (const key of Object.keys(item).filter((key) => !own.includes(key))) {
      const owners = fieldOwners.get(key);
      read.report(join(path, key), owners ? `applies to kind ${owners.map((owner) => `'${owner}'`).join(', ')} only, not '${kind}'` : unknownField(key, own));
    }
    const name = read.optionalString(item.name, `${path}.name`, kind);
    const runtime = read.oneOf(item.runtime, `${path}.runtime`, runtimes, appRuntime);
    if (item.runtime !== undefined && !fields.needsApp) read.report(`${path}.runtime`, `applies to topologies that start the app, not to kind '${kind}'`);
    if (specs.some((spec) => spec.name === name)) {
      read.report(`${path}.name`, `duplicate topology name '${name}': give each topology its own name`);
    }
    if (Array.isArray(item.instances) && fields.instances !== 'one') {
      // a scaling sweep: the same topology at each count, one deployment each, named 'cluster×2'
      const counts = readInstanceList(read, item.instances, `${path}.instances`, cores);
      const [first] = counts;
      if (first === undefined) return;
      const spec = fields.readSpec(read, item, { name: sweepName(name, first), kind, instances: first, runtime, sweep: name }, path);
      specs.push(...counts.map((count) => ({ ...spec, name: sweepName(name, count), instances: count })));
      return;
    }
    const instances = readInstances(read, item.instances, `${path}.instances`, fields, cores);
    specs.push(fields.readSpec(read, item, { name, kind, instances, runtime }, path));
  });
  return specs;
}

/** The name of a sweep's topology at one count: 'cluster×2'. */
export function sweepName(sweep: string, instances: number): string {
  return `${sweep}×${instances}`;
}

/**
 * `instances: [1, 2, 4, 'cores']`: whole numbers of at least 1 or 'cores', at least two different
 * counts once 'cores' is resolved; duplicates are dropped, and the counts run from the smallest.
 */
function readInstanceList(read: FieldReader, values: unknown[], path: string, cores: number): number[] {
  const counts = values.flatMap((value, index) => {
    if (value === 'cores') return [cores];
    if (typeof value === 'number' && Number.isInteger(value) && value >= 1) return [value];
    read.report(`${path}[${index}]`, `expected a whole number of at least 1 or 'cores', found ${describe(value)}`);
    return [];
  });
  const distinct = [...new Set(counts)].sort((a, b) => a - b);
  if (counts.length === values.length && distinct.length < 2) {
    read.report(
      path,
      `a list of instances is a scaling sweep: it needs at least two different counts, found ${describe(values)}${values.includes('cores') ? ` ('cores' is ${cores} here)` : ''}`,
    );
    return [];
  }
  return distinct;
}

function readInstances(read: FieldReader, value: unknown, path: string, fields: TopologyFields<TopologySpecBase>, cores: number): number {
  if (fields.instances === 'one') {
    if (value !== undefined && value !== 1) read.report(path, `a '${fields.kind}' topology has exactly 1 instance, found ${describe(value)}`);
    return 1;
  }
  const fallback = fields.instances.default === 'cores' ? cores : 1;
  if (value === undefined) return fallback;
  if (value === 'cores') return cores;
  return read.integer(value, path, 1, fallback);
}

/** The names the scenario gives its topologies (a name, else the kind), mistakes or not. */
export function declaredTopologyNames(read: FieldReader, rawTopologies: unknown): string[] {
  return (Array.isArray(rawTopologies) ? rawTopologies : []).flatMap((item: unknown) => {
    if (!read.isObject(item)) return [];
    const name: unknown = typeof item.name === 'string' ? item.name : item.kind;
    return typeof name === 'string' ? [name] : [];
  });
}

/**
 * compareTo must name a topology. A topology that has a problem of its own (reported already)
 * still counts by the name it declares, so that one mistake is not reported twice.
 */
export function readCompareTo(read: FieldReader, value: unknown, rawTopologies: unknown, specs: readonly TopologySpecBase[]): string | undefined {
  if (value === undefined) return undefined;
  const name = read.string(value, 'compareTo');
  if (name === undefined) return undefined;
  if (specs.some((spec) => spec.name === name) || declaredTopologyNames(read, rawTopologies).includes(name)) return name;
  const names = specs.map((spec) => spec.name);
  read.report('compareTo', `unknown topology '${name}'${names.length > 0 ? ` (topologies: ${names.join(', ')})` : ''}`);
  return undefined;
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : (JSON.stringify(value) ?? String(value));
}
