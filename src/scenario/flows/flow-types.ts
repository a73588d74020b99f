/* A workload as a flow: requests run in order per virtual user, with variables carried between them. */

/**
 * What a flow's hooks and capture functions see of an answer. Headers are lower-cased; body is
 * the text of the answer, or '' when nothing of the request reads it.
 */
export interface FlowResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request as it is about to be sent: a beforeRequest hook may change any field. */
export interface FlowRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** A virtual user's variables: captured values, its data row's columns. */
export type FlowVariables = Record<string, string>;

/** One capture: a dotted path into a JSON body, a header, a regex's first group, or a function (TS scenarios). */
export type CaptureConfig = { json: string } | { header: string } | { regex: string | RegExp } | ((response: FlowResponse) => unknown);

export interface ExpectConfig {
  /** The status, or one of these statuses. */
  status?: number | number[];
  /** Each header equal to the string, or matching the RegExp. */
  header?: Record<string, string | RegExp>;
  /** The body containing the string, or matching the RegExp. */
  body?: string | RegExp;
  /** Given the parsed JSON body, true when it is right. */
  json?: (body: unknown) => boolean;
}

export interface DataConfig {
  /** A .csv (with a header line) or .json (a list of objects) file, relative to the scenario file. */
  file: string;
  /** 'sequential' (default): rows in turn; 'random'; 'unique': never a row twice in a trial. */
  order?: DataOrder;
}

export const dataOrders = ['sequential', 'random', 'unique'] as const;
export type DataOrder = (typeof dataOrders)[number];

/** A validated capture. */
export type CaptureSpec =
  | { kind: 'json'; path: string[] }
  | { kind: 'header'; name: string }
  | { kind: 'regex'; pattern: RegExp }
  | { kind: 'function'; pick: (response: FlowResponse) => unknown };

/** A validated check. */
export interface ExpectSpec {
  status?: number[];
  header?: { name: string; value: string | RegExp }[];
  body?: string | RegExp;
  json?: (body: unknown) => boolean;
}

/** The rows of a data file, read once: every column's name, and each row's values in that order. */
export interface DataTable {
  file: string;
  columns: string[];
  rows: string[][];
}

export interface DataSpec {
  table: DataTable;
  order: DataOrder;
}

/** Between a user's requests: a fixed pause, or uniform between two, in ms. */
export interface ThinkSpec {
  minMs: number;
  maxMs: number;
}

/** A duration, or two for a range drawn uniformly. */
export type DurationInputOrRange = string | number | [string | number, string | number];

/** Where a generator thread finds the flow again: functions do not cross threads, so it loads the scenario itself. */
export interface FlowSource {
  file: string;
  workload: string;
}
