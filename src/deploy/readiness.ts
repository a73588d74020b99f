import { request } from 'undici';

export type ReadinessOutcome = { ready: true } | { ready: false; reason: 'timeout' | 'exited' | 'aborted'; lastError: string };

export interface ReadinessOptions {
  url: string;
  timeoutMs: number;
  /** Settles when the app has exited: waiting stops at once. */
  exited: Promise<unknown>;
  signal?: AbortSignal;
  intervalMs?: number;
}

/** Polls the readiness URL with undici until it answers 2xx, the app exits, or the time is up. */
export async function waitUntilReady(options: ReadinessOptions): Promise<ReadinessOutcome> {
  const deadline = Date.now() + options.timeoutMs;
  let exited = false;
  void options.exited.then(() => {
    exited = true;
  });
  let lastError = 'no answer yet';
  while (Date.now() < deadline) {
    if (exited) return { ready: false, reason: 'exited', lastError };
    if (options.signal?.aborted) return { ready: false, reason: 'aborted', lastError };
    try {
      const response = await request(options.url, { method: 'GET', headersTimeout: 2000, bodyTimeout: 2000, signal: options.signal });
      await response.body.dump();
      if (response.statusCode >= 200 && response.statusCode < 300) return { ready: true };
      lastError = `answered ${response.statusCode}`;
    } catch (error) {
      lastError = error instanceof Error ? ((error as Error & { code?: string }).code ?? error.message) : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
  return { ready: false, reason: exited ? 'exited' : 'timeout', lastError };
}
