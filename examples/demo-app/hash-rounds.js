// The demo's CPU work: a fixed number of SHA-256 rounds (see server.js for why it is fixed).
// /cpu runs it on the event loop, /cpu-pool in a worker thread (pool-task.js): the same work.
import { createHash } from 'node:crypto';

export function hashRounds(rounds) {
  let digest = Buffer.from('loadlab');
  for (let i = 0; i < rounds; i += 1) digest = createHash('sha256').update(digest).digest();
  return digest.toString('hex').slice(0, 16);
}
