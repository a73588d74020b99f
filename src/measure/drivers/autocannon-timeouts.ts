import { createRequire } from 'node:module';

const patched = Symbol.for('loadlab.autocannonTimeouts');

/** Set on each autocannon request object of loadlab's: its index in the workload's mix. */
export const requestIndexKey = 'loadlabRequestIndex';

/** Remembered on a connection's queue when it is cleared: the requests that were in flight, oldest first. */
const clearedKey = 'loadlabCleared';

interface Pending {
  req?: { [requestIndexKey]?: number };
}

interface Queue {
  pendingRequests: Pending[];
  [clearedKey]?: Pending[];
  clear(): void;
}

/**
 * autocannon reports a timeout without saying which request timed out: its client clears the
 * connection's queue of requests in flight, reconnects (which sends the next request of the mix)
 * and only then emits 'timeout'. The patch makes the queue remember what a clear dropped, so that
 * a 'timeout' listener on the client (timedOutRequest) can tell which request it was.
 * Idempotent; another autocannon version without that queue runs as it is.
 */
export function rememberClearedRequests(): void {
  const require = createRequire(import.meta.url);
  const QueueClass = require('autocannon/lib/pipelinedRequestsQueue.js') as { prototype: Queue & { [patched]?: true } };
  const prototype = QueueClass.prototype;
  if (prototype[patched] || typeof prototype.clear !== 'function') return;
  const clear = prototype.clear;
  prototype.clear = function (this: Queue) {
    if (Array.isArray(this.pendingRequests)) this[clearedKey] = [...this.pendingRequests];
    clear.call(this);
  };
  prototype[patched] = true;
}

/**
 * For a client's 'timeout' event (one per request it had in flight): the index in the mix of the
 * next request of those its timeout dropped, or undefined when that cannot be told.
 */
export function timedOutRequest(client: unknown): number | undefined {
  const queue = (client as { pipelinedRequests?: Queue } | undefined)?.pipelinedRequests;
  const index = queue?.[clearedKey]?.shift()?.req?.[requestIndexKey];
  return typeof index === 'number' ? index : undefined;
}
