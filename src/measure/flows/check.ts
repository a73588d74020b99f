import type { ExpectSpec, FlowResponse } from '../../scenario/flows/flow-types.js';

/**
 * The first check of `expect` an answer fails, in words ('status 500, expected 200'); undefined
 * when it passes them all. Without `expect`, an answer passes when its status is 2xx (the rule
 * of a request without checks, counted as non2xx, not here).
 */
export function failedCheck(expect: ExpectSpec, response: FlowResponse, json: () => unknown): string | undefined {
  if (expect.status && !expect.status.includes(response.status)) return `status ${response.status}, expected ${expect.status.join(' or ')}`;
  for (const { name, value } of expect.header ?? []) {
    const found = response.headers[name];
    const text = Array.isArray(found) ? found.join(', ') : found;
    if (text === undefined) return `header ${name} missing`;
    if (!matches(value, text)) return `header ${name} '${shorten(text)}' does not match ${String(value)}`;
  }
  if (expect.body !== undefined && !matches(expect.body, response.body, 'contains'))
    return `body does not ${typeof expect.body === 'string' ? 'contain' : 'match'} ${shorten(String(expect.body))}`;
  if (expect.json) {
    let passed: boolean;
    try {
      passed = expect.json(json()) === true;
    } catch (error) {
      return `json check threw: ${error instanceof Error ? error.message : String(error)}`;
    }
    if (!passed) return 'json check returned false';
  }
  return undefined;
}

function matches(expected: string | RegExp, text: string, mode: 'equals' | 'contains' = 'equals'): boolean {
  if (typeof expected !== 'string') {
    expected.lastIndex = 0;
    return expected.test(text);
  }
  return mode === 'equals' ? text === expected : text.includes(expected);
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Whether a request's checks read the body: then the driver must keep it. */
export function checksReadBody(expect: ExpectSpec | undefined): boolean {
  return expect !== undefined && (expect.body !== undefined || expect.json !== undefined);
}
