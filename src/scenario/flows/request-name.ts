import type { RequestSpec } from '../types.js';

/** A request's key in the per-request figures: its name, else `METHOD /path` as written. */
export function requestName(request: Pick<RequestSpec, 'name' | 'method' | 'path'>): string {
  return request.name ?? `${request.method} ${request.path}`;
}
