import type { TrialResult } from '../../contract/trial.js';
import { answeredLatency } from '../../analysis/figures.js';
import { formatLatency, formatPercent, formatRps, groupThousands, missing } from '../../text/format.js';

/**
 * A trial under attack as text cells, shared by the terminal, markdown and HTML renderers: the
 * slow connections (held, closed and after how long) and the normal users' figures without the
 * attack and with it, with the verdict's word. Pure.
 */

export const attackColumns = [
  'topology',
  'slow conns',
  'held',
  'closed by server',
  'closed after',
  'rps calm → attack',
  'p99 calm → attack',
  'failed calm → attack',
  'verdict',
] as const;

/** The workload's trials that ran under an attack. */
export function attackedTrials(trials: readonly TrialResult[]): (TrialResult & { attack: NonNullable<TrialResult['attack']> })[] {
  return trials.filter((trial): trial is TrialResult & { attack: NonNullable<TrialResult['attack']> } => trial.attack !== undefined);
}

/** One row of the attack table, label first (unescaped: the renderer escapes it). */
export function attackCells(trial: TrialResult, label: string): string[] {
  const attack = trial.attack;
  if (!attack) return [label];
  const { held, calm, closedAfterMs } = attack;
  const failed = (errors: number, non2xx: number) => groupThousands(errors + non2xx);
  const p99 = (figures: Parameters<typeof answeredLatency>[0]) => formatLatency(answeredLatency(figures)?.p99 ?? null);
  const verdict = trial.verdicts.find((entry) => entry.id === 'slowloris');
  return [
    label,
    `${groupThousands(attack.connections)} every ${formatLatency(attack.intervalMs)}`,
    held.min === held.max ? groupThousands(held.max) : `${groupThousands(held.min)}–${groupThousands(held.max)}`,
    groupThousands(attack.closedByServer),
    closedAfterMs ? `${formatLatency(closedAfterMs.min)}–${formatLatency(closedAfterMs.max)}` : missing,
    `${formatRps(calm.rps)} → ${formatRps(trial.requests.rps)} (${formatPercent(calm.rps > 0 ? trial.requests.rps / calm.rps : 0)})`,
    `${p99(calm)} → ${p99(trial)}`,
    `${failed(calm.errors, calm.non2xx)} → ${failed(trial.requests.errors, trial.requests.non2xx)}`,
    verdict ? (/^(resists|degrades|falls over)/.exec(verdict.message)?.[1] ?? verdict.status) : missing,
  ];
}
