import type { LatencySummary } from './common.js';

/*
 * A Slowloris attack run beside a workload (`attack: { kind: 'slowloris', … }`), and what the
 * workload's normal users got without it: part of `loadlab/run@1` (TrialResult.attack).
 */

export const attackKinds = ['slowloris'] as const;
export type AttackKind = (typeof attackKinds)[number];

/** What the normal users of a workload got, in one trial. */
export interface UsersFigures {
  /** Responses in the measured phase. */
  total: number;
  rps: number;
  /** Null when nothing answered: no answer is not zero latency. */
  latencyMs: LatencySummary | null;
  /** Connection errors and timeouts. */
  errors: number;
  timeouts: number;
  non2xx: number;
}

/**
 * The attack as loadlab's slow clients saw it. A slow connection sends a request line and then
 * its headers a few bytes every interval, never the blank line that ends them; when the server
 * closes one, another is opened an interval later, so that the attack keeps its count.
 */
export interface AttackResult {
  kind: AttackKind;
  /** Slow connections the attack keeps open. */
  connections: number;
  /** Between two fragments of a connection's headers. */
  intervalMs: number;
  /** Connections opened over the whole attack (warm-up and measured phase), reopened ones included. */
  opened: number;
  /** Connections that could not be made (refused, reset during the handshake). */
  failedToConnect: number;
  /** Slow connections open at the start and at the end of the measured phase, and the fewest and most at any moment in it. */
  held: { atStart: number; atEnd: number; min: number; max: number };
  /** Connections the server closed (or reset) before the attack ended. */
  closedByServer: number;
  /**
   * How long the server kept those it closed, from connect to close, in ms: the shortest, the
   * median and the longest; null when it closed none.
   */
  closedAfterMs: { min: number; median: number; max: number } | null;
  /** How the server closed them: the status line it answered with ('408'), 'no answer' (a bare close) or 'reset'. */
  closedWith: Record<string, number>;
  /** How long the attack ran, from its first connection to its end, in ms. */
  durationMs: number;
  /** The same workload on the same deployment just before the attack began, without it. */
  calm: UsersFigures;
}
