import type autocannonModule from 'autocannon';

type Autocannon = typeof autocannonModule;
type Instance = autocannonModule.Instance;

/** What every instance of a fleet is started with, but its connection count. */
export type FleetOptions = Omit<autocannonModule.Options, 'connections'>;

export interface FleetListeners {
  /** client: autocannon's, which tells which request of the mix was answered (autocannon-request-index.ts). */
  onResponse(client: unknown, statusCode: number, bytes: number, latencyMs: number): void;
  onError(error: Error): void;
  /** A client's request timed out (once per request), before the matching onError. */
  onTimeout(client: unknown): void;
  /** An instance failed (not a request: autocannon itself). */
  onFailure(error: Error): void;
}

/**
 * Connections of the closed model as autocannon instances. autocannon cannot change an
 * instance's connection count while it runs, so a count that moves (stages) is a fleet: a
 * connection added is an instance of its own, and a connection closed is the last instance
 * added, stopped (autocannon closes its connections at its next sample tick). Every instance
 * reports to the same listeners, so the fleet's recording is one, exact, as one instance's.
 */
export class AutocannonFleet {
  private readonly running: { instance: Instance; connections: number; done: Promise<void> }[] = [];
  private readonly stopping: Promise<void>[] = [];

  constructor(
    private readonly autocannon: Autocannon,
    private readonly options: FleetOptions,
    private readonly listeners: FleetListeners,
  ) {}

  /** Connections open now (instances stopping not counted). */
  get connections(): number {
    return this.running.reduce((sum, entry) => sum + entry.connections, 0);
  }

  /** Adds instances of `unit` connections (the last one smaller) up to `target`, or stops the last ones while that keeps at least `target`. */
  resize(target: number, unit: number): void {
    while (this.connections < target) this.add(Math.min(unit, target - this.connections));
    for (let last = this.running.at(-1); last && this.connections - last.connections >= target; last = this.running.at(-1)) {
      this.running.pop();
      last.instance.stop();
      this.stopping.push(last.done);
    }
  }

  /** Stops every instance; resolves once each has closed its connections. */
  async stopAll(): Promise<void> {
    for (const entry of this.running) entry.instance.stop();
    const all = [...this.stopping, ...this.running.map((entry) => entry.done)];
    this.running.length = 0;
    await Promise.all(all);
  }

  private add(connections: number): void {
    let settle = (): void => undefined;
    const done = new Promise<void>((resolve) => (settle = resolve));
    const setupClient = (client: autocannonModule.Client) => {
      // registered before autocannon's own listener, which emits the reqError; the typings omit the event
      (client as unknown as NodeJS.EventEmitter).on('timeout', () => this.listeners.onTimeout(client));
    };
    const instance = this.autocannon({ ...this.options, connections, setupClient }, (error) => {
      if (error) this.listeners.onFailure(error);
      settle();
    });
    instance.on('response', (client: unknown, statusCode: number, bytes: number, latencyMs: number) =>
      this.listeners.onResponse(client, statusCode, bytes, latencyMs),
    );
    instance.on('reqError', (error: Error) => this.listeners.onError(error));
    this.running.push({ instance, connections, done });
  }
}
