import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  attackRules,
  exitRules,
  judgeTrial,
  openModelRules,
  spreadFlowRules,
  spreadRules,
  verdictRules,
  type VerdictContext,
  type VerdictId,
} from '../../../src/analysis/verdicts/index.js';
import { distributionOf } from '../../../src/analysis/figures.js';
import type { Environment } from '../../../src/contract/common.js';
import type { ProcessProbe } from '../../../src/contract/probes.js';
import type { ProcessExitEvent, TrialResult } from '../../../src/contract/trial.js';
import type { VerdictStatus } from '../../../src/contract/verdict.js';
import type { ProcessRole } from '../../../src/contract/vocabulary.js';
import { threadSplit, type ThreadSplit } from '../../../src/analysis/verdicts/thread-split.js';
import { topologies } from '../../../src/deploy/topologies/index.js';
import { makeReport } from '../../fixtures/report-fixture.js';
import { emptyProbe } from '../../helpers/process-probe.js';
import { answered } from '../../helpers/latency.js';

const MiB = 1024 ** 2;
const physical: Environment = {
  node: 'v20.19.0',
  os: 'Linux 6.8.0 x64',
  cpus: 8,
  cpuModel: 'test',
  memoryBytes: 16_000 * MiB,
  memoryLimitBytes: 16_000 * MiB,
  memoryLimitSource: 'physical',
};
const context: VerdictContext = {
  scenario: { slo: { p50: 100, p99: 150 }, scaleWhen: { cpu: 0.8, latencyMs: 500, memory: 0.9, connectionsPerInstance: 10_000 }, errorTolerance: 0 },
  environment: physical,
  topologies,
};

/** single on cpu from the fixture: 5 s measured, samples every 1 s; each case changes what it judges. */
function trialWith(change: (trial: TrialResult) => void): TrialResult {
  const trial = structuredClone(makeReport().trials[0]) as TrialResult;
  change(trial);
  return trial;
}

/** A process with the given CPU samples at t = 1, 2, 3 … s, and every other figure empty unless given. */
function processWith(pid: number, role: ProcessRole, cpu: (number | null)[], extra: Partial<ProcessProbe> = {}): ProcessProbe {
  return emptyProbe(pid, role, { series: cpu.map((value, index) => ({ t: index + 1, cpu: value, rssBytes: 0, fds: 0, connections: 0 })), ...extra });
}

function withProcesses(...processes: ProcessProbe[]): (trial: TrialResult) => void {
  return (trial) => {
    trial.probes.processes = processes;
  };
}

interface Case {
  title: string;
  change: (trial: TrialResult) => void;
  status: VerdictStatus;
  value?: number | null;
  limit?: number;
  message?: RegExp;
  context?: VerdictContext;
}

const noResponse = (trial: TrialResult) => {
  trial.requests = { ...trial.requests, total: 0, rps: 0, statusCodes: {}, bytes: 0 };
  trial.latencyMs = { p50: 0, p90: 0, p99: 0, p999: 0, max: 0, mean: 0, stdev: 0 };
};
const latency = (percentile: 'p50' | 'p99', ms: number) => (trial: TrialResult) => {
  answered(trial.latencyMs)[percentile] = ms;
};
const withCgroup = (limitBytes: number): VerdictContext => ({
  ...context,
  environment: { ...physical, memoryLimitBytes: limitBytes, memoryLimitSource: 'cgroup' },
});
const rss = (pid: number, peakMiB: number, heapLimitBytes: number | null = null) =>
  processWith(pid, 'worker', [0.1], { rssBytes: { mean: peakMiB * MiB, max: peakMiB * MiB }, heapLimitBytes });
const connections = (pid: number, role: ProcessRole, peak: number) => processWith(pid, role, [0.1], { connections: { mean: peak, max: peak } });
const delay = (pid: number, median: number, max: number) => processWith(pid, 'worker', [0.1], { eventLoopDelayMs: { mean: median, max, p99: max } });
const counts = (total: number, errors: number, timeouts: number, non2xx: number) => (trial: TrialResult) => {
  trial.requests = { ...trial.requests, total, errors, timeouts, non2xx };
};

/** The fixture's instance (pid 41000) exited at `atMs` of the measured phase (negative: the warm-up). */
function exitOf(atMs: number, extra: Partial<ProcessExitEvent> = {}): ProcessExitEvent {
  return {
    kind: 'process-exit',
    pid: 41_000,
    role: 'instance',
    code: null,
    signal: 'SIGKILL',
    atMs,
    phase: atMs >= 0 ? 'measured' : 'warmup',
    during: null,
    replacedBy: null,
    ...extra,
  };
}
/** The trial's errors, one count a second of its 5 s series, and its exits. */
const exitsWithErrors =
  (errorsPerSecond: number[], ...exits: ProcessExitEvent[]) =>
  (trial: TrialResult) => {
    trial.series = trial.series.map((point, t) => ({ ...point, errors: errorsPerSecond[t] ?? 0 }));
    trial.requests = { ...trial.requests, errors: errorsPerSecond.reduce((sum, count) => sum + count, 0) };
    trial.events = exits;
  };

