import { closestName } from './closest-name.js';
import { parseThreshold, type ScopedThreshold } from './thresholds/parse.js';
import { describeValue } from '../text/duration.js';
import type { FieldReader } from './field-reader.js';
import { requestMetrics } from './thresholds/metric-names.js';

/**
 * The scenario's `thresholds`: each a string ('p99 < 150ms') or `{ expr, topology?, workload? }`
 * scoped to a topology or workload, which must exist (a typo must not pass silently).
 */
export function readThresholds(
  read: FieldReader,
  value: unknown,
  names: { topologies: string[]; workloads: string[]; requests?: string[] },
): ScopedThreshold[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    read.report('thresholds', `expected a list of thresholds such as ['p99 < 150ms', 'errors == 0'], found ${describeValue(value)}`);
    return [];
  }
  return value.flatMap((item, index) => {
    const path = `thresholds[${index}]`;
    const written = typeof item === 'string' ? { expr: item } : read.isObject(item) ? item : undefined;
    if (!written) {
      read.report(path, `expected a threshold such as 'p99 < 150ms' or { expr, topology?, workload? }, found ${describeValue(item)}`);
      return [];
    }
    if (typeof item === 'object') read.object(item, path, ['expr', 'topology', 'workload', 'request']);
    const expr = read.string(written.expr, typeof item === 'string' ? path : `${path}.expr`);
    if (expr === undefined) return [];
    const parsed = parseThreshold(expr);
    if ('error' in parsed) {
      read.report(typeof item === 'string' ? path : `${path}.expr`, parsed.error);
      return [];
    }
    const scoped: ScopedThreshold = { threshold: parsed.threshold };
    const topology = scope(read, written.topology, `${path}.topology`, 'topology', names.topologies);
    const workload = scope(read, written.workload, `${path}.workload`, 'workload', names.workloads);
    if (topology !== undefined) scoped.topology = topology;
    if (workload !== undefined) scoped.workload = workload;
    const request = scope(read, written.request, `${path}.request`, 'request', names.requests ?? []);
    if (request !== undefined) {
      if (requestMetrics.includes(parsed.threshold.metric)) scoped.request = request;
      else read.report(`${path}.expr`, `${parsed.threshold.metric} is not measured per request (${requestMetrics.join(', ')})`);
    }
    return [scoped];
  });
}

function scope(read: FieldReader, value: unknown, path: string, what: string, known: string[]): string | undefined {
  if (value === undefined) return undefined;
  const name = read.string(value, path);
  if (name === undefined) return undefined;
  if (known.includes(name)) return name;
  const suggestion = closestName(name, known);
  read.report(path, `unknown ${what} '${name}' (${known.join(', ')})${suggestion ? `; did you mean ${suggestion}?` : ''}`);
  return undefined;
}
