import { regressionWarningsOf } from '../../contract/regression-warning.js';
import type { RegressionReport, TrialKey } from '../../contract/regression-report.js';
import { comparisonRows, describeRun, regressionColumns, regressionLegend } from '../gate/regression-figures.js';
import type { Block, Section } from './model.js';

/**
 * A comparison against a baseline (`--baseline`, `loadlab compare`, `loadlab ab`) as one
 * section: the two runs, one table row per topology × workload × metric (and per request of a workload of several: `login · p99`), a legend that says what
 * each figure is, what ran on one side only, and the warnings. Its logic stays in
 * analysis/regression; this only lays it out.
 */
export function regressionSection(report: RegressionReport): Section {
  const blocks: Block[] = [
    {
      kind: 'entries',
      entries: [
        { label: 'Base', text: describeRun(report.base) },
        { label: 'Current', text: describeRun(report.current) },
      ],
    },
    report.comparisons.length === 0
      ? { kind: 'paragraph', text: 'Nothing was compared.' }
      : {
          kind: 'table',
          columns: regressionColumns,
          rows: report.comparisons.flatMap(comparisonRows),
          textColumns: [0, 1, 2, regressionColumns.length - 1],
        },
    ...(report.comparisons.length === 0
      ? []
      : [{ kind: 'paragraph' as const, label: 'How to read it', text: regressionLegend(report), role: 'muted' as const }]),
    ...oneSide('Only in base (not compared)', report.onlyInBase),
    ...oneSide('Only in current (not compared)', report.onlyInCurrent),
    ...(report.warnings.length === 0
      ? []
      : [
          {
            kind: 'notes' as const,
            title: 'Warnings',
            marked: true,
            notes: regressionWarningsOf(report).map((warning) => ({ level: 'warning' as const, ...warning })),
          },
        ]),
  ];
  return { title: 'Against the baseline', level: 'run', blocks };
}

function oneSide(label: string, keys: readonly TrialKey[]): Block[] {
  return keys.length === 0 ? [] : [{ kind: 'paragraph', label, text: keys.map((key) => `${key.topology} on ${key.workload}`).join(', ') }];
}
