import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { describe, test } from 'node:test';
import { disturbedCpuLimit } from '../../src/analysis/capacity/disturbance.js';
import { measureStep } from '../../src/measure/capacity/measure-step.js';
import { realDrivers } from '../../src/measure/drivers/index.js';
import type { CapacityReport, CapacityStep } from '../../src/contract/capacity-report.js';
import { ProcessOwner } from '../../src/deploy/processes.js';
import { single } from '../../src/deploy/topologies/single.js';
import type { Deployment } from '../../src/deploy/topologies/types.js';
import type { WorkloadSpec } from '../../src/scenario/types.js';
import { fixtureScenario, processesMentioning, repoRoot, runCli, startCli, tempDir, waitForOutput } from '../helpers/cli.js';

const cpuBound = `${repoRoot}/test/fixtures/servers/cpu-bound.js`;

/*
 * Why this holds on a noisy 2-core machine.
 *
 * The fixture holds its core for a fixed 8 ms per request (FIXTURE_CPU_SPIN_MS), hashing until
 * the time is up. A fixed amount of work (a number of hash rounds) has no fixed capacity on a
 * shared virtual machine: its speed drifts by ±20% from minute to minute (1,800 SHA-256 rounds
 * took from 5.8 to 11 ms here, with nothing else running in the guest), so the same search gave
 * 282, 226 and 198 req/s an hour apart, and a rate found in one minute failed in the next. A
 * fixed time per request makes the server's own speed steady, so that what is tested is loadlab's
 * search and confirmation, not the host. With the load generator on the other core and the
 * HTTP work around the spin, one process then holds ~112–119 req/s here (1000 ÷ 8 ms at most; nine searches in three runs).
 *
 * Why 8 ms and not 4: the HTTP work around the spin is the part of a request whose cost moves,
 * and it costs more per request at 90% of the capacity than at the capacity (the server idles
 * between requests and is woken for each one, where at the knee they wait in its socket): with a
 * 4 ms spin the search's own steps cost 4.25–4.38 ms of server CPU a request at the capacity, the
 * fresh run at 90% 4.45–4.75 ms, 4–9% more, in one CI run 8.6% more; 90% of the capacity then
 * held only a 1–6% margin, and a CI run failed it (209 req/s, p50 128 ms, the server at 0.94 of a
 * core). Doubling the spin halves that share: the same 0.3–0.75 ms of HTTP work is 4–9% of
 * 8 ms.
 *
 * The SLO is 100 ms: p99 stays near 10–30 ms below the knee and climbs without bound past it
 * (the open model's arrivals are evenly spaced, so there is hardly any queue until the core is
 * full). The search's steps are 1 s (after 250 ms of warm-up) to keep the test short; a short
 * step can pass a rate slightly above what the server sustains (its backlog stays under the SLO
 * for one second), which is what the confirmation is for: the rate found is held for 3 s, and a
 * step down of 5% follows when it does not hold (the search's precision: a 10% step made the
 * result bimodal, 241, 215 and 247 req/s on a quiet machine, the 215 a hold at 239 that failed at
 * 98% of the core, p99 144 ms). The acceptance then runs 90% of each confirmed capacity for
 * 2 s on a fresh deployment, warmed as the search's was, and 130% of it, which must fail (the
 * capacity is not a gross underestimate).
 */
/*
 * The neighbours: a shared machine's other jobs (a compiler, another test run) take whole cores
 * for seconds, and a CPU-bound server's capacity is the CPU it gets. Where the test may, it runs
 * at a higher priority (nice −10, inherited by the loadlab process and the apps it starts), as a
 * careful benchmark does, so that what is measured is the server, not the neighbours; without the
 * privilege it runs as it is, and the search's own defence (a failure while other processes were
 * busy is measured again) is what remains.
 */
const prioritised = (() => {
  try {
    setPriority(-10);
    return true;
  } catch {
    return false;
  }
})();

const env = { FIXTURE_CPU_MS: '8', FIXTURE_CPU_SPIN_MS: '8', FIXTURE_SLO_MS: '100' };
const getRoot = [{ method: 'GET' as const, path: '/', headers: {} }];
const sloP99Ms = 100;

async function capacityOfSingle(out: string): Promise<{ report: CapacityReport; stdout: string; stderr: string }> {
  const result = await runCli(
    [
      'capacity',
      fixtureScenario('cpu-bound.ts'),
      '--topology',
      'single',
      '--json',
      '--quiet',
      '--out',
      out,
      '--target-rps',
      '1000',
      '--step-duration',
      '1s',
      '--step-warmup',
      '250ms',
      '--confirm',
      '3s',
    ],
    { env },
  );
  assert.equal(result.code, 0, result.stderr);
  return { report: JSON.parse(result.stdout) as CapacityReport, stdout: result.stdout, stderr: result.stderr };
}

/**
 * A fixed-rate open-model run of 2 s (after 500 ms warm-up) at `rps`, measured and judged as a
 * capacity step is (the search's own measureStep), with what other processes used meanwhile.
 */
