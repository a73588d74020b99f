import type { CapacityWarning } from '../../contract/capacity-warning.js';
import type { CapacityReport, CapacityResult, CapacitySizing, CapacityStep } from '../../contract/capacity-report.js';
import { formatLatency, formatRatio, formatRps } from '../../text/format.js';
import { formatDuration } from '../../text/duration.js';
import { sizingSentence } from './sizing.js';
import { stepDoubt } from './doubt.js';

/** A knee below this share of the capacity is worth a sentence: latency suffers well before the SLO breaks. */
const earlyKneeShare = 0.8;

/** 'single', 'cluster ×2'. */
export function capacityLabel(result: Pick<CapacityResult, 'topology' | 'instances'>): string {
  return result.instances > 1 ? `${result.topology} ×${result.instances}` : result.topology;
}

/**
 * The capacities in plain words, a sentence per workload ("On cpu, single holds 1,150 req/s
 * within p99 150 ms; cluster ×2 2,300; …"), then knees well below a capacity, then the sizing.
 * Pure; the numbers are formatted as the tables show them.
 */
export function summariseCapacity(results: readonly CapacityResult[], sizing: readonly CapacitySizing[], sloP99Ms: number): string[] {
  const workloads = [...new Set(results.map((result) => result.workload))];
  return [
    ...workloads.map((workload) =>
      workloadSentence(
        workload,
        results.filter((result) => result.workload === workload),
        sloP99Ms,
      ),
    ),
    ...results.flatMap(kneeSentence),
    ...sizing.map(sizingSentence),
  ];
}

function workloadSentence(workload: string, results: readonly CapacityResult[], sloP99Ms: number): string {
  const clauses = results.map((result, index) => {
    const label = capacityLabel(result);
    if (result.capacityRps === null) return `${label} ${noCapacity(result)}`;
    const rate = `${result.failedRps === null || result.clientLimited ? 'at least ' : ''}${formatRps(result.capacityRps)}`;
    const limit = result.clientLimited ? " (loadlab's own limit here)" : '';
    return index === 0 ? `${label} holds ${rate} req/s within p99 ${formatLatency(sloP99Ms)}${limit}` : `${label} ${rate}${limit}`;
  });
  return `On ${workload}, ${clauses.join('; ')}${heldFor(results)}.`;
}

/** ' (held for 6 s)', ' (each held for 6 s)', ' (single held for 6 s)' when only some were confirmed; '' when none was. */
function heldFor(results: readonly CapacityResult[]): string {
  const held = results.filter((result) => result.capacityRps !== null && result.confirmation?.confirmedRps === result.capacityRps);
  const first = held[0]?.confirmation;
  if (!first) return '';
  const duration = formatDuration(first.durationMs);
  const withCapacity = results.filter((result) => result.capacityRps !== null);
  if (held.length === withCapacity.length) return held.length === 1 ? ` (held for ${duration})` : ` (each held for ${duration})`;
  return ` (${held.map(capacityLabel).join(', ')} held for ${duration})`;
}

function noCapacity(result: CapacityResult): string {
  if (result.foundRps && result.confirmation) {
    const tried = result.confirmation.steps.filter((step) => step.counted).map((step) => formatRps(step.targetRps));
    return `could not be confirmed: the search found ${formatRps(result.foundRps)} req/s, but ${tried.join(', ')} req/s did not hold for ${formatDuration(result.confirmation.durationMs)}`;
  }
  const lowest = lowestStep(result.steps);
  if (!lowest) return 'was not measured';
  const p99 = lowest.responses > 0 ? `p99 ${formatLatency(lowest.latencyMs.p99)}` : lowest.reason;
  return `missed the target even at ${formatRps(lowest.targetRps)} req/s (${p99})`;
}

function kneeSentence(result: CapacityResult): string[] {
  const { knee, capacityRps } = result;
  if (!knee || capacityRps === null || knee.rps >= earlyKneeShare * capacityRps) return [];
  const next = knee.nextP99Ms === null ? 'no response' : formatLatency(knee.nextP99Ms);
  return [
    `On ${result.workload}, ${capacityLabel(result)}'s p99 starts to climb above ${formatRps(knee.rps)} req/s (${formatLatency(knee.p99Ms)}, then ${next} at ${formatRps(knee.nextRps)}), well below its capacity: less headroom than the capacity suggests.`,
  ];
}

