import { Worker } from 'node:worker_threads';
import type { ProcSnapshot } from './proc-snapshot.js';
import type { SnapshotRequest } from './proc-worker.js';

/**
 * The main thread's handle on the /proc worker: one request at a time, answered with a
 * snapshot. Built, the worker is the .js beside this file. Running from source (tests,
 * benchmarks), it is the .ts file, loaded through tsx's tsImport: on Node 20 a worker does not
 * get the loader hooks that `--import tsx` gave the main thread.
 */
export class ProcReaderThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, (snapshot: ProcSnapshot) => void>();
  private nextId = 1;

  constructor() {
    this.worker = import.meta.url.endsWith('.ts') ? workerFromSource() : new Worker(new URL('./proc-worker.js', import.meta.url));
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

function workerFromSource(): Worker {
  const script = new URL('./proc-worker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const load = `import(${JSON.stringify(tsx)}).then(({ tsImport }) => tsImport(${JSON.stringify(script)}, ${JSON.stringify(import.meta.url)}))`;
  return new Worker(load, { eval: true });
}
