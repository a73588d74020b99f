import Table from 'cli-table3';
import type { TrialResult } from '../../contract/trial.js';
import { html, type SafeHtml } from '../../text/html-escape.js';
import { table } from '../../text/markdown.js';
import { htmlTable } from '../common/html-page.js';
import { attackCells, attackColumns, attackedTrials } from './attack-figures.js';

/* The attack table of a workload in each format (none when no trial of it ran under an attack). */

export function attackTerminal(trials: readonly TrialResult[], label: (trial: TrialResult) => string, color: boolean): string[] {
  const attacked = attackedTrials(trials);
  if (attacked.length === 0) return [];
  const output = new Table({
    head: [...attackColumns],
    colAligns: ['left', ...attackColumns.slice(1, -1).map(() => 'right' as const), 'left'],
    style: color ? {} : { head: [], border: [] },
  });
  for (const trial of attacked) output.push(attackCells(trial, label(trial)));
  return ['', 'slowloris: the users without the attack → beside it', output.toString()];
}

export function attackMarkdown(trials: readonly TrialResult[], label: (trial: TrialResult) => string): string[] {
  const attacked = attackedTrials(trials);
  if (attacked.length === 0) return [];
  return [
    '',
    '**Slowloris**: the users without the attack → beside it',
    '',
    ...table(
      attackColumns,
      attacked.map((trial) => attackCells(trial, label(trial))),
    ),
  ];
}

export function attackHtml(trials: readonly TrialResult[], label: (trial: TrialResult) => string): SafeHtml | null {
  const attacked = attackedTrials(trials);
  if (attacked.length === 0) return null;
  return html`<h3>Slowloris: the users without the attack → beside it</h3>
${htmlTable(
  attackColumns,
  attacked.map((trial) => attackCells(trial, label(trial))),
)}`;
}
