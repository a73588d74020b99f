import { createRequire } from 'node:module';

const patched = Symbol.for('loadlab.autocannonBodies');

/** Set on an autocannon request object whose answers' bodies a flow reads (a capture, a check, a hook). */
export const keepBody = 'loadlabKeepBody';

interface Pending {
  req?: { [keepBody]?: boolean };
  body: string;
}

/**
 * autocannon 8 builds every response body into a string (lib/pipelinedRequestsQueue.js
 * `addBody`), for checks loadlab mostly never asks for: 50 connections answered with 10 MB each
 * hold 500 MB of strings and spend the CPU to make them. The patch makes addBody keep a body only
 * for a request marked with `keepBody` (a flow's request that captures from or checks the body);
 * every other answer counts its bytes, never its body.
 * Idempotent; another autocannon version without that method runs as it is.
 */
export function dropAutocannonBodies(): void {
  const require = createRequire(import.meta.url);
  const Queue = require('autocannon/lib/pipelinedRequestsQueue.js') as {
    prototype: { addBody?: (data: unknown) => void; peek(): Pending | undefined; [patched]?: true };
  };
  const prototype = Queue.prototype;
  if (prototype[patched] || typeof prototype.addBody !== 'function') return;
  prototype.addBody = function (this: { peek(): Pending | undefined }, data: unknown) {
    const pending = this.peek();
    if (pending?.req?.[keepBody] === true) pending.body += String(data);
  };
  prototype[patched] = true;
}