const cases: Record<VerdictId, Case[]> = {
  'slo-p50': [
    { title: 'exactly at the target', change: latency('p50', 100), status: 'pass', value: 100, limit: 100 },
    { title: 'just below', change: latency('p50', 99.99), status: 'pass' },
    { title: 'just above', change: latency('p50', 100.01), status: 'fail', message: /^p50 100.01 ms is above the 100 ms target$/ },
    { title: 'no response', change: noResponse, status: 'no-data', message: /no response was received/ },
  ],
  'slo-p99': [
    { title: 'exactly at the target', change: latency('p99', 150), status: 'pass', value: 150, limit: 150 },
    { title: 'just below', change: latency('p99', 149.99), status: 'pass' },
    { title: 'just above', change: latency('p99', 150.01), status: 'fail', message: /above the 150 ms target/ },
    { title: 'no response', change: noResponse, status: 'no-data' },
  ],
  'scale-cpu': [
    {
      title: 'every sample exactly at the limit',
      change: withProcesses(processWith(1, 'instance', [0.8, 0.8, 0.8, 0.8, 0.8])),
      status: 'pass',
      value: 0.8,
      limit: 0.8,
    },
    {
      title: 'just above in 3 of 5 samples',
      change: withProcesses(processWith(1, 'instance', [0.81, 0.2, 0.81, 0.2, 0.81])),
      status: 'warn',
      value: 0.81,
      message: /^instance \(pid 1\) at 81% CPU for 3 of 5 s — CPU-bound; more instances help only while cores are free \(1 instance on 8 cores\)$/,
    },
    { title: 'just below in every sample', change: withProcesses(processWith(1, 'instance', [0.79, 0.79, 0.79, 0.79, 0.79])), status: 'pass' },
    { title: 'above in half the samples is not most', change: withProcesses(processWith(1, 'instance', [1, 1, 0.1, 0.1])), status: 'pass', value: 0.1 },
    {
      title: 'a busy primary counts like any process',
      change: withProcesses(processWith(1, 'primary', [0.9, 0.9, 0.9]), processWith(2, 'worker', [0.1, 0.1, 0.1])),
      status: 'warn',
      message: /^primary \(pid 1\) at 90% CPU/,
    },
    {
      title: 'samples outside the measured phase do not count',
      change: withProcesses({
        ...processWith(1, 'instance', []),
        series: [0, 0.4, 6, 7]
          .map((t) => ({ t, cpu: 1, rssBytes: 0, fds: 0, connections: 0 }))
          .concat([{ t: 2, cpu: 0.1, rssBytes: 0, fds: 0, connections: 0 }]),
      }),
      status: 'pass',
      value: 0.1,
    },
    {
      title: 'no CPU sample (the first sample of a process has none)',
      change: withProcesses(processWith(1, 'instance', [null, null])),
      status: 'no-data',
      message: /no CPU sample/,
    },
    { title: 'probes off: no process', change: withProcesses(), status: 'no-data' },
  ],
  'scale-latency': [
    { title: 'exactly at the limit', change: latency('p99', 500), status: 'pass', value: 500, limit: 500 },
    { title: 'just below', change: latency('p99', 499.9), status: 'pass' },
    {
      title: 'just above',
      change: latency('p99', 500.1),
      status: 'fail',
      message: /^p99 500.1 ms is above 500 ms: simple requests this slow are queueing — scale out, or fix what makes them slow$/,
    },
    { title: 'no response', change: noResponse, status: 'no-data' },
  ],
  'scale-memory': [
    {
      title: 'cgroup: the processes together exactly at 90% of it',
      change: withProcesses(rss(1, 500), rss(2, 400)),
      context: withCgroup(1000 * MiB),
      status: 'warn',
      value: 0.9,
      limit: 0.9,
      message: /^the 2 server processes together peaked at 900\.0 MiB RSS, 90% of the cgroup memory limit \(1000\.0 MiB\) — close to running out/,
    },
    { title: 'cgroup: just below', change: withProcesses(rss(1, 500), rss(2, 399)), context: withCgroup(1000 * MiB), status: 'pass' },
    { title: 'cgroup: just above', change: withProcesses(rss(1, 500), rss(2, 401)), context: withCgroup(1000 * MiB), status: 'warn' },
    {
      title: 'no cgroup: a process against its V8 heap limit, said to be a proxy',
      change: withProcesses(rss(1, 900, 1000 * MiB), rss(2, 10, 1000 * MiB)),
      status: 'warn',
      value: 0.9,
      message:
        /^worker 1 \(pid 1\) peaked at 900\.0 MiB RSS, 90% of its V8 heap limit \(1000\.0 MiB; a proxy: RSS also counts buffers and code outside the heap\)/,
    },
    { title: 'no cgroup: just below its heap limit', change: withProcesses(rss(1, 899, 1000 * MiB)), status: 'pass' },
    {
      title: 'no cgroup, no heap limit: all together against physical memory',
      change: withProcesses(rss(1, 7200), rss(2, 7200)),
      status: 'warn',
      value: 0.9,
      message: /^the 2 server processes together peaked at 14\.1 GiB RSS, 90% of the machine's memory \(15\.6 GiB\)/,
    },
    { title: 'no cgroup, no heap limit: just below', change: withProcesses(rss(1, 7199), rss(2, 7200)), status: 'pass' },
    { title: 'no memory figure', change: withProcesses(processWith(1, 'instance', [0.5])), status: 'no-data', message: /no memory \(RSS\) sample/ },
  ],
  'scale-connections': [
    { title: 'exactly at the limit', change: withProcesses(connections(1, 'instance', 10_000)), status: 'pass', value: 10_000, limit: 10_000 },
    { title: 'just below', change: withProcesses(connections(1, 'instance', 9_999)), status: 'pass' },
    {
      title: 'just above, on the second worker',
      change: withProcesses(connections(1, 'worker', 50), connections(2, 'worker', 10_001)),
      status: 'warn',
      value: 10_001,
      message: /^worker 2 \(pid 2\) held 10,001 connections, more than 10,000 on one process — spread them over more instances$/,
    },
    {
      title: 'a balancer holding many is its job',
      change: withProcesses(connections(1, 'balancer', 20_000), connections(2, 'instance', 100)),
      status: 'pass',
      value: 100,
    },
    { title: 'no connection count', change: withProcesses(processWith(1, 'instance', [0.5])), status: 'no-data' },
  ],
  'event-loop': [
    {
      title: 'no delay measured while a process that did not exit served too: the exit is not the reason',
      change: (trial) => {
        withProcesses(processWith(41_000, 'instance', []))(trial);
        exitsWithErrors([0, 0, 0, 0, 0], exitOf(200))(trial);
        trial.processes.push({ pid: 41_002, role: 'instance' });
      },
      status: 'no-data',
      message: /no event-loop delay was measured \(it needs the in-app agent in the server processes\)$/,
    },
    {
      title: 'no delay measured because the process was killed: the kill is the reason, not a missing agent',
      change: (trial) => {
        withProcesses(processWith(41_000, 'instance', []))(trial);
        exitsWithErrors([0, 0, 0, 0, 0], exitOf(200))(trial);
      },
      status: 'no-data',
      message:
        /^not enough data: no event-loop delay was measured: instance 41000 was killed by SIGKILL 200 ms into the measured phase \(see process-exited\)$/,
    },
    {
      title: 'median exactly 10 ms',
      change: withProcesses(delay(1, 10, 20)),
      status: 'warn',
      value: 10,
      limit: 10,
      message: /^worker \(pid 1\) median 10\.0 ms, highest 20\.0 ms: the loop is blocked/,
    },
    { title: 'median just below', change: withProcesses(delay(1, 9.99, 20)), status: 'pass', value: 9.99 },
    { title: 'median just above', change: withProcesses(delay(1, 10.01, 20)), status: 'warn' },
    {
      title: 'a stall of exactly 100 ms',
      change: withProcesses(delay(1, 1, 100)),
      status: 'warn',
      value: 100,
      limit: 100,
      message: /the loop stalls now and then/,
    },
    { title: 'a stall just below 100 ms', change: withProcesses(delay(1, 1, 99.9)), status: 'pass' },
    { title: 'a stall just above 100 ms', change: withProcesses(delay(1, 1, 100.1)), status: 'warn', value: 100.1 },
    {
      title: 'the median decides the value when both are over',
      change: withProcesses(delay(1, 12, 30), delay(2, 1, 150)),
      status: 'warn',
      value: 12,
      limit: 10,
      message: /blocked .*; worker 2 \(pid 2\) median 1\.00 ms, highest 150 ms: the loop stalls/,
    },
    { title: 'no in-app agent', change: withProcesses(processWith(1, 'instance', [0.5])), status: 'no-data', message: /in-app agent/ },
    {
      title: 'a closed-model p99 far under the stall: the message says it hides it',
      change: (trial) => {
        withProcesses(delay(1, 1, 1000))(trial);
        trial.latencyMs = { ...answered(trial.latencyMs), p99: 2.1 };
      },
      status: 'warn',
      value: 1000,
      message:
        /the loop stalls now and then .*; this closed-model run's p99 of 2\.10 ms hides that: .* \(coordinated omission\) — set a rate \(open model\) to see what they wait$/,
    },
    {
      title: 'a closed-model p99 at a quarter of the stall does not hide it',
      change: (trial) => {
        withProcesses(delay(1, 1, 400))(trial);
        trial.latencyMs = { ...answered(trial.latencyMs), p99: 100 };
      },
      status: 'warn',
      message: /the loop stalls now and then — look for synchronous work \(large JSON, sync fs, crypto\) or long GC pauses$/,
    },
    {
      title: 'a stall under 250 ms is not said to be hidden, however low the p99',
      change: (trial) => {
        withProcesses(delay(1, 1, 249))(trial);
        trial.latencyMs = { ...answered(trial.latencyMs), p99: 1 };
      },
      status: 'warn',
      message: /or long GC pauses$/,
    },
    {
      title: 'a 250 ms stall under a p99 just below a quarter of it is',
      change: (trial) => {
        withProcesses(delay(1, 1, 250))(trial);
        trial.latencyMs = { ...answered(trial.latencyMs), p99: 62.4 };
      },
      status: 'warn',
      message: /this closed-model run's p99 of 62\.4 ms hides that/,
    },
    {
      title: "a primary's stall is not a served request's: no such words",
      change: (trial) => {
        withProcesses(processWith(9, 'primary', [0.1], { eventLoopDelayMs: { mean: 1, max: 1000, p99: 1000 } }), delay(1, 1, 2))(trial);
        trial.latencyMs = { ...answered(trial.latencyMs), p99: 2.1 };
      },
      status: 'warn',
      message: /or long GC pauses$/,
    },
    {
      title: 'a trial an event disturbed (a new worker stalls while it loads): no such words',
      change: (trial) => {
        withProcesses(delay(1, 1, 1000))(trial);
        trial.latencyMs = { ...answered(trial.latencyMs), p99: 2.1 };
        trial.events = [{ action: 'reload', atMs: 1000, startedMs: 1000, endedMs: 2000, status: 'done', detail: '' }];
      },
      status: 'warn',
      message: /or long GC pauses$/,
    },
    {
      title: 'an open-model run shows the stall in its own latency: no such words',
      change: (trial) => {
        withProcesses(delay(1, 1, 1000))(trial);
        trial.latencyMs = { ...answered(trial.latencyMs), p99: 2.1 };
        trial.load = { ...trial.load, model: 'open', rate: 100 };
      },
      status: 'warn',
      message: /or long GC pauses$/,
    },
  ],
  errors: [
    { title: 'none', change: counts(1000, 0, 0, 0), status: 'pass', value: 0, limit: 0, message: /^no errors, timeouts or non-2xx responses$/ },
    {
      title: 'one, with no tolerance',
      change: counts(999, 1, 1, 0),
      status: 'fail',
      value: 1 / 1000,
      message: /^1 of 1,000 requests failed \(0\.1%\): 1 error \(1 timeout\), 0 non-2xx — fix them/,
    },
    {
      title: 'exactly at a 1% tolerance',
      change: counts(1000, 0, 0, 10),
      context: { ...context, scenario: { ...context.scenario, errorTolerance: 0.01 } },
      status: 'pass',
      value: 0.01,
      limit: 0.01,
      message: /within the 1\.0% tolerance$/,
    },
    {
      title: 'just below a 1% tolerance',
      change: counts(1000, 0, 0, 9),
      context: { ...context, scenario: { ...context.scenario, errorTolerance: 0.01 } },
      status: 'pass',
    },
    {
      title: 'just above a 1% tolerance',
      change: counts(1000, 0, 0, 11),
      context: { ...context, scenario: { ...context.scenario, errorTolerance: 0.01 } },
      status: 'fail',
      message: /11 non-2xx, above the 1\.0% tolerance/,
    },
    { title: 'a timeout counts once (it is among the errors)', change: counts(98, 2, 2, 0), status: 'fail', value: 2 / 100 },
    { title: 'nothing attempted', change: counts(0, 0, 0, 0), status: 'no-data' },
    {
      title: "errors after an instance was killed name its exit, not the latency's trust",
      change: exitsWithErrors([0, 500, 500, 0, 0], exitOf(1500)),
      status: 'fail',
      message: /0 non-2xx — instance 41000 was killed by SIGKILL 1\.5 s into the measured phase \(see process-exited\)$/,
    },
  ],
  'process-exited': [
    {
      title: 'the instance killed 1.5 s into the measured phase: the errors after it are explained',
      change: exitsWithErrors([0, 12_000, 13_622, 0, 0], exitOf(1500)),
      status: 'fail',
      value: 1,
      limit: 0,
      message: /^instance 41000 was killed by SIGKILL 1\.5 s into the measured phase; the 25,622 errors from then on are requests to a process that was gone$/,
    },
    {
      title: 'errors before the exit are not counted as its own',
      change: exitsWithErrors([5, 0, 0, 7, 0], exitOf(2200, { code: 1, signal: null })),
      status: 'fail',
      message: /^instance 41000 exited with code 1 2\.2 s into the measured phase; 7 of the 12 errors from then on/,
    },
    {
      title: 'a worker the primary replaced, no error after it',
      change: exitsWithErrors(
        [0, 0, 0, 0, 0],
        exitOf(800, { role: 'worker', replacedBy: { pid: 41_002, by: 'the cluster primary' } }),
        exitOf(900, { pid: 41_003, role: 'worker', replacedBy: { pid: 41_004, by: 'the cluster primary' } }),
      ),
      status: 'fail',
      value: 2,
      message:
        /^worker 41000 was killed by SIGKILL 800 ms into the measured phase; the cluster primary started 41002 in its place; no request failed after it \(and 1 more exit: see the timeline\)$/,
    },
    {
      title: 'a replaced worker, then the primary: the primary, which nothing replaced, explains the errors',
      change: exitsWithErrors(
        [0, 40, 900, 900, 900],
        exitOf(1200, { pid: 41_001, role: 'worker', replacedBy: { pid: 41_002, by: 'the cluster primary' } }),
        exitOf(2100, { pid: 41_000, role: 'primary' }),
      ),
      status: 'fail',
      value: 2,
      message:
        /^primary 41000 was killed by SIGKILL 2\.1 s into the measured phase; 2,700 of the 2,740 errors from then on are requests to a process that was gone \(and 1 more exit: see the timeline\)$/,
    },
    {
      title: 'an instance gone before the trial, nothing in its place: the whole trial ran without it',
      change: exitsWithErrors([300, 300, 300, 300, 300], exitOf(-4000, { phase: 'before' })),
      status: 'fail',
      message:
        /^instance 41000 was killed by SIGKILL before this trial began, and nothing took its place; the 1,500 errors from then on are requests to a process that was gone$/,
    },
    {
      title: 'an exit in the warm-up is a warning',
      change: exitsWithErrors([0, 0, 0, 0, 0], exitOf(-300, { code: 0, signal: null })),
      status: 'warn',
      message: /^instance 41000 exited with code 0 in the warm-up, 300 ms before the measured phase: the measured phase ran without it$/,
    },
    {
      title: "an exit the scenario's kill-worker caused reads as planned",
      change: exitsWithErrors([0, 3, 0, 0, 0], exitOf(1010, { role: 'worker', during: 'kill-worker', replacedBy: { pid: 7, by: 'the cluster primary' } })),
      status: 'pass',
      value: 0,
      message:
        /^1 process exited, as the scenario's events meant \(kill-worker\): worker 41000 was killed by SIGKILL 1 s into the measured phase during the kill-worker event; the cluster primary started 7 in its place$/,
    },
  ],
  'client-bottleneck': [
    { title: 'a client that kept up', change: () => {}, status: 'pass', value: 0.41, limit: 0.9 },
    {
      title: 'a client at its limit',
      change: (trial) => {
        trial.client = { ...trial.client, cpu: { mean: 0.95, max: 1 }, bottleneck: true, reason: "loadlab's own process used 95% of a core" };
      },
      status: 'warn',
      value: 0.95,
      message: /^loadlab's own process used 95% of a core — the server took at least this much: read its figures as a lower bound$/,
    },
    {
      title: 'a client at its limit beside an instance on every core',
      change: (trial) => {
        trial.instances = 8;
        trial.client = { ...trial.client, cpu: { mean: 0.95, max: 1 }, bottleneck: true, reason: "loadlab's own process used 95% of a core" };
      },
      status: 'warn',
      message: /— leave loadlab a core of its own \(fewer instances than cores\)$/,
    },
    {
      title: 'a client not sampled',
      change: (trial) => {
        trial.client = { cpu: null, eventLoopDelayMs: null, bottleneck: false, reason: '' };
      },
      status: 'no-data',
    },
    {
      title: 'two generator threads that kept up, the process above one core: judged by the busier thread',
      change: (trial) => {
        trial.client = {
          ...trial.client,
          cpu: { mean: 1.3, max: 1.4 },
          generators: [
            { generator: 1, cpu: 0.62 },
            { generator: 2, cpu: 0.66 },
          ],
        };
      },
      status: 'pass',
      value: 0.66,
      message: /^loadlab kept up: its 2 generator threads used 62% · 66% of a core each$/,
    },
    {
      title: 'one generator thread of three at its limit',
      change: (trial) => {
        trial.client = {
          ...trial.client,
          bottleneck: true,
          reason: "loadlab's generator thread 2 used 93% of a core",
          generators: [
            { generator: 1, cpu: 0.4 },
            { generator: 2, cpu: 0.93 },
            { generator: 3, cpu: null },
          ],
        };
      },
      status: 'warn',
      value: 0.93,
    },
  ],
  'memory-growth': [
    { title: 'flat RSS', change: withProcesses(rssSeries(1, [50, 50, 50, 50, 50])), status: 'pass', value: 0, limit: 0.1 },
    {
      title: 'RSS climbing 10 MiB a second from 50 MiB',
      change: withProcesses(rssSeries(1, [60, 70, 80, 90, 100])),
      status: 'warn',
      message: /^worker \(pid 1\): RSS grows 10 MiB\/s \(at least 10 MiB\/s; 60\.0 MiB → 100\.0 MiB over 4 s\): a leak or a cache without bound/,
    },
    {
      title: 'two samples, the last long before the phase ended: the process exited, and the verdict says so',
      change: withProcesses(rssSeries(1, [50, 90])),
      status: 'no-data',
      message: /^not enough data: no trend: worker \(pid 1\) exited 2 s into the measured phase$/,
    },
  ],
  'arrival-rate': [
    {
      title: 'exactly 95% of the rate asked for',
      change: openAt(200, 190, 0),
      status: 'pass',
      value: 0.95,
      limit: 0.95,
      message: /^sent 190 of the 200 req\/s asked for$/,
    },
    {
      title: 'just under 95%, with drops',
      change: openAt(200, 189.8, 12),
      status: 'warn',
      value: 189.8 / 200,
      message:
        /^sent 190 of the 200 req\/s asked for \(5% short, 12 requests dropped\): the server \(or maxConnections\) could not keep up — the latencies describe a lower load than asked for$/,
    },
    { title: 'half the rate', change: openAt(1000, 500, 0), status: 'warn', value: 0.5, message: /\(50% short\)/ },
    { title: 'errors are sent requests too: judged by the send rate, not the answers', change: openAt(200, 150, 0, 199), status: 'pass', value: 199 / 200 },
    { title: 'no rate (closed model)', change: () => {}, status: 'no-data' },
  ],
  slowloris: [
    {
      title: 'nothing changed: resists',
      change: underAttack(1000, 50, 990, 52),
      status: 'pass',
      value: 0.99,
      limit: 0.8,
      message: /^resists: beside 200 slow connections/,
    },
    { title: 'p99 doubled and 10 ms more: degrades', change: underAttack(1000, 20, 950, 40), status: 'warn', value: 2, limit: 2, message: /^degrades: / },
    { title: 'p99 doubled, but by less than 10 ms: resists', change: underAttack(1000, 2, 950, 5), status: 'pass' },
    {
      title: 'under half the throughput: falls over',
      change: underAttack(1000, 20, 400, 30),
      status: 'fail',
      value: 0.4,
      limit: 0.5,
      message: /^falls over: .*server\.headersTimeout/,
    },
    { title: 'no attack', change: () => {}, status: 'no-data' },
  ],
  // judged in full in flow-state.test.ts
  'flow-state': [
    { title: 'a workload that is no flow', change: () => {}, status: 'no-data' },
    {
      title: 'a cart failing after a passing login',
      change: (trial) => {
        trial.flow = { users: 10 };
        trial.byRequest = {
          login: { requests: { total: 10, rps: 2 }, latencyMs: null, errors: 0, checksFailed: 0, checked: 10 },
          cart: { requests: { total: 10, rps: 2 }, latencyMs: null, errors: 5, checksFailed: 5, checked: 10 },
        };
      },
      status: 'fail',
      value: 0.5,
    },
  ],
  balance: [
    { title: 'an even split of 8 workers', change: sharedBy([1, 1, 1, 1, 1, 1, 1, 1]), status: 'pass', value: 1, limit: 1.5 },
    {
      title: '41% and 25% of 8 workers',
      change: sharedBy([41, 25, 5.7, 5.7, 5.6, 5.7, 5.6, 5.7]),
      status: 'warn',
      message: /^uneven: worker 1 \(pid 1\) had 41% of the requests and worker 2 \(pid 2\) 25%/,
    },
    { title: 'nothing counted per worker', change: sharedBy([]), status: 'no-data' },
  ],
};

