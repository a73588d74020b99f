import type { DurationInput } from './stage-types.js';

/** Slowloris: `connections` slow clients that send a request's headers a few bytes every `interval`, never finishing them. */
export interface AttackConfig {
  kind: 'slowloris';
  /** Default 200. */
  connections?: number;
  /** Between two fragments of a connection's headers; default '1s'. */
  interval?: DurationInput;
}

/** A validated attack. */
export interface AttackSpec {
  kind: 'slowloris';
  connections: number;
  intervalMs: number;
}

export interface ConnectionCostConfig {
  /** Connections to hold, in turn; default [1000, 2000, 5000, 10000]. */
  counts?: number[];
  /** How long each count is held and sampled; default '1s'. */
  hold?: DurationInput;
}

export interface ConnectionCostSpec {
  counts: number[];
  holdMs: number;
}
