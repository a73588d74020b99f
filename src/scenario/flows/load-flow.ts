import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { FieldReader, join } from '../field-reader.js';
import { defaultExport } from '../load.js';
import type { FlowSpec, RequestSpec } from '../types.js';
import { readRequest } from '../validate.js';
import type { DataTable, FlowSource } from './flow-types.js';
import { readWorkloadFlow } from './read-workload-flow.js';

/**
 * A workload's flow read again from its scenario file, in a generator thread: hooks, capture
 * functions and checks are functions, which do not cross threads. The file was validated
 * before the run; a problem here means it changed since, and fails the thread. `data`: the test
 * data as the main thread read it, used instead of reading and parsing the data file again.
 */
export async function loadFlow(source: FlowSource, data?: DataTable): Promise<{ requests: RequestSpec[]; flow: FlowSpec }> {
  const module = (await tsImport(pathToFileURL(source.file).href, import.meta.url)) as { default?: unknown };
  const exported = defaultExport(module) as { workloads?: Record<string, { requests?: unknown[] } & Record<string, unknown>> } | undefined;
  const workload = exported?.workloads?.[source.workload];
  if (!workload || !Array.isArray(workload.requests)) throw new Error(`${source.file}: workload '${source.workload}' is gone`);
  const read = new FieldReader();
  const path = join('workloads', source.workload);
  const requests = workload.requests.flatMap((request, index) => readRequest(read, request, `${path}.requests[${index}]`) ?? []);
  const fields = readWorkloadFlow(read, workload, path, source.file, requests, data);
  const [issue] = read.issues;
  if (issue) throw new Error(`${source.file}: ${issue.path}: ${issue.message} (the file changed since the run began?)`);
  return { requests: requests.map((request) => request.spec), flow: { ...fields, source } };
}