/** A trial at `rps` req/s and p99 `p99Ms` under an attack, against `calmRps` and `calmP99Ms` without it (the fixture's trial: 1,520.4 req/s, p99 52.4 ms). */
function underAttack(calmRps: number, calmP99Ms: number, rps: number, p99Ms: number): (trial: TrialResult) => void {
  return (trial) => {
    trial.requests = { ...trial.requests, rps };
    trial.latencyMs = { ...answered(trial.latencyMs), p99: p99Ms };
    trial.attack = {
      kind: 'slowloris',
      connections: 200,
      intervalMs: 1000,
      opened: 200,
      failedToConnect: 0,
      held: { atStart: 200, atEnd: 200, min: 200, max: 200 },
      closedByServer: 0,
      closedAfterMs: null,
      closedWith: {},
      durationMs: 8000,
      calm: { total: calmRps * 5, rps: calmRps, latencyMs: { ...answered(trial.latencyMs), p99: calmP99Ms }, errors: 0, timeouts: 0, non2xx: 0 },
    };
  };
}

/** A process whose RSS samples are these MiB at t = 1, 2, 3 … s (the trial's measured phase is 5 s). */
function rssSeries(pid: number, mib: number[]): ProcessProbe {
  return processWith(
    pid,
    'worker',
    mib.map(() => 0.1),
    {
      rssBytes: { mean: 0, max: Math.max(...mib) * MiB },
      series: mib.map((value, index) => ({ t: index + 1, cpu: 0.1, rssBytes: value * MiB, fds: 0, connections: 0 })),
    },
  );
}

