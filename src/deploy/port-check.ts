import { createServer } from 'node:net';

/** Whether a TCP port on 127.0.0.1 can be bound again: the check that a stopped deployment let go of it. */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