function fixedRate(deployment: Deployment, rps: number): Promise<CapacityStep> {
  const workload: WorkloadSpec = {
    name: 'cpu',
    requests: getRoot,
    load: { connections: 10, pipelining: 1, durationMs: 2000, warmupMs: 500, timeoutMs: 5000 },
  };
  return measureStep(
    rps,
    {
      url: deployment.url,
      topology: 'single',
      driver: realDrivers.open,
      workload,
      processes: () => deployment.processes(),
      probeIntervalMs: 250,
      knownProcesses: true,
      signal: new AbortController().signal,
    },
    {
      warmupMs: workload.load.warmupMs,
      durationMs: workload.load.durationMs,
      criteria: { p99Ms: sloP99Ms, errorTolerance: 0, minAchievedRatio: 0.95 },
      littlesLawTolerance: 0.2,
      disturbedCpu: disturbedCpuLimit,
    },
  );
}

/**
 * A fresh server's first second at half its capacity, unmeasured: the capacity is a warm
 * server's (the search found it after steps at 50% and 75%), and a cold one is slower while its
 * JIT compiles. At 90% of the capacity the backlog a cold start leaves drains at only a tenth of
 * the capacity: started cold at 220 req/s, the server here queued for 0.6–1.1 s (p99 up to
 * 165 ms per 100 ms window) and a 500 ms warm-up did not hide it; on a busy CI run the backlog
 * lasted the whole measured phase (p50 147 ms). After one second at half the rate, the same
 * run's windows stayed at p99 ≤ 17 ms from its first.
 */
async function warm(deployment: Deployment, rps: number): Promise<void> {
  await realDrivers.open.run({
    url: deployment.url,
    requests: getRoot,
    load: { connections: 10, pipelining: 1, durationMs: 1000, warmupMs: 0, timeoutMs: 5000, rate: rps },
    signal: new AbortController().signal,
  });
}

/**
 * The run at 90%, measured again as the search would when its failure was doubtful (see
 * src/analysis/capacity/doubt.ts): twice at most, after a pause. A failure that is the server's
 * counts at once.
 */
async function fixedRateBelow(deployment: Deployment, rps: number): Promise<CapacityStep> {
  let run = await fixedRate(deployment, rps);
  for (let retry = 0; retry < 2 && !run.passed && run.doubtful === true; retry += 1) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    run = await fixedRate(deployment, rps);
  }
  return run;
}

/**
 * `loadlab capacity` on the single topology, with the checks that hold whatever the machine's
 * speed: exit 0, the report's shape, the file written, nothing left running.
 */
async function searchSingle(): Promise<{ capacity: number; described: string }> {
  const out = tempDir();
  const { report, stderr } = await capacityOfSingle(out);
  assert.deepEqual(processesMentioning(cpuBound), [], 'nothing left running');
  assert.equal(report.schema, 'loadlab/capacity@1');
  assert.equal(report.interrupted, false);
  const [result] = report.results;
  assert.ok(result && report.results.length === 1);
  const capacity = result.capacityRps;
  const described = [...result.steps, ...(result.confirmation?.steps ?? [])]
    .map(
      (step, index) =>
        `${index < result.steps.length ? '' : 'hold '}${step.targetRps}: ${stepFigures(step)}, ${step.passed ? 'pass' : `fail (${step.reason})`}${step.counted ? '' : ' (not counted)'}`,
    )
    .join('\n');
  assert.ok(capacity !== null && capacity > 0, described);
  // confirmed: the rate reported is one that held for 3 s, at or below what the search found
  assert.equal(result.confirmation?.durationMs, 3000, described);
  assert.equal(result.confirmation?.confirmedRps, capacity, described);
  assert.ok(capacity <= (result.foundRps ?? 0), described);
  assert.ok(
    result.steps.every((step) => step.passed || !step.counted || step.targetRps > (result.foundRps ?? 0)),
    'no counted step at or below the rate found failed',
  );
  // the file written is the document printed
  const file = stderr.match(/report written to (.+\.json)/)?.[1] ?? '';
  assert.match(file, /cpu-bound-8ms-capacity-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.json$/);
  assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), report);
  // the CPU of the process at capacity was measured, and the sizing follows from the capacity
  assert.equal(result.cpuAtCapacity?.length, 1);
  assert.ok((result.cpuAtCapacity?.[0]?.cpu ?? 0) > 0.2, `${JSON.stringify(result.cpuAtCapacity)}\n${described}`);
  assert.equal(report.sizing[0]?.options[0]?.instancesNeeded, Math.ceil(1000 / capacity));
  assert.match(report.summary[0] ?? '', /^On cpu, single holds [\d,.]+ req\/s within p99 100 ms \(held for 3 s\)\.$/);
  return { capacity, described: `${prioritised ? '(at nice −10) ' : ''}${described}` };
}

