import { Job } from 'kubernetes-models/batch/v1';
import { ConfigMap } from 'kubernetes-models/v1';

const models = { Job, ConfigMap };

/**
 * Validates a manifest against the Kubernetes OpenAPI schema of its kind (kubernetes-models'
 * validators, generated from the API's schemas), and refuses any field the schema does not
 * name. The schemas allow additional properties, so kubernetes-models alone lets a misspelt
 * field through (`paralellism: 3` would reach the cluster, which drops it, or refuses it with
 * server-side field validation); the generated validator reads every field its schema names,
 * so a field it never read is one the API does not have.
 */
export function validateManifest(manifest: unknown): void {
  const kind = (manifest as { kind?: unknown }).kind;
  if (kind !== 'Job' && kind !== 'ConfigMap') throw new Error(`no schema here for kind ${String(kind)}`);
  const model = new models[kind](manifest as never);
  const watched = new Map<object, { path: string; unread: Set<PropertyKey>; proxy: object }>();
  const watch = (value: unknown, path: string): unknown => {
    if (typeof value !== 'object' || value === null) return value;
    const known = watched.get(value);
    if (known) return known.proxy;
    const entry = { path, unread: new Set<PropertyKey>(Array.isArray(value) ? [] : Object.keys(value)), proxy: value };
    entry.proxy = new Proxy(value, {
      get(target, key) {
        entry.unread.delete(key);
        const field = Reflect.get(target, key) as unknown;
        return typeof key === 'string' ? watch(field, Array.isArray(target) ? `${path}[${key}]` : `${path}.${key}`) : field;
      },
      has(target, key) {
        entry.unread.delete(key);
        return Reflect.has(target, key);
      },
      // a map (labels, annotations, a ConfigMap's data): the validator goes through every key
      ownKeys(target) {
        entry.unread.clear();
        return Reflect.ownKeys(target);
      },
    });
    watched.set(value, entry);
    return entry.proxy;
  };
  // throws with the schema's own message on a wrong type, a missing field or a bad value
  model.validate.call(watch(model, kind) as typeof model);
  const unknown = [...watched.values()].flatMap((entry) => [...entry.unread].map((key) => `${entry.path}.${String(key)}`));
  if (unknown.length > 0) throw new Error(`not in the Kubernetes schema: ${unknown.join(', ')}`);
}
