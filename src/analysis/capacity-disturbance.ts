import type { ProbeSummary } from '../model.js';

/**
 * A step is disturbed when processes other than the deployment and loadlab used more than a
 * quarter of a core during it. A CPU-bound server's knee moves with the CPU it gets: on a
 * 2-core machine a quarter core taken by another job (a compiler, another test run) is enough
 * to fail a step at a rate the server sustains alone. Below that is the machine's background
 * (kernel threads, an idle shell) and sampling noise.
 */
export const disturbedCpuLimit = 0.25;

/**
 * CPU used by other processes over the measured phase, in cores: the host's busy CPU (from
 * /proc/stat, a fraction of all `cpus`) less the deployment's processes and loadlab's own.
 * Null when any of them is unknown. Never below 0 (the samples of the host and of the
 * processes are taken together but not at the same instant).
 */
export function othersCpu(probes: Pick<ProbeSummary, 'hostCpu' | 'processes'>, clientCpu: number | null, cpus: number): number | null {
  if (!probes.hostCpu || clientCpu === null || probes.processes.length === 0) return null;
  const ours = probes.processes.map((probe) => probe.cpu?.mean);
  if (ours.some((cpu) => cpu === undefined)) return null;
  const deployment = ours.reduce<number>((sum, cpu) => sum + (cpu ?? 0), 0);
  return Math.max(0, probes.hostCpu.mean * cpus - deployment - clientCpu);
}
