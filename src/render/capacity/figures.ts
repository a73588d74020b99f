import { stepDoubt } from '../../analysis/capacity/doubt.js';
import { capacityLabel } from '../../analysis/capacity/summary.js';
import type { CapacityReport, CapacityResult, CapacityStep, SizingOption } from '../../contract/capacity-report.js';
import type { ProcessCpu } from '../../contract/common.js';
import { formatDuration } from '../../text/duration.js';
import type { CellMark } from '../sections/model.js';
import { formatLatency, formatPercent, formatRatio, formatRps, groupThousands, missing, unavailable } from '../../text/format.js';

/**
 * The figures of a capacity report as text cells, shared by the terminal and markdown renderers
 * so that a number reads the same in both. Pure.
 */

/** The workloads in the order they first appear in the results. */
export function capacityWorkloads(report: CapacityReport): string[] {
  return [...new Set(report.results.map((result) => result.workload))];
}

/** How the search ran: 'steps of 2 s after 500 ms warm-up; up ×1.5 from half a 1 s closed-model probe, then bisection to 5%; at most 12 steps'. */
export function searchDescription(search: CapacityReport['search']): string {
  const start = search.probeDurationMs > 0 ? ` from half a ${formatDuration(search.probeDurationMs)} closed-model probe` : '';
  const maxRps = search.maxRps === null ? '' : `, at most ${formatRps(search.maxRps)} req/s`;
  const confirm = search.confirmMs
    ? `; then the rate found held for ${formatDuration(search.confirmMs)} to confirm it, ${Math.round((1 - (search.confirmStepDown ?? 0.9)) * 100)}% lower each time it does not (${search.confirmAttempts ?? 3} rates at most)`
    : '';
  return `steps of ${formatDuration(search.stepDurationMs)} after ${formatDuration(search.stepWarmupMs)} warm-up; up ×${search.growth}${start}, then bisection to ${Math.round(search.precision * 100)}%; at most ${search.maxSteps} steps${maxRps}${confirm}`;
}

/** What a step must do to pass: 'p99 ≤ 150 ms from the intended start, no errors, nothing dropped, at least 95% of the rate sent'. */
export function targetDescription(report: CapacityReport): string {
  return `p99 ≤ ${formatLatency(report.scenario.slo.p99)} from the intended start, no errors, nothing dropped, at least ${formatPercent(report.search.minAchievedRatio)} of the rate sent`;
}

export const resultColumns = ['topology', 'capacity (req/s)', 'confirmed', 'p99 there', 'knee (req/s)', 'CPU there', 'steps', 'search'] as const;

export function resultCells(result: CapacityResult): string[] {
  const atCapacity = stepAtCapacity(result);
  return [
    capacityLabel(result),
    capacityCell(result),
    confirmedCell(result),
    atCapacity ? formatLatency(atCapacity.latencyMs.p99) : missing,
    result.knee ? formatRps(result.knee.rps) : missing,
    result.cpuAtCapacity ? cpuCell(result.cpuAtCapacity) : missing,
    String(result.steps.length),
    stopCell(result),
  ];
}

/** '1,149'; '≥ 13,445' when that is only a lower bound (no rate failed, or loadlab was the limit); 'none' when no rate passed or none held. */
export function capacityCell(result: CapacityResult): string {
  if (result.capacityRps === null) return result.foundRps ? `none (${formatRps(result.foundRps)} did not hold)` : 'none';
  return `${result.failedRps === null || result.clientLimited ? '≥ ' : ''}${formatRps(result.capacityRps)}`;
}

/** '6 s at 1,149', 'no' when no rate held, '—' without a confirmation (--confirm 0, or a report of an older version). */
export function confirmedCell(result: CapacityResult): string {
  const confirmation = result.confirmation;
  if (!confirmation) return missing;
  return confirmation.confirmedRps === null ? 'no' : `${formatDuration(confirmation.durationMs)} at ${formatRps(confirmation.confirmedRps)}`;
}

