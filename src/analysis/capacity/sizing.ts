import type { CapacityResult, CapacitySizing, SizingOption } from '../../contract/capacity-report.js';
import type { Environment } from '../../contract/common.js';
import { formatPercent, formatRps } from '../../text/format.js';

/**
 * How many instances `targetRps` needs on each workload, from the capacities measured: for each
 * topology, its capacity ÷ its instances is what one instance of that kind added (its scaling
 * efficiency already in it), and the target needs ceil(target ÷ that) instances. A one-instance
 * topology's figure is the ideal: what the target needs if instances scaled perfectly. The
 * assumptions that make these numbers true are stated beside them, in words. Pure.
 */
export function sizeFor(targetRps: number, results: readonly CapacityResult[], environment: Pick<Environment, 'cpus'>): CapacitySizing[] {
  const workloads = [...new Set(results.map((result) => result.workload))];
  return workloads.map((workload) => {
    const measured = results.filter(
      (result): result is CapacityResult & { capacityRps: number } => result.workload === workload && result.capacityRps !== null && result.capacityRps > 0,
    );
    // the one-instance reference: a single process if there is one, else any one-instance topology
    const reference = measured.find((result) => result.instances === 1 && result.kind === 'single') ?? measured.find((result) => result.instances === 1);
    const options = measured.map((result): SizingOption => {
      const perInstanceRps = result.capacityRps / result.instances;
      return {
        topology: result.topology,
        kind: result.kind,
        instances: result.instances,
        capacityRps: result.capacityRps,
        perInstanceRps,
        scalingEfficiency: reference ? perInstanceRps / reference.capacityRps : null,
        instancesNeeded: Math.max(1, Math.ceil(targetRps / perInstanceRps)),
        lowerBound: result.failedRps === null || result.clientLimited,
      };
    });
    return { workload, targetRps, options, assumptions: assumptionsOf(options, reference?.topology ?? null, environment) };
  });
}

function assumptionsOf(options: readonly SizingOption[], reference: string | null, environment: Pick<Environment, 'cpus'>): string[] {
  if (options.length === 0) return ['No topology passed a step on this workload: there is no capacity to size from.'];
  const crowded = options.filter((option) => option.instances + 1 > environment.cpus);
  const bounded = options.filter((option) => option.lowerBound);
  return [
    'Each instance added serves what one instance served here (capacity ÷ instances): the scaling measured at that many instances is assumed to hold at the number needed.',
    ...(reference ? [`The figure for ${reference} assumes perfect scaling (100% efficiency); the others carry the efficiency measured against it.`] : []),
    "Each instance gets CPU like this machine's, and the bottleneck stays in the app: no database, cache, lock or network link that more instances would share and saturate.",
    "The traffic is this workload's request mix, at the SLO of this scenario.",
    'No headroom: each instance would run at its capacity. Add at least one (N+1) to ride out a failed instance, a deploy or a spike.',
    ...(crowded.length > 0
      ? [
          `${crowded.map((option) => `${option.topology} (${option.instances} processes)`).join(', ')} shared this machine's ${environment.cpus} cores with the load generator: the per-instance figure is a floor for instances with cores of their own.`,
        ]
      : []),
    ...(bounded.length > 0
      ? [
          `The capacity of ${bounded.map((option) => option.topology).join(', ')} is a lower bound (every rate tried passed, or the load generator was the limit), so fewer instances may do.`,
        ]
      : []),
  ];
}

/** 'For 5,000 req/s on cpu: 5 single instances (1,150 req/s each, if scaling were perfect); cluster 6 (1,000 each, 87% efficiency).' */
export function sizingSentence(sizing: CapacitySizing): string {
  if (sizing.options.length === 0)
    return `For ${formatRps(sizing.targetRps)} req/s on ${sizing.workload}: no topology passed a step, so there is nothing to size from.`;
  const clauses = sizing.options.map((option, index) => {
    const each = `${formatRps(option.perInstanceRps)}${index === 0 ? ' req/s' : ''} each`;
    const efficiency = option.scalingEfficiency === null || option.instances === 1 ? '' : `, ${formatPercent(option.scalingEfficiency)} efficiency`;
    const ideal = option.instances === 1 && option.scalingEfficiency !== null ? ', if scaling were perfect' : '';
    const atLeast = option.lowerBound ? ' at most' : '';
    return `${option.topology}${atLeast} ${option.instancesNeeded} ${option.instancesNeeded === 1 ? 'instance' : 'instances'} (${each}${efficiency}${ideal})`;
  });
  return `For ${formatRps(sizing.targetRps)} req/s on ${sizing.workload}: ${clauses.join('; ')}.`;
}
