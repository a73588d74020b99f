import { capacityLabel } from '../../analysis/capacity/summary.js';
import { capacityWarningsOf } from '../../contract/capacity-warning.js';
import type { CapacityReport, CapacityResult, CapacitySizing } from '../../contract/capacity-report.js';
import { formatRps } from '../../text/format.js';
import {
  allSteps,
  confirmationDescription,
  kneeDescription,
  probeDescription,
  resultCells,
  resultColumns,
  sizingCells,
  sizingColumns,
  stepCells,
  stepColumns,
  stepMarks,
  stepReasons,
} from '../capacity/figures.js';
import { tableBlock, type Block, type Section, type WorkloadSection } from './model.js';

/**
 * The capacity report as sections, as the run's (run.ts): per workload the table of capacities
 * and each search's steps (the result marked pass or fail, Little's law marked where it is off)
 * with why a step failed; then the sizing and the warnings. Each format adds what only it can
 * draw (the chart of p99 against offered rate) after a workload's table.
 */

/** A workload's capacities, then the steps of each topology's search. */
export function capacityWorkloadSection(report: CapacityReport, workload: string): WorkloadSection {
  const results = report.results.filter((result) => result.workload === workload);
  return { workload, blocks: [tableBlock(resultColumns, results.map(resultCells))], parts: results.map(stepsSection) };
}

/** Every step of one search, with the probe, the knee and the confirmation beside the title, and why each failed step failed. */
export function stepsSection(result: CapacityResult): Section {
  const [probe, knee, confirmed] = [probeDescription(result), kneeDescription(result), confirmationDescription(result)];
  const reasons = stepReasons(result);
  const steps = allSteps(result);
  return {
    title: `Steps on ${capacityLabel(result)}`,
    qualifier: `${probe ? ` (${probe})` : ''}${knee ? `; ${knee}` : ''}${confirmed ? `; ${confirmed}` : ''}`,
    level: 'workload',
    blocks: [
      { ...tableBlock(stepColumns, steps.map(stepCells)), marks: steps.map(stepMarks) },
      ...(reasons.length > 0 ? [{ kind: 'notes' as const, notes: reasons.map((line) => ({ level: 'note' as const, text: `✗ ${line}` })) }] : []),
    ],
  };
}

/** How many instances of each topology a target rate needs, and what that assumes; only the assumptions when nothing passed. */
export function sizingSection(sizing: CapacitySizing): Section {
  const title = `Sizing for ${formatRps(sizing.targetRps)} req/s on ${sizing.workload}`;
  const assumptions = sizing.assumptions.map((text) => ({ level: 'note' as const, text }));
  const blocks: Block[] =
    sizing.options.length === 0
      ? sizing.assumptions.map((text) => ({ kind: 'paragraph', text }))
      : [tableBlock(sizingColumns, sizing.options.map(sizingCells)), { kind: 'paragraph', text: 'Assuming:' }, { kind: 'notes', notes: assumptions }];
  return { title, level: 'run', blocks };
}

/** The search's warnings; null when there are none. */
export function capacityWarnings(report: CapacityReport): Section | null {
  if (report.warnings.length === 0) return null;
  const notes = capacityWarningsOf(report).map((warning) => ({ level: 'warning' as const, ...warning }));
  return { title: 'Warnings', level: 'run', blocks: [{ kind: 'notes', notes, marked: true }] };
}