/**
 * 'held 1,149 req/s for 6 s', 'held 1,034 req/s for 6 s, after 1,149 did not hold', 'not
 * confirmed: 1,149, 1,034 and 931 req/s did not hold for 6 s'; '' without a confirmation.
 */
export function confirmationDescription(result: CapacityResult): string {
  const confirmation = result.confirmation;
  if (!confirmation) return '';
  const failed = confirmation.steps.filter((step) => step.counted && !step.passed).map((step) => formatRps(step.targetRps));
  const list = failed.length <= 1 ? failed.join('') : `${failed.slice(0, -1).join(', ')} and ${failed.at(-1)}`;
  const duration = formatDuration(confirmation.durationMs);
  if (confirmation.confirmedRps === null) return `not confirmed: ${list || 'no rate'} req/s did not hold for ${duration}`;
  return `held ${formatRps(confirmation.confirmedRps)} req/s for ${duration}${failed.length > 0 ? `, after ${list} did not hold` : ''}`;
}

/** Every step of a result, the search's then the confirmation's, each with its label in the table: '3', 'hold 1'. */
export function allSteps(result: CapacityResult): { label: string; step: CapacityStep }[] {
  return [
    ...result.steps.map((step, index) => ({ label: String(index + 1), step })),
    ...(result.confirmation?.steps ?? []).map((step, index) => ({ label: `hold ${index + 1}`, step })),
  ];
}

export const stepColumns = [
  '#',
  'target',
  'sent',
  'p50',
  'p99',
  'service p99',
  'errors',
  'dropped',
  'conns',
  'CPU',
  'client',
  'others',
  "Little's law",
  'result',
] as const;

/**
 * One row per step in the order measured (the confirmation's holds last, labelled 'hold 1' …);
 * the last cell is ✓ or ✗ (the reason goes below the table), ↻ when the step did not count
 * (measured again, or cut short). 'others': the most CPU other processes of the machine used in
 * a probe interval of the step.
 */
export function stepCells(entry: { label: string; step: CapacityStep }): string[] {
  const { step } = entry;
  const answered = step.responses > 0;
  const latency = (ms: number) => (answered ? formatLatency(ms) : missing);
  return [
    entry.label,
    formatRps(step.targetRps),
    formatRps(step.achievedRps),
    latency(step.latencyMs.p50),
    latency(step.latencyMs.p99),
    latency(step.serviceP99Ms),
    groupThousands(step.errors + step.non2xx),
    groupThousands(step.dropped),
    `${step.connectionsUsed}/${step.maxConnections}`,
    cpuCell(step.cpuByProcess),
    step.clientCpu === null ? unavailable : formatPercent(step.clientCpu),
    step.othersCpu === null ? unavailable : formatPercent(step.othersCpu.max),
    littlesLawCell(step),
    `${step.passed ? '✓' : '✗'}${step.counted ? '' : ' ↻'}`,
  ];
}

/**
 * What a format may emphasise in a step's row: the result (pass or fail, with the doubt of a
 * step counted while the machine was busy as its hint), and Little's law where it is off.
 */
export function stepMarks(entry: { step: CapacityStep }): (CellMark | undefined)[] {
  const { step } = entry;
  const doubt = step.counted ? stepDoubt(step) : null;
  const result: CellMark = { role: step.passed ? 'pass' : 'fail', ...(doubt ? { hint: doubt } : {}) };
  const law: CellMark | undefined =
    step.littlesLaw && !step.littlesLaw.ok ? { role: 'warn', hint: "Little's law is off: the step was not in a steady state" } : undefined;
  return stepColumns.map((column) => (column === 'result' ? result : column === "Little's law" ? law : undefined));
}

