import type { ProcessProbe } from '../../contract/probes.js';
import type { TrialResult } from '../../contract/trial.js';
import { formatPercent } from '../../text/format.js';
import { formatSeconds, judged, listNames, measuredPoints, notEnoughData, processName, type VerdictContext, type VerdictRule, withExits } from './judgement.js';
import { describeThreadSplit, threadSplit } from './thread-split.js';

/**
 * Warns when a server process was above scaleWhen.cpu of a core for most of the measured phase
 * (more than half of its CPU samples there); passes otherwise. value: the highest, over the
 * processes, of the level that more than half of a process's samples exceed (its lower median),
 * so value > limit is exactly "above the limit in most samples"; limit: scaleWhen.cpu; both in
 * fractions of one core. Default 0.8: a process runs its JavaScript on one thread, and as it
 * nears a whole core each request's time in the queue grows as 1 ÷ (1 − busy): at 80% a request
 * already takes five times its own work, and what is left is the headroom for bursts and GC.
 * Where the busy processes' threads were read, the message says which thread did the work, and
 * when a worker pool carried it, that more cores (not instances) help.
 */
export const scaleCpu: VerdictRule = (trial, context) => {
  const limit = context.scenario.scaleWhen.cpu;
  const judgedProcesses = trial.probes.processes.flatMap((probe) => {
    const samples = measuredPoints(trial, probe.series).flatMap((point) => (point.cpu === null ? [] : [point.cpu]));
    return samples.length === 0 ? [] : [{ probe, samples, level: lowerMedian(samples) }];
  });
  if (judgedProcesses.length === 0) return notEnoughData(limit, withExits(trial, 'no CPU sample of a server process in the measured phase'));
  const value = Math.max(...judgedProcesses.map((entry) => entry.level));
  const busy = judgedProcesses.filter((entry) => entry.level > limit);
  if (busy.length === 0) return judged('pass', value, limit, `no process was above ${formatPercent(limit)} of a core for most of the measured phase`);
  const names = busy.map(({ probe, samples }) => busyDescription(trial, probe, samples, limit));
  const split = threadSplits(
    trial,
    busy.map((entry) => entry.probe),
  );
  if (split.pooled)
    return judged('warn', value, limit, `${listNames(names)} — ${split.text}; more cores help ${busy.length === 1 ? 'this process' : 'these processes'}`);
  return judged('warn', value, limit, `${listNames(names)} — ${split.text === '' ? '' : `${split.text}; `}${advice(trial, context)}`);
};

/**
 * Where the busy processes' CPU went, when their threads were read. A process whose other
 * threads carry the work (a worker pool) uses more than one core: more instances are not the
 * only way up for it, more cores are.
 */
function threadSplits(trial: TrialResult, busy: readonly ProcessProbe[]): { text: string; pooled: boolean } {
  const known = busy.flatMap((probe) => (probe.threads ? [{ probe, threads: probe.threads }] : []));
  const named = known.length > 1;
  const text = known
    .slice(0, 3)
    .map(({ probe, threads }) => `${named ? `${processName(probe, trial.probes.processes)}: ` : ''}${describeThreadSplit(threads)}`)
    .join('; ');
  return { text, pooled: known.length === busy.length && known.every(({ threads }) => threadSplit(threads) === 'pool') };
}

/** 'worker 2 (pid 6110) at 97% CPU for 9 of 10 s': the mean of its samples above the limit, and the time they cover. */
function busyDescription(trial: TrialResult, probe: ProcessProbe, samples: readonly number[], limit: number): string {
  const above = samples.filter((cpu) => cpu > limit);
  const level = above.reduce((sum, cpu) => sum + cpu, 0) / above.length;
  const phaseSeconds = trial.phases.measured.durationMs / 1000;
  const seconds = Math.min(phaseSeconds, (above.length * trial.probes.intervalMs) / 1000);
  return `${processName(probe, trial.probes.processes)} at ${formatPercent(level)} CPU for ${formatSeconds(seconds)} of ${formatSeconds(phaseSeconds)} s`;
}

function advice(trial: TrialResult, { environment }: VerdictContext): string {
  const instances = `${trial.instances} ${trial.instances === 1 ? 'instance' : 'instances'} on ${environment.cpus} cores`;
  return trial.instances < environment.cpus
    ? `CPU-bound; more instances help only while cores are free (${instances})`
    : `CPU-bound with an instance on every core already (${instances}): more instances will not help; make each request cheaper, or add machines`;
}

/** The ⌈n/2⌉-th smallest sample: more than half of the samples exceed a level exactly when this one does. */
function lowerMedian(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.ceil(sorted.length / 2) - 1] ?? 0;
}
