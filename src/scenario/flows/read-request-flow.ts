import { describeValue } from '../../text/duration.js';
import { join, type FieldReader } from '../field-reader.js';
import type { CaptureSpec, ExpectSpec, FlowRequest, FlowResponse, FlowVariables } from './flow-types.js';
import { compileTemplate } from './template.js';

/** What a request of a flow adds to a plain request: its name, what it takes from the answer, what it checks. */
export interface RequestFlowSpec {
  /** Its figures' key: as given, else `METHOD /path` with the template left in. */
  name: string;
  capture?: Record<string, CaptureSpec>;
  expect?: ExpectSpec;
  beforeRequest?: (request: FlowRequest, vars: FlowVariables) => FlowRequest | void;
  afterResponse?: (response: FlowResponse, vars: FlowVariables) => void;
}

export const requestFlowKeys = ['name', 'capture', 'expect', 'beforeRequest', 'afterResponse'] as const;

/** A request's flow fields; templates are checked for their syntax here, their variables by the workload. */
export function readRequestFlow(read: FieldReader, request: Record<string, unknown>, path: string, method: string, requestPath: string): RequestFlowSpec {
  const spec: RequestFlowSpec = { name: read.optionalString(request.name, `${path}.name`, `${method} ${requestPath}`) };
  const capture = readCaptures(read, request.capture, `${path}.capture`);
  if (capture) spec.capture = capture;
  const expect = readExpect(read, request.expect, `${path}.expect`);
  if (expect) spec.expect = expect;
  for (const hook of ['beforeRequest', 'afterResponse'] as const) {
    const value = request[hook];
    if (value === undefined) continue;
    if (typeof value !== 'function') read.report(`${path}.${hook}`, `expected a function, found ${describeValue(value)}`);
    else spec[hook] = value as never;
  }
  return spec;
}

function readCaptures(read: FieldReader, value: unknown, path: string): Record<string, CaptureSpec> | undefined {
  if (value === undefined) return undefined;
  if (!read.isObject(value)) {
    read.report(path, `expected an object of named captures, e.g. { token: { json: 'token' } }, found ${describeValue(value)}`);
    return undefined;
  }
  const captures: Record<string, CaptureSpec> = {};
  for (const [name, item] of Object.entries(value)) {
    const itemPath = join(path, name);
    if (!/^[A-Za-z_][\w.-]*$/.test(name)) read.report(itemPath, 'a variable name is letters, digits, _ . - and starts with a letter or _');
    const capture = readCapture(read, item, itemPath);
    if (capture) captures[name] = capture;
  }
  return captures;
}

const captureHelp = "{ json: 'a.b' }, { header: 'x-name' }, { regex: '\"id\":(\\\\d+)' } or a function (res) => value";

function readCapture(read: FieldReader, value: unknown, path: string): CaptureSpec | undefined {
  if (typeof value === 'function') return { kind: 'function', pick: value as (response: FlowResponse) => unknown };
  const fields = read.isObject(value) ? Object.keys(value) : [];
  if (!read.isObject(value) || fields.length !== 1) {
    read.report(path, `expected one of ${captureHelp}, found ${describeValue(value)}`);
    return undefined;
  }
  const [kind] = fields as [string];
  const given = value[kind];
  if (kind === 'json' || kind === 'header') {
    if (typeof given !== 'string' || given.trim() === '') {
      read.report(join(path, kind), `expected a string, found ${describeValue(given)}`);
      return undefined;
    }
    return kind === 'json' ? { kind, path: given.split('.') } : { kind, name: given.toLowerCase() };
  }
  if (kind === 'regex') {
    const pattern = readPattern(read, given, join(path, kind));
    if (!pattern) return undefined;
    if (!/\((?!\?)/.test(pattern.source)) read.report(join(path, kind), `needs a group: its first group is the value, found /${pattern.source}/`);
    return { kind, pattern };
  }
  read.report(join(path, kind), `unknown capture (json, header, regex, or a function)`);
  return undefined;
}

/** A RegExp as given, or compiled from a string; a string that does not compile is reported. */
function readPattern(read: FieldReader, value: unknown, path: string): RegExp | undefined {
  if (value instanceof RegExp) return value;
  if (typeof value !== 'string') {
    read.report(path, `expected a regular expression or its text, found ${describeValue(value)}`);
    return undefined;
  }
  try {
    return new RegExp(value);
  } catch (error) {
    read.report(path, `does not compile: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

function readExpect(read: FieldReader, value: unknown, path: string): ExpectSpec | undefined {
  if (value === undefined) return undefined;
  const fields = read.object(value, path, ['status', 'header', 'body', 'json']);
  if (!fields) return undefined;
  const expect: ExpectSpec = {};
  if (fields.status !== undefined) {
    const statuses = Array.isArray(fields.status) ? fields.status : [fields.status];
    const valid = statuses.length > 0 && statuses.every((status) => Number.isInteger(status) && (status as number) >= 100 && (status as number) <= 599);
    if (valid) expect.status = statuses as number[];
    else read.report(`${path}.status`, `expected a status (100–599) or a list of them, found ${describeValue(fields.status)}`);
  }
  if (fields.header !== undefined) {
    if (!read.isObject(fields.header)) read.report(`${path}.header`, `expected an object of header values, found ${describeValue(fields.header)}`);
    else {
      expect.header = Object.entries(fields.header).flatMap(([name, item]): { name: string; value: string | RegExp }[] => {
        if (typeof item === 'string') return [{ name: name.toLowerCase(), value: item }];
        const pattern = readPattern(read, item, join(`${path}.header`, name));
        return pattern ? [{ name: name.toLowerCase(), value: pattern }] : [];
      });
    }
  }
  if (fields.body !== undefined) {
    if (typeof fields.body === 'string' || fields.body instanceof RegExp) expect.body = fields.body;
    else read.report(`${path}.body`, `expected a string or a RegExp, found ${describeValue(fields.body)}`);
  }
  if (fields.json !== undefined) {
    if (typeof fields.json === 'function') expect.json = fields.json as (body: unknown) => boolean;
    else read.report(`${path}.json`, `expected a function (body) => boolean, found ${describeValue(fields.json)}`);
  }
  return expect;
}

/**
 * Checks the `{{…}}` of a request's path, header values and body: each must be readable, and
 * each variable it names must be known (`known`: data columns and earlier requests' captures).
 */
export function checkTemplates(read: FieldReader, texts: readonly { path: string; text: string }[], known: ReadonlySet<string>): void {
  for (const { path, text } of texts) {
    const template = compileTemplate(text);
    if ('error' in template) {
      read.report(path, template.error);
      continue;
    }
    for (const name of template.variables) {
      if (known.has(name)) continue;
      const list = known.size > 0 ? ` (known here: ${[...known].join(', ')})` : '';
      read.report(path, `{{${name}}} names no variable: no earlier request captures it and no data column has it${list}`);
    }
  }
}
