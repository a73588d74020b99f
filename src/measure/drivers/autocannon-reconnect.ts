import { createRequire } from 'node:module';

/** The parts of autocannon's internal Client (lib/httpClient.js) this patch touches. */
interface AutocannonClient {
  conn?: {
    errored: Error | null;
    destroyed: boolean;
    removeAllListeners(event: 'error' | 'end'): unknown;
    on(event: 'error', listener: () => void): unknown;
    destroy(): void;
  };
  pipelinedRequests: { size(): number; clear(): void };
  emit(event: 'connError', error: Error): boolean;
  _connect(): void;
}

const patched = Symbol.for('loadlab.autocannonReconnect');

/**
 * autocannon 8 reconnects a connection that the server reset or closed without dropping the
 * requests in flight on it: they stay at the head of the connection's queue, so every later
 * response on it is timed from an older request. Latency then reads about double for the rest
 * of the run (more after each reconnect), and requests lost to a clean close are not counted at
 * all. A fault event (a worker killed, a restart) does exactly this. The patch drops the stale
 * requests when the connection is made again, and counts those lost to a clean close as errors,
 * as autocannon already does for a reset. Idempotent.
 */
export function fixAutocannonReconnect(): void {
  const require = createRequire(import.meta.url);
  const Client = require('autocannon/lib/httpClient.js') as { prototype: AutocannonClient & { [patched]?: true } };
  const prototype = Client.prototype;
  // another autocannon version may have other internals: then it runs as it is
  if (prototype[patched] || typeof prototype._connect !== 'function') return;
  const connect = prototype._connect;
  prototype._connect = function (this: AutocannonClient) {
    const old = this.conn;
    const lost = old ? this.pipelinedRequests.size() : 0;
    if (lost > 0) {
      this.pipelinedRequests.clear();
      // a reset was counted already ('connError' before this reconnect); a clean close was not.
      // autocannon counts a connection error once per pipelined request, as for a reset.
      if (old && !old.errored) this.emit('connError', new Error(`the server closed the connection with ${lost} request(s) in flight`));
    }
    // the closed connection's late 'error' would reconnect a second time, clearing the new one's requests
    if (old && !old.destroyed) {
      old.removeAllListeners('error');
      old.removeAllListeners('end');
      old.on('error', () => {});
      old.destroy();
    }
    connect.call(this);
  };
  prototype[patched] = true;
}
