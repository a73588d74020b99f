import type { CaptureSpec, FlowResponse } from '../../scenario/flows/flow-types.js';

/**
 * The value a capture takes from an answer, as text; undefined when the answer has none (the
 * variable then keeps its earlier value, or stays unset). `json` is the body already parsed,
 * once for every capture and check of the request that reads it.
 */
export function captureValue(capture: CaptureSpec, response: FlowResponse, json: () => unknown): string | undefined {
  switch (capture.kind) {
    case 'json':
      return asText(pathIn(json(), capture.path));
    case 'header':
      return asText(response.headers[capture.name]);
    case 'regex':
      return capture.pattern.exec(response.body)?.[1];
    case 'function':
      return asText(capture.pick(response));
  }
}

/** The value at a dotted path ('user.id', 'items.0.sku'); undefined where the path leads nowhere. */
export function pathIn(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function asText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.length === 0 ? undefined : asText(value[0]);
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** The body as JSON, or undefined when it is not JSON (a capture then finds nothing, a json check fails). */
export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}
