/**
 * Worker thread that reads /proc for the sampler. Reading the fds of a process with 10,000
 * connections and the machine's TCP table takes tens of milliseconds of kernel time; done on
 * the main thread, that would stall the load generator's event loop and add to every latency
 * it measures.
 */
import { parentPort } from 'node:worker_threads';
import { EstablishedSockets } from './established-sockets.js';
import { takeProcSnapshot } from './proc-snapshot.js';

export interface SnapshotRequest {
  id: number;
  pids: number[];
}

const established = new EstablishedSockets();

parentPort?.on('message', (request: SnapshotRequest) => {
  parentPort?.postMessage({ id: request.id, snapshot: takeProcSnapshot(request.pids, established) });
});
