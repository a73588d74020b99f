import { connect, type Socket } from 'node:net';

/** Connections opened at once: a burst beyond the accept queue is dropped and retried a second later. */
const batchSize = 256;
/** How long a batch of requests may take to be answered before its unanswered connections count as failed. */
const answerTimeoutMs = 10_000;

/**
 * Idle keep-alive HTTP/1.1 connections to one server, on raw sockets: each sends one request for
 * `path` and then waits, as a browser's or a client pool's connection does between requests.
 * A connection the server closes leaves the set. Everything is destroyed by close().
 */
export class IdleConnections {
  private readonly sockets = new Set<Socket>();
  private readonly host: string;
  private readonly port: number;
  private readonly request: string;

  constructor(url: string, path: string) {
    const target = new URL(url);
    this.host = target.hostname.replace(/^\[|\]$/g, '');
    this.port = Number(target.port || 80);
    this.request = `GET ${path} HTTP/1.1\r\nHost: ${target.host}\r\nConnection: keep-alive\r\nUser-Agent: loadlab-connection-cost\r\n\r\n`;
  }

  /** Connections open now. */
  get held(): number {
    return this.sockets.size;
  }

  /**
   * One request on every connection held, so that none reaches the server's keep-alive timeout
   * (Node's is 5 s) while the sweep goes on; connections that do not answer are dropped.
   */
  async refresh(): Promise<number> {
    // in batches, as they were opened: a burst of every connection at once would make the server
    // (or the app behind a balancer) hold that many requests in flight, and keep the memory for them
    const sockets = [...this.sockets];
    let failed = 0;
    for (let start = 0; start < sockets.length; start += batchSize) {
      const results = await Promise.all(sockets.slice(start, start + batchSize).map((socket) => this.ask(socket)));
      failed += results.filter((answered) => !answered).length;
    }
    return failed;
  }

  /** Opens connections (each answering one request) until `target` are held; resolves with how many failed. */
  async growTo(target: number): Promise<number> {
    let failed = 0;
    while (this.sockets.size < target) {
      const batch = Math.min(batchSize, target - this.sockets.size);
      const results = await Promise.all(Array.from({ length: batch }, () => this.openOne()));
      const lost = results.filter((answered) => !answered).length;
      failed += lost;
      // a server that refuses every connection of a batch will refuse the next: stop here
      if (lost === batch) break;
    }
    return failed;
  }

  close(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  private openOne(): Promise<boolean> {
    const socket = connect({ host: this.host, port: this.port });
    this.sockets.add(socket);
    socket.on('error', () => {});
    socket.once('close', () => this.sockets.delete(socket));
    return new Promise((settled) => {
      const refused = () => settled(false);
      socket.once('close', refused);
      socket.once('connect', () => {
        socket.off('close', refused);
        void this.ask(socket).then(settled);
      });
    });
  }

  /** Sends the request and waits for the start of the answer; a connection that gives none in time is destroyed. */
  private ask(socket: Socket): Promise<boolean> {
    return new Promise((settled) => {
      const done = (answered: boolean) => {
        clearTimeout(timer);
        socket.off('data', onData);
        socket.off('close', onClose);
        settled(answered);
      };
      const onData = () => done(true);
      const onClose = () => done(false);
      const timer = setTimeout(() => {
        socket.destroy();
        done(false);
      }, answerTimeoutMs);
      socket.once('data', onData);
      socket.once('close', onClose);
      socket.write(this.request);
    });
  }
}
