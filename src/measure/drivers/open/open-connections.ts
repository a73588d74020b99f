import { Client } from 'undici';

/**
 * The open model's keep-alive connections to one origin: one undici Client each (one TCP
 * connection, pipelining 1), so that loadlab itself knows which connection is free. An undici
 * Pool would queue a request inside itself when every connection is busy, hiding the very wait
 * the open model must measure and count.
 */
/**
 * Connections being opened at once, at most. Opening hundreds together (a fast rate finds no
 * free connection while the first ones are still connecting) makes each slower to open, which
 * makes still more requests find none: a storm of connections the rate never needed. Requests
 * that find no free connection meanwhile wait for one, as any other wait (counted, timed).
 */
const maxConnecting = 8;

export class OpenConnections {
  private readonly all: Client[] = [];
  private readonly free: Client[] = [];
  private connecting = 0;

  constructor(
    private readonly origin: string,
    private readonly maxConnections: number,
    private readonly timeoutMs: number,
  ) {}

  /** The most connections open at once. */
  get opened(): number {
    return this.all.length;
  }

  /**
   * A free connection, a new one while fewer than maxConnections are open, else undefined. The
   * connection free the longest goes first: reusing the one just freed would put nearly every
   * request on one connection, and so on one cluster worker or one upstream.
   */
  acquire(): Client | undefined {
    const reused = this.free.shift();
    if (reused) return reused;
    if (this.all.length >= this.maxConnections || this.connecting >= maxConnecting) return undefined;
    const client = new Client(this.origin, {
      pipelining: 1,
      // time to the headers from the send, and between body chunks: load.timeoutMs for both
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
    });
    this.all.push(client);
    this.connecting += 1;
    let settled = false;
    const connected = () => {
      if (settled) return;
      settled = true;
      this.connecting -= 1;
    };
    client.once('connect', connected);
    client.once('connectionError', connected);
    return client;
  }

  /** Gives back a connection whose request has ended (answered or failed: undici reconnects as needed). */
  release(client: Client): void {
    this.free.push(client);
  }

  /** Closes every connection after its request in flight, if any, has ended. */
  async close(): Promise<void> {
    await Promise.allSettled(this.all.map((client) => client.close()));
  }

  /** Closes every connection now; requests in flight fail. */
  async destroy(): Promise<void> {
    await Promise.allSettled(this.all.map((client) => client.destroy()));
  }
}
