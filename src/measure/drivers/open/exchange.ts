import type { Client, Dispatcher } from 'undici';
import type { RequestSpec } from '../../../scenario/types.js';

/** One request on its connection: undici's handler, which collects the status and bytes of the answer. */
export class Exchange implements Dispatcher.DispatchHandler {
  statusCode = 0;
  bytes = 0;

  constructor(
    readonly index: number,
    readonly intendedAt: number,
    readonly sentAt: number,
    readonly client: Client,
    private readonly done: (exchange: Exchange, error?: Error) => void,
  ) {}

  onRequestStart(): void {}

  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, _headers: unknown, statusMessage?: string): void {
    // a 1xx answer is followed by the real one: count its bytes, keep the last status
    this.statusCode = statusCode;
    this.bytes += headerBytes(controller.rawHeaders, statusMessage ?? '');
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.bytes += chunk.length;
  }

  onResponseEnd(): void {
    this.done(this);
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.done(this, error);
  }
}

/** The bytes of the status line and header block as they came on the wire (undici keeps the raw header lines). */
function headerBytes(rawHeaders: Dispatcher.DispatchController['rawHeaders'], statusMessage: string): number {
  // 'HTTP/1.1 200 ' + message + CRLF, then 'name: value' + CRLF per header, then CRLF
  let bytes = 13 + Buffer.byteLength(statusMessage) + 2 + 2;
  if (Array.isArray(rawHeaders)) {
    for (const part of rawHeaders) bytes += (typeof part === 'string' ? Buffer.byteLength(part) : part.length) + 2;
  }
  return bytes;
}

export function isTimeout(error: Error): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT';
}

export function toDispatchOptions(spec: RequestSpec): Dispatcher.DispatchOptions {
  return { method: spec.method, path: spec.path, headers: spec.headers, body: spec.body ?? null };
}
