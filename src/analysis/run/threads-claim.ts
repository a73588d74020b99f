import type { TrialResult } from '../../contract/trial.js';
import { formatBytes, formatLatency, formatPercent, formatRatio, missing, unavailable } from '../../text/format.js';
import { answeredLatency } from '../figures.js';

/** A workload of this name's ending is read as the worker-pool version of the workload named without it ('cpu-pool' of 'cpu'). */
export const poolSuffix = '-pool';

/** Within ±10% the pool and the processes did the same (as in the run's summary: two runs of one topology differ by a few percent). */
const sameWithin = { from: 0.9, to: 1.1 };

/**
 * "Threads or processes?" in a sentence per workload that has a pool version: against the
 * inline route in one process, what one process with its worker pool served, and what the
 * processes of each multi-process topology served on the inline route (and on the pool's, when
 * they ran it), each with its p99, then the memory of each and which way it came out. Pure; the
 * trials are one per topology × workload (the median repeat).
 */
export function threadsClaimSentences(trials: readonly TrialResult[]): string[] {
  const workloads = new Set(trials.map((trial) => trial.workload));
  return [...workloads].flatMap((pooled) => {
    const inline = pooled.endsWith(poolSuffix) ? pooled.slice(0, -poolSuffix.length) : '';
    return inline !== '' && workloads.has(inline) ? claimSentence(inline, pooled, trials) : [];
  });
}

function claimSentence(inline: string, pooled: string, trials: readonly TrialResult[]): string[] {
  const single = (workload: string) => trials.find((trial) => trial.workload === workload && trial.instances === 1 && trial.kind === 'single');
  const [base, pool] = [single(inline), single(pooled)];
  if (!base || !pool) return [];
  if (base.requests.total === 0) return [`On ${inline}, threads and processes could not be compared: the inline single process received no response.`];
  const ratio = (trial: TrialResult) => formatRatio(trial.requests.rps / base.requests.rps);
  const processes = trials.filter((trial) => trial.workload === inline && trial.instances > 1);
  const pooledProcesses = trials.filter((trial) => trial.workload === pooled && trial.instances > 1);
  const against = [
    ...processes.map((trial) => `${ratio(trial)} for ${processesName(trial)} at p99 ${p99(trial)}`),
    ...pooledProcesses.map((trial) => `${ratio(trial)} for ${processesName(trial)} with a pool in each at p99 ${p99(trial)}`),
  ];
  const served = `one process with a worker pool${poolSplit(pool)} served ${ratio(pool)} the inline single process at p99 ${p99(pool)}`;
  const memory =
    processes.length > 0 ? `; memory ${rss(pool)} against ${processes.map((trial) => `${rss(trial)} for ${processesName(trial)}`).join(', ')}` : '';
  const outcome = processes[0] ? `: ${verdict(pool, processes[0])}` : '';
  return [
    `On ${inline}, ${served}${against.length > 0 ? `, against ${against.join(', ')}` : ''}${memory}${outcome}${caveat([base, pool, ...processes, ...pooledProcesses])}.`,
  ];
}

/** As in the run's summary: figures of a trial whose load generator was at its limit describe the generator. */
function caveat(trials: readonly TrialResult[]): string {
  const limited = trials.filter((trial) => trial.client.bottleneck).map((trial) => `${processesName(trial)} on ${trial.workload}`);
  return limited.length > 0 ? `, but loadlab itself was the bottleneck on ${limited.join(', ')}, so those figures describe the load generator` : '';
}

/** ' (pool threads 180%, main thread 12%)': where the pooled process's CPU went, when its threads were read. */
function poolSplit(trial: TrialResult): string {
  const threads = trial.probes.processes.find((probe) => probe.role === 'instance')?.threads;
  return threads ? ` (pool threads ${formatPercent(threads.others.mean)}, main thread ${formatPercent(threads.main.mean)})` : '';
}

/** Which did more: the pool in one process, or the processes. */
function verdict(pool: TrialResult, processes: TrialResult): string {
  if (pool.requests.total === 0 || processes.requests.total === 0) return 'one of them received no response';
  const ratio = pool.requests.rps / processes.requests.rps;
  if (ratio >= sameWithin.from && ratio <= sameWithin.to) return `the pool did as much as ${processesName(processes)}`;
  return ratio > 1
    ? `the pool served ${formatRatio(ratio)} what ${processesName(processes)} did`
    : `${processesName(processes)} served ${formatRatio(1 / ratio)} what the pool did`;
}

/** 'cluster ×2'; 'single' for one process. */
function processesName(trial: TrialResult): string {
  return trial.instances === 1 ? trial.topology : `${trial.topology} ×${trial.instances}`;
}

function p99(trial: TrialResult): string {
  const latency = answeredLatency(trial);
  return latency === null ? missing : formatLatency(latency.p99);
}

function rss(trial: TrialResult): string {
  return trial.probes.totals.rssBytes === null ? unavailable : formatBytes(trial.probes.totals.rssBytes);
}
