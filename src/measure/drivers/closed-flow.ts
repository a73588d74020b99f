import type autocannonModule from 'autocannon';
import type { FlowResponse } from '../../scenario/flows/flow-types.js';
import { requestName } from '../../scenario/flows/request-name.js';
import type { RequestSpec } from '../../scenario/types.js';
import type { FlowRuntime, FlowUser, StepFailure } from '../flows/flow-runtime.js';
import { keepBody } from './autocannon-bodies.js';
import { requestIndexKey } from './autocannon-timeouts.js';

/** What the last answer was, as the request's onResponse saw it: read by the 'response' event that autocannon emits right after. */
export interface AnswerNote {
  name: string;
  failure: StepFailure | undefined;
  /** The request's `expect` names the status. */
  statusExpected: boolean;
  /** The request has `expect`. */
  checked?: boolean;
}

type AutocannonRequest = autocannonModule.Request & { [keepBody]?: boolean; [requestIndexKey]?: number };

/**
 * The closed model's request list for autocannon, through its documented `requests[]`: each
 * request's onResponse notes which request answered (autocannon calls it just before its
 * 'response' event, in the same turn). A flow's requests also get a setupRequest that builds
 * them for the connection's virtual user, kept in autocannon's per-connection context, which
 * autocannon resets when the connection starts the flow over: every run of the flow is a new
 * user. A single plain request needs no onResponse: every answer is its.
 */
export function autocannonRequests(specs: readonly RequestSpec[], runtime: FlowRuntime | undefined, note: (answer: AnswerNote) => void): AutocannonRequest[] {
  return specs.map((spec, index) => {
    const name = requestName(spec);
    const plain: AutocannonRequest = {
      method: spec.method as AutocannonRequest['method'],
      path: spec.path,
      headers: spec.headers,
      body: spec.body,
      [requestIndexKey]: index,
    };
    if (!runtime) {
      if (specs.length === 1) return plain;
      const answer: AnswerNote = { name, failure: undefined, statusExpected: false };
      return { ...plain, onResponse: () => note(answer) };
    }
    const statuses = spec.expect?.status;
    return {
      ...plain,
      ...(runtime.readsBody(index) ? { [keepBody]: true } : {}),
      setupRequest: (request: autocannonModule.Request, context: FlowContext) => {
        if (index === 0 || !context.user) context.user = runtime.newUser();
        const built = runtime.request(index, context.user);
        request.method = built.method as AutocannonRequest['method'];
        request.path = built.path;
        request.headers = built.headers;
        request.body = built.body;
        return request;
      },
      onResponse: (status: number, body: string, context: FlowContext, headers: Record<string, string | string[] | undefined> | undefined) => {
        const user = context.user ?? runtime.newUser();
        const response: FlowResponse = { status, headers: lowerCased(headers ?? {}), body };
        note({
          name,
          failure: runtime.response(index, user, response),
          statusExpected: statuses?.includes(status) ?? false,
          checked: spec.expect !== undefined,
        });
      },
    };
  });
}

/** autocannon's per-connection context: the connection's current virtual user. */
interface FlowContext {
  user?: FlowUser;
}

function lowerCased(headers: Record<string, string | string[] | undefined>): FlowResponse['headers'] {
  const result: FlowResponse['headers'] = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    const earlier = result[key];
    result[key] = earlier === undefined ? value : [...(Array.isArray(earlier) ? earlier : [earlier]), ...(Array.isArray(value) ? value : [value])];
  }
  return result;
}
