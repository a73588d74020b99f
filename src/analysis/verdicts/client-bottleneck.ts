import type { GeneratorHealth } from '../../contract/probes.js';
import type { TrialResult } from '../../contract/trial.js';
import { formatPercent } from '../../text/format.js';
import { judged, notEnoughData, type VerdictRule } from './judgement.js';
import { exitReason } from './process-exited.js';

/** The client is the bottleneck when its one core is this busy: the server was not pushed harder because the client could not. */
export const clientCpuLimit = 0.9;

/**
 * Warns when loadlab's own process was the bottleneck; passes otherwise. The judgement is the
 * probe summary's (its core 90% busy, or its event loop lagging 50 ms at p99): past that the
 * client could not send faster, so the server was not pushed as hard as planned and the figures
 * describe the client. value: the client's mean CPU in fractions of one core (null when only its
 * lag was measured), or with several generator threads the busiest thread's; limit: 0.9.
 */
export const clientBottleneck: VerdictRule = (trial, { environment }) => {
  const { client } = trial;
  const threads = client.generators ?? [];
  if (client.cpu === null && client.eventLoopDelayMs === null && threads.length === 0)
    return notEnoughData(clientCpuLimit, "loadlab's own process was not sampled");
  const value = threads.length > 0 ? (busiestGenerator(threads)?.cpu ?? null) : (client.cpu?.mean ?? null);
  if (client.bottleneck) {
    // A server process gone with nothing in its place: the client's effort went to requests nothing
    // answered. With an instance on every core, loadlab competes with the app for CPU; otherwise
    // its one process is simply at its limit.
    const exit = exitReason(trial, { measuredOnly: true, unreplaced: true });
    const advice = exit
      ? `${exit}; loadlab's effort after that went to requests nothing answered`
      : trial.instances >= environment.cpus
        ? 'leave loadlab a core of its own (fewer instances than cores)'
        : 'the server took at least this much: read its figures as a lower bound';
    const message = `${client.reason || 'the load generator was the bottleneck'} — ${advice}`;
    return value === null ? { status: 'warn', value, limit: clientCpuLimit, message } : judged('warn', value, clientCpuLimit, message);
  }
  if (threads.length > 0) return { status: 'pass', value, limit: clientCpuLimit, message: `loadlab kept up: ${describeGenerators(threads)}` };
  const busy = value === null ? 'not measured' : formatPercent(value);
  return { status: 'pass', value, limit: clientCpuLimit, message: `loadlab kept up: its own CPU ${busy} of a core` };
};

/** The load generator was the trial's bottleneck and no client-bottleneck verdict says so (a report of a version without it): a report says it under the run. */
export function bottleneckUnsaid(trial: TrialResult): boolean {
  return trial.client.bottleneck && !trial.verdicts.some((verdict) => verdict.id === 'client-bottleneck');
}

/** The generator thread that used the most CPU (undefined when none was measured). */
export function busiestGenerator(generators: readonly GeneratorHealth[]): GeneratorHealth | undefined {
  return generators.reduce<GeneratorHealth | undefined>(
    (busiest, generator) => ((generator.cpu ?? -1) > (busiest?.cpu ?? -1) ? generator : busiest),
    undefined,
  );
}

/** 'its 2 generator threads used 45% · 47% of a core each', shards named when there were some. */
export function describeGenerators(generators: readonly GeneratorHealth[]): string {
  const each = generators.map((generator) => {
    const cpu = generator.cpu === null ? 'not measured' : formatPercent(generator.cpu);
    return generator.shard === undefined ? cpu : `${cpu} (shard ${generator.shard})`;
  });
  return `its ${generators.length} generator threads used ${each.join(' · ')} of a core each`;
}