/**
 * What makes a result mean less than it says, as data every renderer shows: a capacity that is
 * only a lower bound or not converged, a search stopped by the load generator rather than the
 * server, and passing steps whose Little's-law check is off.
 */
export function capacityWarnings(results: readonly CapacityResult[], search: CapacityReport['search']): CapacityWarning[] {
  return results.flatMap((result) => {
    const label = `${capacityLabel(result)} on ${result.workload}`;
    const warnings: CapacityWarning[] = [];
    if (result.stop === 'max-rps')
      warnings.push({
        id: 'max-rps',
        text: `${label}: every rate up to ${formatRps(search.maxRps ?? 0)} req/s (--max-rps) passed; the capacity is at least that.`,
      });
    if (result.stop === 'max-steps') {
      warnings.push({
        id: 'max-steps',
        text:
          result.capacityRps === null
            ? `${label}: no step passed in ${search.maxSteps} steps; the lowest rate tried was ${formatRps(lowestStep(result.steps)?.targetRps ?? 0)} req/s.`
            : `${label}: the search used its ${search.maxSteps} steps before narrowing to ${Math.round(search.precision * 100)}%: the capacity lies between ${formatRps(result.capacityRps)} and ${result.failedRps === null ? 'an unknown higher rate' : `${formatRps(result.failedRps)} req/s`}.`,
      });
    }
    const failedAt = result.steps.find((step) => step.counted && !step.passed && step.targetRps === result.failedRps);
    if (failedAt && result.clientLimited) {
      const cpu = failedAt.clientCpu === null ? '' : ` (its process used ${Math.round(failedAt.clientCpu * 100)}% of a core)`;
      warnings.push({
        id: 'client-limit',
        text: `${label}: loadlab itself was the bottleneck at ${formatRps(failedAt.targetRps)} req/s, where the search stopped${cpu}: that is the load generator's limit, not the server's; the capacity is at least ${formatRps(result.capacityRps ?? 0)}.`,
      });
    }
    warnings.push(...disturbanceWarnings(label, result.steps));
    for (const step of result.steps.filter((entry) => entry.passed && entry.littlesLaw && !entry.littlesLaw.ok)) {
      const law = step.littlesLaw;
      if (!law) continue;
      warnings.push({
        id: 'littles-law',
        text: `${label} at ${formatRps(step.targetRps)} req/s: Little's law is off: ${law.inFlight.toFixed(2)} requests in flight on average, but rate × mean latency gives ${law.expected.toFixed(2)} (${formatRatio(law.ratio)}): the step was not in a steady state, or the client stamped its requests late; its figures are doubtful.`,
      });
    }
    return warnings;
  });
}

/** Doubtful failures (the machine's or the client's, maybe): measured again, or counted when out of retries (then the capacity may be low). */
function disturbanceWarnings(label: string, steps: readonly CapacityStep[]): CapacityWarning[] {
  const failed = steps.filter((step) => !step.passed && step.reason !== interruptedReason && stepDoubt(step) !== '');
  const reasons = (entries: readonly CapacityStep[]) => [...new Set(entries.map(stepDoubt))].join('; ');
  const again = failed.filter((step) => !step.counted);
  const believed = failed.filter((step) => step.counted);
  return [
    ...(again.length > 0
      ? [
          {
            id: 'measured-again' as const,
            text: `${label}: ${again.length === 1 ? '1 step' : `${again.length} steps`} failed doubtfully and ${again.length === 1 ? 'was' : 'were'} measured again (${reasons(again)}).`,
          },
        ]
      : []),
    ...(believed.length > 0
      ? [
          {
            id: 'doubtful-failure' as const,
            text: `${label}: ${believed.length === 1 ? '1 failure' : `${believed.length} failures`} counted although doubtful, still so after the retries (${reasons(believed)}): the capacity may be lower than this server sustains on a quiet machine.`,
          },
        ]
      : []),
  ];
}

/** measure-step.ts's reason for a step cut short by Ctrl-C. */
const interruptedReason = 'interrupted before the end of its measured phase';

/** The lowest rate the search counted. */
function lowestStep(steps: readonly CapacityStep[]): CapacityStep | undefined {
  return steps.filter((step) => step.counted).sort((a, b) => a.targetRps - b.targetRps)[0];
}
