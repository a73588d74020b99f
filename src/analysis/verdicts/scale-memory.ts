import type { Environment } from '../../contract/common.js';
import type { ProcessProbe } from '../../contract/probes.js';
import type { TrialResult } from '../../contract/trial.js';
import { formatBytes, formatPercent } from '../../text/format.js';
import { judged, notEnoughData, processName, type VerdictRule, withExits } from './judgement.js';

/** Peak RSS against one memory limit. */
interface Budget {
  who: string;
  usedBytes: number;
  limitBytes: number;
  /** The limit in words, for the message. */
  of: string;
}

/**
 * Warns when peak RSS reaches scaleWhen.memory of its limit; passes below. The limit: the
 * cgroup's when one binds (it holds all the processes together, so their peaks are summed);
 * else each process's V8 heap limit as reported by the agent (a proxy, and the message says
 * so: RSS also counts buffers and code outside the heap) and the machine's memory for all
 * together. value: the highest used share of any of these limits; limit: scaleWhen.memory.
 * Default 0.9: the last 10% go quickly under load (a GC cycle, a burst of buffered bodies), and
 * past the limit the kernel's OOM killer or V8's heap-out-of-memory ends the process mid-request.
 */
export const scaleMemory: VerdictRule = (trial, { scenario, environment }) => {
  const limit = scenario.scaleWhen.memory;
  const measured = trial.probes.processes.filter((probe) => probe.rssBytes !== null);
  if (measured.length === 0) return notEnoughData(limit, withExits(trial, 'no memory (RSS) sample of a server process in the measured phase'));
  const budgets = budgetsOf(trial, measured, environment).filter((budget) => budget.limitBytes > 0);
  const share = (budget: Budget) => budget.usedBytes / budget.limitBytes;
  const worst = budgets.reduce((highest, budget) => (share(budget) > share(highest) ? budget : highest));
  const value = share(worst);
  const text = `${worst.who} peaked at ${formatBytes(worst.usedBytes)} RSS, ${formatPercent(value)} of ${worst.of}`;
  return value >= limit
    ? judged('warn', value, limit, `${text} — close to running out: give it more memory, or find what holds it`)
    : judged('pass', value, limit, text);
};

function budgetsOf(trial: TrialResult, measured: readonly ProcessProbe[], environment: Environment): Budget[] {
  const peak = (probe: ProcessProbe) => probe.rssBytes?.max ?? 0;
  const total = measured.reduce((sum, probe) => sum + peak(probe), 0);
  const [only] = measured;
  const together = measured.length === 1 && only ? processName(only, trial.probes.processes) : `the ${measured.length} server processes together`;
  if (environment.memoryLimitSource === 'cgroup' && environment.memoryLimitBytes !== undefined) {
    return [
      {
        who: together,
        usedBytes: total,
        limitBytes: environment.memoryLimitBytes,
        of: `the cgroup memory limit (${formatBytes(environment.memoryLimitBytes)})`,
      },
    ];
  }
  const heap = measured.flatMap((probe): Budget[] =>
    probe.heapLimitBytes === null
      ? []
      : [
          {
            who: processName(probe, trial.probes.processes),
            usedBytes: peak(probe),
            limitBytes: probe.heapLimitBytes,
            of: `its V8 heap limit (${formatBytes(probe.heapLimitBytes)}; a proxy: RSS also counts buffers and code outside the heap)`,
          },
        ],
  );
  const physical = environment.memoryLimitBytes ?? environment.memoryBytes;
  return [...heap, { who: together, usedBytes: total, limitBytes: physical, of: `the machine's memory (${formatBytes(physical)})` }];
}
