import { dirname, resolve } from 'node:path';
import { describeValue, parseDuration } from '../../text/duration.js';
import type { FieldReader } from '../field-reader.js';
import { dataOrders, type DataSpec, type DataTable, type FlowSource, type ThinkSpec } from './flow-types.js';
import { readDataFile } from './read-data-file.js';
import { checkTemplates, type RequestFlowSpec } from './read-request-flow.js';

/** What a workload adds to run as a flow: test data, a cookie jar per user, pauses between requests. */
export interface WorkloadFlowSpec {
  data?: DataSpec;
  cookies: boolean;
  think?: ThinkSpec;
}

/** A workload that runs as a flow (captures, checks, hooks, data, cookies, think times or templates). */
export interface FlowSpec extends WorkloadFlowSpec {
  /** Where a generator thread loads it again. */
  source: FlowSource;
}

export const workloadFlowKeys = ['data', 'cookies', 'think'] as const;

/** The parts of a request whose `{{…}}` are filled: where each is, and its text. */
export interface RequestTexts {
  flow: RequestFlowSpec;
  texts: { path: string; text: string }[];
}

/**
 * A workload's flow fields; then every template of its requests, in order, against the data
 * columns and the captures of the requests before it. `table`: the data file as already read
 * (a generator thread gets it from the main thread), else the file is read here.
 */
export function readWorkloadFlow(
  read: FieldReader,
  workload: Record<string, unknown>,
  path: string,
  file: string,
  requests: readonly RequestTexts[],
  table?: DataTable,
): WorkloadFlowSpec {
  const data = readData(read, workload.data, `${path}.data`, file, table);
  const cookies = workload.cookies === undefined ? false : workload.cookies === true || workload.cookies === false ? workload.cookies : undefined;
  if (cookies === undefined) read.report(`${path}.cookies`, `expected true or false, found ${describeValue(workload.cookies)}`);
  const think = readThink(read, workload.think, `${path}.think`);
  const known = new Set(data?.table.columns ?? []);
  for (const request of requests) {
    checkTemplates(read, request.texts, known);
    for (const name of Object.keys(request.flow.capture ?? {})) known.add(name);
  }
  return { ...(data ? { data } : {}), cookies: cookies ?? false, ...(think ? { think } : {}) };
}

function readData(read: FieldReader, value: unknown, path: string, file: string, given: DataTable | undefined): DataSpec | undefined {
  if (value === undefined) return undefined;
  const fields = read.object(value, path, ['file', 'order']);
  if (!fields) return undefined;
  const name = read.string(fields.file, `${path}.file`);
  const order = read.oneOf(fields.order, `${path}.order`, dataOrders, 'sequential');
  if (name === undefined) return undefined;
  const table = given ?? readDataFile(resolve(dirname(file), name));
  if ('error' in table) {
    read.report(`${path}.file`, table.error);
    return undefined;
  }
  return { table, order };
}

/** '1s', or ['500ms', '2s'] for a pause drawn uniformly between the two. */
function readThink(read: FieldReader, value: unknown, path: string): ThinkSpec | undefined {
  if (value === undefined) return undefined;
  const bounds: unknown[] = Array.isArray(value) ? value : [value];
  if (Array.isArray(value) && bounds.length !== 2) {
    read.report(path, `expected a duration or a list of two, e.g. '1s' or ['500ms', '2s'], found a list of ${bounds.length}`);
    return undefined;
  }
  const parsedBounds = bounds.map((bound, index) => {
    const parsed = parseDuration(bound);
    if ('error' in parsed) read.report(Array.isArray(value) ? `${path}[${index}]` : path, parsed.error);
    return 'error' in parsed ? undefined : parsed.ms;
  });
  const [min, max = min] = parsedBounds;
  if (min === undefined || max === undefined) return undefined;
  if (min > max) {
    read.report(path, `the first duration (${min} ms) is above the second (${max} ms)`);
    return undefined;
  }
  return { minMs: min, maxMs: max };
}