/** A cluster of as many workers as amounts, 64 connections, sharing the requests in these proportions. */
function sharedBy(amounts: number[]): (trial: TrialResult) => void {
  return (trial) => {
    trial.kind = 'cluster';
    trial.instances = Math.max(2, amounts.length);
    trial.load = { ...trial.load, connections: 64 };
    trial.probes.processes = amounts.map((_, index) => processWith(index + 1, 'worker', [0.5]));
    trial.probes.distribution = { requests: distributionOf(amounts.map((amount, index) => ({ pid: index + 1, amount }))), connections: null };
  };
}

/** An open-model trial asked for `target` req/s that sent `achieved`. */
function openAt(target: number, achieved: number, dropped: number, sent?: number): (trial: TrialResult) => void {
  return (trial) => {
    trial.load = { ...trial.load, model: 'open', rate: target };
    trial.requests = { ...trial.requests, targetRps: target, rps: achieved, dropped, ...(sent === undefined ? {} : { sentRps: sent }) };
  };
}

describe('verdicts', () => {
  for (const [id, rows] of Object.entries(cases) as [VerdictId, Case[]][]) {
    describe(id, () => {
      for (const row of rows) {
        test(row.title, () => {
          const rules = { ...verdictRules, ...openModelRules, ...spreadRules, ...spreadFlowRules, ...exitRules, ...attackRules };
          const verdict = rules[id](trialWith(row.change), row.context ?? context);
          assert.equal(verdict.status, row.status, verdict.message);
          if (row.value !== undefined) assert.equal(verdict.value, row.value);
          if (row.limit !== undefined) assert.equal(verdict.limit, row.limit);
          if (row.message) assert.match(verdict.message, row.message);
          if (row.status === 'no-data') {
            assert.equal(verdict.value, null);
            assert.match(verdict.message, /^not enough data: /);
          }
        });
      }
    });
  }

  test('the example of the issue: a worker busy for 9 of 10 s', () => {
    const trial = trialWith((entry) => {
      entry.kind = 'cluster';
      entry.instances = 2;
      entry.phases.measured.durationMs = 10_000;
      entry.probes.intervalMs = 500;
      const samples = Array.from({ length: 20 }, (_, index) => ({ t: (index + 1) / 2, cpu: index < 18 ? 0.97 : 0.3, rssBytes: 0, fds: 0, connections: 0 }));
      entry.probes.processes = [
        processWith(6102, 'primary', [0.01, 0.01]),
        processWith(6109, 'worker', [0.4, 0.4, 0.4]),
        { ...processWith(6110, 'worker', []), series: samples },
      ];
    });
    assert.equal(
      verdictRules['scale-cpu'](trial, context).message,
      'worker 2 (pid 6110) at 97% CPU for 9 of 10 s — CPU-bound; more instances help only while cores are free (2 instances on 8 cores)',
    );
  });

  test('with an instance on every core, more instances will not help', () => {
    const trial = trialWith((entry) => {
      entry.instances = 8;
      entry.probes.processes = [processWith(1, 'instance', [1, 1, 1])];
    });
    assert.match(verdictRules['scale-cpu'](trial, context).message, /instance on every core already \(8 instances on 8 cores\): more instances will not help/);
  });

  test('a trial with nothing measured is not enough data for every rule, never a pass', () => {
    const empty = trialWith((trial) => {
      noResponse(trial);
      trial.probes.processes = [];
      trial.client = { cpu: null, eventLoopDelayMs: null, bottleneck: false, reason: '' };
    });
    const verdicts = judgeTrial(empty, context);
    assert.deepEqual(
      verdicts.map((verdict) => verdict.id),
      Object.keys(verdictRules),
    );
    for (const verdict of verdicts) assert.equal(verdict.status, 'no-data', `${verdict.id}: ${verdict.message}`);
  });

  test('every rule is judged, in the order of the rule map', () => {
    assert.deepEqual(
      judgeTrial(makeReport().trials[0] as TrialResult, context).map((verdict) => verdict.id),
      ['slo-p50', 'slo-p99', 'scale-cpu', 'scale-latency', 'scale-memory', 'memory-growth', 'scale-connections', 'event-loop', 'errors', 'client-bottleneck'],
    );
  });

  test('process-exited judges trials with a process exit on their timeline only, after the rules every trial gets', () => {
    const ids = (trial: TrialResult) => judgeTrial(trial, context).map((verdict) => verdict.id);
    assert.ok(!ids(trialWith(() => {})).includes('process-exited'));
    assert.equal(ids(trialWith(exitsWithErrors([0, 0, 0, 0, 0], exitOf(-300)))).at(-1), 'process-exited');
  });

  test('balance judges trials of more than one instance only', () => {
    const ids = (trial: TrialResult) => judgeTrial(trial, context).map((verdict) => verdict.id);
    assert.ok(!ids(trialWith(() => {})).includes('balance'));
    assert.equal(ids(trialWith(sharedBy([1, 1]))).at(-1), 'balance');
  });
});

