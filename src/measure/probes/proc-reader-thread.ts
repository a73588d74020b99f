import type { Worker } from 'node:worker_threads';
import { workerScript } from '../worker-script.js';
import type { ProcSnapshot } from './proc-snapshot.js';
import type { SnapshotRequest } from './proc-worker.js';

/** The main thread's handle on the /proc worker (proc-worker.ts): one request at a time, answered with a snapshot. */
export class ProcReaderThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, (snapshot: ProcSnapshot) => void>();
  private nextId = 1;

  constructor() {
    this.worker = workerScript('measure/probes/proc-worker');
    this.worker.unref();
    this.worker.on('message', (message: { id: number; snapshot: ProcSnapshot }) => {
      this.pending.get(message.id)?.(message.snapshot);
      this.pending.delete(message.id);
    });
    // a worker that failed answers nothing more: settle what waits, with nothing read
    const giveUp = () => {
      for (const resolve of this.pending.values()) resolve({ t: performance.timeOrigin + performance.now(), host: undefined, processes: [], costMs: 0 });
      this.pending.clear();
    };
    this.worker.on('error', giveUp);
    this.worker.on('exit', giveUp);
  }

  get busy(): boolean {
    return this.pending.size > 0;
  }

  read(pids: readonly number[]): Promise<ProcSnapshot> {
    const request: SnapshotRequest = { id: this.nextId++, pids: [...pids] };
    return new Promise((resolve) => {
      this.pending.set(request.id, resolve);
      this.worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