/** 'instance 97%', 'primary 3% · worker 95% · worker 94%': each process's CPU, in fractions of one core. */
export function cpuCell(processes: readonly ProcessCpu[]): string {
  if (processes.length === 0) return unavailable;
  return processes.map((entry) => `${processes.length > 1 ? `${entry.role} ` : ''}${entry.cpu === null ? unavailable : formatPercent(entry.cpu)}`).join(' · ');
}

/** '2.31 ≈ 2.40', '2.77 ≠ 2.22 (1.25×)': in flight against rate × mean latency. */
export function littlesLawCell(step: CapacityStep): string {
  const law = step.littlesLaw;
  if (!law) return missing;
  const figures = `${formatInFlight(law.inFlight)} ${law.ok ? '≈' : '≠'} ${formatInFlight(law.expected)}`;
  return law.ok ? figures : `${figures} (${formatRatio(law.ratio)})`;
}

/** A mean number of requests with about three significant figures: 0.25, 3.43, 63.0, 1,782. */
export function formatInFlight(count: number): string {
  if (count >= 100) return groupThousands(count);
  return count >= 10 ? count.toFixed(1) : count.toFixed(2);
}

/** Why each failed step failed, one line each. */
export function stepReasons(result: CapacityResult): string[] {
  return allSteps(result).flatMap(({ label, step }) => {
    if (step.passed) return [];
    const note = notCountedNote(step);
    return [`${/^\d/.test(label) ? '#' : ''}${label} at ${formatRps(step.targetRps)} req/s${note ? ` (${note})` : ''}: ${step.reason}`];
  });
}

/** Why the search did not believe a step, in words; '' for a step it counted. */
export function notCountedNote(step: CapacityStep): string {
  if (step.counted) return '';
  const doubt = stepDoubt(step);
  return doubt ? `not counted: ${doubt}, so it was measured again` : 'not counted';
}

/** 'closed-model probe: 1,400 req/s', or '' when the search started at a given rate. */
export function probeDescription(result: CapacityResult): string {
  return result.probeRps === null ? '' : `closed-model probe: ${formatRps(result.probeRps)} req/s`;
}

/** 'p99 climbs after 1,050 req/s (9.80 ms, then 88.0 ms at 1,116)', or '' without a knee. */
export function kneeDescription(result: CapacityResult): string {
  const { knee } = result;
  if (!knee) return '';
  return `p99 climbs after ${formatRps(knee.rps)} req/s (${formatLatency(knee.p99Ms)}, then ${knee.nextP99Ms === null ? missing : formatLatency(knee.nextP99Ms)} at ${formatRps(knee.nextRps)})`;
}

export const sizingColumns = ['topology', 'instances needed', 'req/s per instance', 'per instance ÷ one process'] as const;

/** '≤ 3' instances where the capacity is only a lower bound: fewer may do. */
export function sizingCells(option: SizingOption): string[] {
  return [
    option.topology,
    `${option.lowerBound ? '≤ ' : ''}${option.instancesNeeded}`,
    formatRps(option.perInstanceRps),
    option.scalingEfficiency === null ? missing : formatPercent(option.scalingEfficiency),
  ];
}

/** The passing step that set the capacity: the confirmation's hold when there was one. */
export function stepAtCapacity(result: CapacityResult): CapacityStep | undefined {
  const held = result.confirmation?.steps.find((step) => step.passed && step.targetRps === result.capacityRps);
  return held ?? result.steps.find((step) => step.passed && step.targetRps === result.capacityRps);
}

function stopCell(result: CapacityResult): string {
  switch (result.stop) {
    case 'converged':
      if (result.failedRps === null) return 'converged';
      return result.clientLimited ? `loadlab's limit (${formatRps(result.failedRps)} failed)` : `converged (${formatRps(result.failedRps)} failed)`;
    case 'max-rps':
      return 'every rate passed (--max-rps)';
    case 'max-steps':
      return 'out of steps';
    case 'min-rps':
      return 'the lowest rate failed';
    case 'interrupted':
      return 'interrupted';
  }
}
