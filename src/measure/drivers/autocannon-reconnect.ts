import { createRequire } from 'node:module';
import { isOutOfFiles } from './out-of-files.js';

/** The parts of autocannon's internal Client (lib/httpClient.js) this patch touches. */
interface AutocannonClient {
  conn?: {
    errored: Error | null;
    destroyed: boolean;
    removeAllListeners(event: 'error' | 'end'): unknown;
    on(event: 'error' | 'end', listener: (error: Error) => void): unknown;
    destroy(): void;
  };
  /** http-parser-js's HTTPParser, one per client, shared by its successive connections. */
  parser: { type: string; initialize(type: string): void; finish(): unknown };
  destroyed: boolean;
  pipelinedRequests: { size(): number; clear(): void };
  emit(event: 'connError', error: Error): boolean;
  on(event: 'headers', listener: (info: { shouldKeepAlive?: boolean }) => void): unknown;
  _connect(): void;
  _doRequest(): void;
  _resetConnection(): void;
}

const patched = Symbol.for('loadlab.autocannonReconnect');
/** Set on a client whose last answer said its connection closes after it. */
const closing = Symbol('loadlab.closeAfterAnswer');
const followsHeaders = Symbol('loadlab.followsHeaders');

type PatchedClient = AutocannonClient & { [closing]?: boolean; [followsHeaders]?: true };

/**
 * How long a connection that could not be opened for want of open files waits before it tries
 * again. A descriptor another connection frees is taken within this; a shortage that lasts
 * costs a few failed attempts a second per connection instead of a core.
 */
const outOfFilesRetryMs = 250;

/**
 * autocannon 8 mishandles connections that end, which servers do legitimately:
 * - it reconnects a connection that the server reset or closed without dropping the requests in
 *   flight on it: they stay at the head of the connection's queue, so every later response on it
 *   is timed from an older request. Latency then reads about double for the rest of the run
 *   (more after each reconnect), and requests lost to a clean close are not counted at all. A
 *   fault event (a worker killed, a restart) does exactly this.
 * - it ignores `Connection: close` (and HTTP/1.0 without keep-alive): it writes the next request
 *   on the connection the server is closing, and loses it — half the requests of a server that
 *   closes after every answer.
 * - it never completes an answer whose body ends with the connection (HTTP/1.0 without
 *   Content-Length), and leaves its parser in the middle of it for the next connection.
 * - it reconnects at once after any error. When the process is out of open files (EMFILE) the
 *   new socket fails before it exists, on the next tick, and so on forever without a turn of
 *   the event loop: no timer fires (the run never ends), no signal is handled, and memory grows
 *   by the errors counted. Such a connection waits outOfFilesRetryMs before it tries again.
 * The patch drops the stale requests when the connection is made again and counts those lost to
 * a clean close as errors (as autocannon already does for a reset); sends the request after an
 * answer that closes its connection on a new connection; completes a body at the connection's
 * end; starts each connection with a fresh parser; and waits before reopening a connection that
 * failed for want of open files (each failure is still a 'connError'). Idempotent.
 */
export function fixAutocannonReconnect(): void {
  const require = createRequire(import.meta.url);
  const Client = require('autocannon/lib/httpClient.js') as { prototype: PatchedClient & { [patched]?: true } };
  const prototype = Client.prototype;
  // another autocannon version may have other internals: then it runs as it is
  if (prototype[patched] || typeof prototype._connect !== 'function' || typeof prototype._doRequest !== 'function') return;
  const connect = prototype._connect;
  const doRequest = prototype._doRequest;
  prototype._connect = function (this: PatchedClient) {
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
    if (!this[followsHeaders]) {
      this[followsHeaders] = true;
      this.on('headers', (info) => {
        this[closing] = info.shouldKeepAlive === false;
      });
    }
    this[closing] = false;
    // what the last connection left half-parsed must not be read as the start of the next answer
    this.parser.initialize(this.parser.type);
    connect.call(this);
    const conn = this.conn;
    conn?.removeAllListeners('error');
    conn?.on('error', (error) => {
      this.emit('connError', error);
      if (this.destroyed || this.conn !== conn) return;
      if (!isOutOfFiles(error)) {
        this._connect();
        return;
      }
      // unref'd: a client stopped meanwhile must not keep the process alive for it
      setTimeout(() => {
        if (!this.destroyed && this.conn === conn) this._connect();
      }, outOfFilesRetryMs).unref();
    });
    conn?.removeAllListeners('end');
    conn?.on('end', () => {
      if (this.destroyed || this.conn !== conn) return;
      // a body without a length ends with its connection: that answer is complete now (and the
      // request after it has gone on a new connection, below)
      this.parser.finish();
      if (!this.destroyed && this.conn === conn) this._connect();
    });
  };
  prototype._doRequest = function (this: PatchedClient) {
    if (this[closing] && !this.destroyed) {
      // the last answer closes its connection: the next request goes on a new one (sent from _connect)
      this._resetConnection();
      return;
    }
    doRequest.call(this);
  };
  prototype[patched] = true;
}
