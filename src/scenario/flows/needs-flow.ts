import type { RequestSpec } from '../types.js';
import type { WorkloadFlowSpec } from './read-workload-flow.js';
import { compileTemplate } from './template.js';

/**
 * Whether a workload must run as a flow: something of it carries state between requests,
 * checks or reads an answer, or fills a template. A fixed mix of requests runs as before,
 * on autocannon's prebuilt request buffers.
 */
export function needsFlow(requests: readonly RequestSpec[], workload: WorkloadFlowSpec): boolean {
  if (workload.data || workload.cookies || workload.think) return true;
  return requests.some(
    (request) =>
      request.capture !== undefined ||
      request.expect !== undefined ||
      request.beforeRequest !== undefined ||
      request.afterResponse !== undefined ||
      [request.path, request.body ?? '', ...Object.values(request.headers)].some(hasPlaceholder),
  );
}

function hasPlaceholder(text: string): boolean {
  const template = compileTemplate(text);
  return 'error' in template || template.parts.some((part) => part.kind !== 'text');
}
