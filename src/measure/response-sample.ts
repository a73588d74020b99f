import { Client } from 'undici';
import type { SampledResponse } from '../contract/trial.js';
import type { RequestSpec } from '../scenario/types.js';

export interface ResponseSampleRequest {
  /** Base URL, e.g. http://127.0.0.1:40123; each request's path replaces its path. */
  url: string;
  /** The workload's mix: each request is sent once, in order. */
  requests: readonly RequestSpec[];
  /** To the headers from the send, and between body chunks. */
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * A long request mix is sampled by its first requests only, and a server that does not answer
 * holds the trial back this long per request at most: the sample only tells the encoding.
 */
const sampledAtMost = 10;
const sampleTimeoutCapMs = 5000;

/**
 * Sends each request of the mix once (the first 10 of a longer one), one after another on one connection of its own, and
 * records what the server answered it with: the Content-Encoding ('identity' when the header is
 * absent, lower-cased as sent otherwise, e.g. 'gzip' or 'br'). The body is read and discarded. A
 * request that fails (refused, timed out, aborted) is recorded with a null encoding (unknown) and
 * the reason; this never throws. The connection is closed before it returns, so it holds no
 * socket on the server during the load.
 *
 * A one-off sample before the load rather than autocannon's per-request `onResponse(status,
 * body, context, headers)`: that hook makes autocannon collect every response body, which slows
 * the client the whole run (bench/overhead.ts holds loadlab to ≥ 0.95 of bare autocannon), and
 * the open model would need its own header parsing besides. A server picks its encoding from the
 * request's headers, which are the same for every repeat of a request, so one answer tells it.
 * It goes before the warm-up, so that it is in no phase's figures.
 */
export async function sampleResponses(request: ResponseSampleRequest): Promise<SampledResponse[]> {
  const timeoutMs = Math.min(request.timeoutMs, sampleTimeoutCapMs);
  const client = new Client(new URL(request.url).origin, { pipelining: 1, connect: { timeout: timeoutMs } });
  try {
    const sampled: SampledResponse[] = [];
    for (const spec of request.requests.slice(0, sampledAtMost)) {
      // a whole-request deadline: a streaming answer that trickles forever must not hold the run
      const deadline = AbortSignal.timeout(timeoutMs);
      sampled.push(await sampleOne(client, spec, request.signal ? AbortSignal.any([request.signal, deadline]) : deadline));
    }
    return sampled;
  } finally {
    await client.destroy().catch(() => {});
  }
}

async function sampleOne(client: Client, spec: RequestSpec, signal: AbortSignal | undefined): Promise<SampledResponse> {
  const which = { method: spec.method, path: spec.path };
  if (signal?.aborted) return { ...which, contentEncoding: null, error: 'aborted' };
  try {
    const response = await client.request({ method: spec.method, path: spec.path, headers: spec.headers, body: spec.body ?? null, signal });
    // the headers say it all: a body over the limit is cut off (the next request opens a fresh
    // connection), and the deadline bounds one that trickles
    await response.body.dump({ limit: 128 * 1024, signal }).catch(() => {});
    return { ...which, contentEncoding: encodingOf(response.headers['content-encoding']) };
  } catch (error) {
    return { ...which, contentEncoding: null, error: reasonOf(error) };
  }
}

/** Absent (or empty): 'identity', the encoding HTTP means then; several headers are joined as one list. */
function encodingOf(header: string | string[] | undefined): string {
  const value = (Array.isArray(header) ? header.join(', ') : (header ?? '')).trim().toLowerCase();
  return value === '' ? 'identity' : value;
}

function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as Error & { code?: unknown }).code;
  return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
}