test('the arrival-rate verdict judges open-model trials only', () => {
  const ids = (trial: TrialResult) => judgeTrial(trial, context).map((verdict) => verdict.id);
  assert.ok(!ids(trialWith(() => {})).includes('arrival-rate'));
  assert.deepEqual(
    ids(trialWith(openAt(200, 199, 0))).filter((id) => id === 'arrival-rate'),
    ['arrival-rate'],
  );
});

describe('the CPU split by thread in the event-loop and scale-cpu verdicts', () => {
  const split = (count: number, main: number, others: number, busiest: number) => ({
    count,
    main: { mean: main, max: main },
    others: { mean: others, max: others },
    busiest: { mean: busiest, max: busiest },
  });
  const onTheLoop = split(11, 0.98, 0.03, 0.02);
  const onThePool = split(13, 0.12, 1.8, 0.95);

  test('a blocked loop whose main thread did the work while the other threads idled', () => {
    const trial = trialWith(withProcesses(processWith(1, 'instance', [0.98], { eventLoopDelayMs: { mean: 40, max: 90, p99: 80 }, threads: onTheLoop })));
    assert.equal(
      verdictRules['event-loop'](trial, context).message,
      'instance (pid 1) median 40.0 ms, highest 90.0 ms: the loop is blocked most of the time; main thread at 98% while its 10 other threads idle (3% together): the work is on the loop — move CPU work off it (worker threads) or add instances',
    );
    assert.equal(
      verdictRules['scale-cpu'](trialWith(withProcesses(processWith(1, 'instance', [0.98, 0.98, 0.98], { threads: onTheLoop }))), context).message,
      'instance (pid 1) at 98% CPU for 3 of 5 s — main thread at 98% while its 10 other threads idle (3% together): the work is on the loop; CPU-bound; more instances help only while cores are free (1 instance on 8 cores)',
    );
  });

  test('a blocked loop whose main thread used under half a core waited: for a core on a busy machine, else on something synchronous', () => {
    const starved = (hostCpu: number) =>
      trialWith((trial) => {
        trial.probes.processes = [
          processWith(1, 'instance', [0.25], { eventLoopDelayMs: { mean: 40, max: 90, p99: 80 }, threads: split(11, 0.22, 0.03, 0.02) }),
        ];
        trial.probes.hostCpu = { mean: hostCpu, max: 1 };
      });
    assert.equal(
      verdictRules['event-loop'](starved(1), context).message,
      "instance (pid 1) median 40.0 ms, highest 90.0 ms: the loop is blocked most of the time; main thread 22%, other threads 3%: the loop waited for a core more than it ran (the machine's cores were 100% busy) — leave the app cores of its own (fewer processes than cores, or a quieter machine)",
    );
    assert.match(
      verdictRules['event-loop'](starved(0.4), context).message,
      /: the loop was held up more than it ran, with cores to spare — look for synchronous waits that use no CPU \(sync fs or child_process calls, Atomics\.wait\)$/,
    );
  });

  test('a process whose pool threads carried the CPU work: more cores help it', () => {
    const trial = trialWith(withProcesses(processWith(1, 'instance', [1.9, 1.9, 1.9], { threads: onThePool })));
    assert.equal(
      verdictRules['scale-cpu'](trial, context).message,
      'instance (pid 1) at 190% CPU for 3 of 5 s — main thread 12%, other threads 180% (the busiest 95%): the pool carries the CPU work; more cores help this process',
    );
  });

  test('two busy workers are named in the split; a mixed split gives the figures and the usual advice', () => {
    const trial = trialWith((entry) => {
      entry.instances = 2;
      entry.probes.processes = [
        processWith(1, 'worker', [1, 1, 1], { threads: onTheLoop }),
        processWith(2, 'worker', [1.2, 1.2, 1.2], { threads: split(11, 0.7, 0.5, 0.3) }),
      ];
    });
    assert.match(
      verdictRules['scale-cpu'](trial, context).message,
      /— worker 1 \(pid 1\): main thread at 98% .*: the work is on the loop; worker 2 \(pid 2\): main thread 70%, other threads 50%; CPU-bound; more instances help only while cores are free \(2 instances on 8 cores\)$/,
    );
  });
});

test('the thread split at its edges: on the loop from 80% of a core with the others under 20%; a pool from half a core, above the main thread', () => {
  const figure = (value: number) => ({ mean: value, max: value });
  const split = (main: number, others: number) => threadSplit({ count: 11, main: figure(main), others: figure(others), busiest: figure(others) });
  const cases: [number, number, ThreadSplit][] = [
    [0.8, 0.19, 'loop'],
    [0.79, 0.05, 'mixed'],
    [0.95, 0.2, 'mixed'],
    [0.1, 0.5, 'pool'],
    [0.1, 0.49, 'mixed'],
    [0.6, 0.6, 'mixed'],
    [0.6, 0.61, 'pool'],
  ];
  for (const [main, others, expected] of cases) assert.equal(split(main, others), expected, `main ${main}, others ${others}`);
});