/** The acceptance: a fresh deployment of the same app, warmed for a second at half of C, then driven at fixed rates of 90% and 130% of C. */
async function aroundCapacity(capacity: number) {
  const owner = new ProcessOwner();
  try {
    const app = {
      entry: cpuBound,
      args: [],
      env: { FIXTURE_CPU_SPIN_MS: env.FIXTURE_CPU_SPIN_MS },
      readiness: '/',
      startTimeoutMs: 5000,
      runtime: 'node' as const,
      cwd: repoRoot,
    };
    const deployment = await single.start({ name: 'single', kind: 'single', instances: 1, runtime: 'node' }, app, {
      owner,
      signal: new AbortController().signal,
      probeEnv: {},
    });
    await warm(deployment, Math.round(0.5 * capacity));
    const below = await fixedRateBelow(deployment, Math.round(0.9 * capacity));
    const above = await fixedRate(deployment, Math.round(1.3 * capacity));
    return { below, above };
  } finally {
    await owner.stopAll();
  }
}

function figures(step: CapacityStep): string {
  return `${step.targetRps} req/s: ${stepFigures(step)}, sent ${step.achievedRps.toFixed(0)}, ${step.errors} errors, ${step.dropped} dropped${step.reason ? ` (${step.reason})` : ''}`;
}

/** What a step shows of the server, the client and the machine: enough to tell whose failure it was. */
function stepFigures(step: CapacityStep): string {
  return [
    `p99 ${step.latencyMs.p99.toFixed(1)} ms (service ${step.serviceP99Ms.toFixed(1)}, p50 ${step.latencyMs.p50.toFixed(1)})`,
    `CPU ${step.cpuByProcess[0]?.cpu?.toFixed(2) ?? '—'}`,
    `loadlab stall ${step.clientStallMs?.toFixed(0) ?? '—'} ms`,
    `others up to ${step.othersCpu?.max.toFixed(2) ?? '—'} cores`,
    ...(step.doubt ? [`doubtful: ${step.doubt}`] : []),
  ].join(', ');
}

describe('loadlab capacity on a CPU-bound fixture (single)', () => {
  test('three searches in a row: each confirmed, within ±10% of their median; 90% of each meets the SLO, 130% does not', async (t) => {
    const runs: { capacity: number; below: CapacityStep; above: CapacityStep }[] = [];
    for (let run = 1; run <= 3; run += 1) {
      const { capacity, described } = await searchSingle();
      const { below, above } = await aroundCapacity(capacity);
      t.diagnostic(`search ${run}: capacity ${capacity} req/s; 90%: ${figures(below)}; 130%: ${figures(above)}\n${described}`);
      runs.push({ capacity, below, above });
      assert.deepEqual(processesMentioning(cpuBound), []);
    }
    const capacities = runs.map((entry) => entry.capacity);
    const middle = [...capacities].sort((a, b) => a - b)[1] as number;
    for (const capacity of capacities)
      assert.ok(Math.abs(capacity - middle) <= 0.1 * middle, `capacities ${capacities.join(', ')}: ${capacity} is more than 10% from their median ${middle}`);
    for (const [index, { below, above }] of runs.entries()) {
      assert.ok(below.passed, `search ${index + 1}: 90% of the capacity missed the SLO: ${figures(below)}`);
      assert.ok(!above.passed, `search ${index + 1}: 130% of the capacity met the SLO: ${figures(above)}`);
    }
  });

  test('Ctrl-C mid-search: exit 130, what was measured is written (interrupted), nothing left running', async () => {
    const out = tempDir();
    const child = startCli(['capacity', fixtureScenario('cpu-bound.ts'), '--topology', 'single', '--start-rps', '50', '--format', 'json', '--out', out], {
      env,
    });
    await waitForOutput(child, 'stderr', (text) => /single × cpu: 50\.0 req\/s → /.test(text), 15_000);
    child.kill('SIGINT');
    const result = await child.result;
    assert.equal(result.code, 130, result.stderr);
    const file = result.stderr.match(/report written to (.+\.json)/)?.[1];
    assert.ok(file, result.stderr);
    const report = JSON.parse(readFileSync(file, 'utf8')) as CapacityReport;
    assert.equal(report.interrupted, true);
    assert.ok((report.results[0]?.steps.length ?? 0) >= 1);
    assert.equal(report.results[0]?.stop, 'interrupted');
    assert.deepEqual(processesMentioning(cpuBound), []);
  });

  test('bad input: exit 2 before anything starts', async () => {
    const tooShort = await runCli(['capacity', fixtureScenario('cpu-bound.ts'), '--step-duration', '50ms']);
    assert.equal(tooShort.code, 2);
    assert.match(tooShort.stderr, /at least 200ms/);
    const noRate = await runCli(['capacity', fixtureScenario('cpu-bound.ts'), '--target-rps', '0']);
    assert.equal(noRate.code, 2);
    const unknown = await runCli(['capacity', fixtureScenario('cpu-bound.ts'), '--topology', 'nope']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /--topology nope: the scenario has no such entry/);
    assert.deepEqual(processesMentioning(cpuBound), []);
  });
});
