import { max, mean } from 'simple-statistics';
import type { Figure, LatencySummary } from '../contract/common.js';
import type { Distribution } from '../contract/probes.js';
import type { TrialResult } from '../contract/trial.js';

/** A trial, or the users' figures of an attack: a latency beside the count of answers it came from. */
type AnsweredFigures = { latencyMs: LatencySummary | null } & (Pick<TrialResult, 'requests'> | { total: number });

/**
 * The latency when anything answered; null when nothing did: no answer is not zero latency (a
 * report of an earlier version has zeros there, and its total of 0 says what they are).
 */
export function answeredLatency(figures: AnsweredFigures): LatencySummary | null {
  const total = 'requests' in figures ? figures.requests.total : figures.total;
  return total > 0 ? figures.latencyMs : null;
}

/** Mean and highest value, or null when there is nothing to summarise (never a made-up zero). */
export function figureOf(values: readonly number[]): Figure | null {
  if (values.length === 0) return null;
  return { mean: mean([...values]), max: max([...values]) };
}

/**
 * Shares of a quantity across processes, how far the busiest is above its fair share, and
 * Jain's fairness index ((Σx)² ÷ (n·Σx²): 1 when even, 1/n when one process has everything).
 * Null with fewer than two processes or nothing to share: there is no balance to judge.
 */
export function distributionOf(amounts: readonly { pid: number; amount: number }[]): Distribution | null {
  const total = amounts.reduce((sum, item) => sum + item.amount, 0);
  if (amounts.length < 2 || total <= 0) return null;
  const shares = amounts.map((item) => ({ pid: item.pid, share: item.amount / total }));
  const highest = Math.max(...shares.map((item) => item.share));
  const sumOfSquares = amounts.reduce((sum, item) => sum + item.amount ** 2, 0);
  return {
    shares,
    imbalance: highest * amounts.length,
    jainIndex: (total * total) / (amounts.length * sumOfSquares),
  };
}
