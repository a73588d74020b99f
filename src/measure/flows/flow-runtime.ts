import type { CaptureSpec, FlowRequest, FlowResponse, FlowVariables } from '../../scenario/flows/flow-types.js';
import { compileTemplate, renderTemplate, type Template, type TemplateScope } from '../../scenario/flows/template.js';
import type { FlowSpec, RequestSpec } from '../../scenario/types.js';
import { requestName } from '../../scenario/flows/request-name.js';
import type { LoadShare } from '../drivers/load-share.js';
import { captureValue, parseJson } from './capture.js';
import { checksReadBody, failedCheck } from './check.js';
import { CookieJar } from './cookie-jar.js';
import { DataRows } from './data-rows.js';

/** One request of a flow, compiled once for a trial: its templates split, its reading needs known. */
interface Step {
  spec: RequestSpec;
  name: string;
  path: Template;
  headers: [string, Template][];
  body: Template | undefined;
  captures: [string, CaptureSpec][];
  /** Whether anything of the step reads the answer's body: only then is it kept. */
  readsBody: boolean;
}

/** A virtual user: one run of the flow, on one connection. */
export interface FlowUser {
  vu: number;
  vars: FlowVariables;
  jar: CookieJar | undefined;
  /** A beforeRequest hook that threw on the request in flight: the request is an error of kind 'hook'. */
  hookError: string | undefined;
}

/** Why an answered request of a flow still failed. */
export interface StepFailure {
  kind: 'check' | 'hook';
  message: string;
}

/**
 * A flow's requests for one share of a load, compiled once: builds each request of a user from
 * its templates, cookies and hook, and takes each answer's captures and checks. Knows nothing
 * of the driver: the closed model calls it from autocannon's setupRequest/onResponse, the open
 * model around its undici dispatches.
 */
export class FlowRuntime {
  readonly steps: Step[];
  private readonly data: DataRows | undefined;
  private users = 0;
  private seq = 0;

  constructor(
    requests: readonly RequestSpec[],
    private readonly flow: FlowSpec | undefined,
    private readonly share: LoadShare,
  ) {
    this.steps = requests.map(compileStep);
    this.data = flow?.data ? new DataRows(flow.data, share) : undefined;
  }

  /** A new virtual user, with its data row (when there is one left) and an empty cookie jar. */
  newUser(): FlowUser {
    const vu = this.share.index + 1 + this.users * this.share.count;
    this.users += 1;
    const row = this.data?.take();
    return { vu, vars: row ?? {}, jar: this.flow?.cookies ? new CookieJar() : undefined, hookError: undefined };
  }

  /** Users begun, and the data rows they took (unique: how many found none). */
  tally(): { users: number; dataUsed: number; dataRanOut: number } {
    return { users: this.users, dataUsed: this.data?.used ?? 0, dataRanOut: this.data?.ranOut ?? 0 };
  }

  /** Whether step `index` keeps the answer's body. */
  readsBody(index: number): boolean {
    return this.steps[index]?.readsBody ?? false;
  }

  /** The pause before a user's next request, in ms (0 without think). */
  thinkMs(): number {
    const think = this.flow?.think;
    if (!think) return 0;
    return think.minMs + Math.random() * (think.maxMs - think.minMs);
  }

  /** Step `index` of `user` as it goes out: templates filled, the Cookie header added, beforeRequest applied. */
  request(index: number, user: FlowUser): FlowRequest {
    const step = this.steps[index] as Step;
    const scope: TemplateScope = { vars: user.vars, vu: user.vu, nextSeq: () => this.nextSeq() };
    const headers: Record<string, string> = {};
    for (const [name, template] of step.headers) headers[name] = renderTemplate(template, scope);
    const cookie = user.jar?.header();
    if (cookie !== undefined) headers.cookie = headers.cookie === undefined ? cookie : `${headers.cookie}; ${cookie}`;
    let request: FlowRequest = { method: step.spec.method, path: renderTemplate(step.path, scope), headers };
    if (step.body) request.body = renderTemplate(step.body, scope);
    user.hookError = undefined;
    const hook = step.spec.beforeRequest;
    if (hook) {
      try {
        request = hook(request, user.vars) ?? request;
      } catch (error) {
        user.hookError = `beforeRequest of '${step.name}' threw: ${messageOf(error)}`;
      }
    }
    return request;
  }

  /** Takes step `index`'s answer for `user`: cookies, captures, afterResponse, checks. Its failure, if any. */
  response(index: number, user: FlowUser, response: FlowResponse): StepFailure | undefined {
    const step = this.steps[index] as Step;
    user.jar?.store(response.headers['set-cookie']);
    let parsed: { value: unknown } | undefined;
    const json = () => (parsed ??= { value: parseJson(response.body) }).value;
    for (const [name, capture] of step.captures) {
      try {
        const value = captureValue(capture, response, json);
        if (value !== undefined) user.vars[name] = value;
      } catch (error) {
        return { kind: 'hook', message: `capture '${name}' of '${step.name}' threw: ${messageOf(error)}` };
      }
    }
    const hook = step.spec.afterResponse;
    if (hook) {
      try {
        hook(response, user.vars);
      } catch (error) {
        return { kind: 'hook', message: `afterResponse of '${step.name}' threw: ${messageOf(error)}` };
      }
    }
    if (user.hookError !== undefined) return { kind: 'hook', message: user.hookError };
    const expect = step.spec.expect;
    const failed = expect ? failedCheck(expect, response, json) : undefined;
    return failed === undefined ? undefined : { kind: 'check', message: `${step.name}: ${failed}` };
  }

  /** $seq: a counter per workload, interleaved between the shares so that no two give the same number. */
  private nextSeq(): number {
    this.seq += 1;
    return this.share.index + 1 + (this.seq - 1) * this.share.count;
  }
}

function compileStep(spec: RequestSpec): Step {
  const captures = Object.entries(spec.capture ?? {});
  return {
    spec,
    name: requestName(spec),
    path: compiled(spec.path),
    headers: Object.entries(spec.headers).map(([name, text]) => [name, compiled(text)]),
    body: spec.body === undefined ? undefined : compiled(spec.body),
    captures,
    readsBody:
      checksReadBody(spec.expect) ||
      spec.afterResponse !== undefined ||
      captures.some(([, capture]) => capture.kind === 'json' || capture.kind === 'regex' || capture.kind === 'function'),
  };
}

/** Validation has read every template already: one that does not compile here is a fault of loadlab. */
function compiled(text: string): Template {
  const template = compileTemplate(text);
  if ('error' in template) throw new Error(`a validated template does not compile: ${template.error}`);
  return template;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
