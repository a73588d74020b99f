// What a thread of /cpu-pool's worker pool runs: piscina calls the default export per task.
import { hashRounds } from './hash-rounds.js';

export default function poolTask({ rounds }) {
  return hashRounds(rounds);
}
