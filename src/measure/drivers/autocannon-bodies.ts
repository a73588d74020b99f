import { createRequire } from 'node:module';

const patched = Symbol.for('loadlab.autocannonBodies');

/**
 * autocannon 8 builds every response body into a string (lib/pipelinedRequestsQueue.js
 * `addBody`), for checks loadlab never asks for (expectBody, verifyBody, onResponse): 50
 * connections answered with 10 MB each hold 500 MB of strings and spend the CPU to make them.
 * loadlab counts a response's bytes, never its body: the patch makes addBody do nothing.
 * Idempotent; another autocannon version without that method runs as it is.
 */
export function dropAutocannonBodies(): void {
  const require = createRequire(import.meta.url);
  const Queue = require('autocannon/lib/pipelinedRequestsQueue.js') as { prototype: { addBody?: (data: unknown) => void; [patched]?: true } };
  const prototype = Queue.prototype;
  if (prototype[patched] || typeof prototype.addBody !== 'function') return;
  prototype.addBody = () => {};
  prototype[patched] = true;
}
