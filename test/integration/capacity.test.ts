import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { cpus, setPriority } from 'node:os';
import { describe, test } from 'node:test';
import { disturbedCpuLimit, othersCpu } from '../../src/analysis/capacity-disturbance.js';
import { judgeStep } from '../../src/analysis/capacity-step.js';
import { stepConnections } from '../../src/capacity/measure-step.js';
import { windowOf } from '../../src/load/measurement-window.js';
import { runOpenLoad } from '../../src/load/open-model.js';
import type { CapacityReport } from '../../src/model.js';
import { ProbeSampler } from '../../src/probes/sampler.js';
import { ProcessOwner } from '../../src/runner/processes.js';
import { single } from '../../src/runner/topologies/single.js';
import type { Deployment } from '../../src/runner/topologies/types.js';
import type { WorkloadSpec } from '../../src/scenarios/types.js';
import { fixtureScenario, processesMentioning, repoRoot, runCli, startCli, tempDir, waitForOutput } from '../helpers/cli.js';

const cpuBound = `${repoRoot}/test/fixtures/servers/cpu-bound.js`;

/*
 * Why this is robust on a noisy 2-core machine (the load generator on one core, the server on
 * the other, other jobs now and then on either):
 *
 * The fixture burns a fixed amount of CPU per request: 1,800 SHA-256 rounds, 3.5–4 ms of a core
 * on the machine this was written on (the same work in the search's deployment and in the
 * acceptance's, which a calibration at start would not give on a machine whose load changes). One
 * process then serves ~250–300 req/s, and since the open model's arrivals are evenly spaced
 * there is hardly any queue below that: p99 stays near 6–20 ms, then climbs without bound once
 * the rate passes what the core gives. The knee is a cliff, and the SLO (p99 ≤ 100 ms, the
 * scenario's) is far from both sides of it.
 *
 * - 0.9 × C passes: a step of T = 2.5 s (warm-up included) can pass while slightly overloaded
 *   only if its backlog stays under the SLO: overload ε × T < 100 ms, so ε < 4% and C is at most
 *   ~1.04 × the server's real rate; 0.9 × C then loads the core to at most ~94%, where a stall of
 *   the server (another job on its core) delays answers by about the stall, and a stall would
 *   have to last ~100 ms to break the SLO.
 * - 1.3 × C fails: stalls of under ~100 ms do not fail a step, so C is near the server's rate;
 *   1.3 × C then overloads the core by ~30%: its backlog grows ~0.3 s every second, and p99
 *   passes 100 ms within the first half-second of the run.
 * The SLO is 100 ms rather than 50: stalls of 50–80 ms are common on a shared 2-core machine,
 * and a larger SLO moves C less with them than it widens the overshoot (4% at most).
 *
 * What no choice of figures removes: the machine itself changing speed. On a shared virtual
 * machine the same fixture's closed-model throughput was measured at 194, 256 and 333 req/s in
 * three runs a minute apart, with no other process busy in the guest (its host's other guests,
 * invisible from here). Within one search and the seconds after it the speed mostly holds, but
 * when it shifts by more than the margins above, the acceptance is measuring the machine. So
 * the acceptance gets three attempts, each a whole search followed at once by the two fixed-rate
 * runs, and must hold in one: a capacity that is wrong by design (say twice the real rate) fails
 * all three, a shift of the machine's speed does not repeat three times in a row. Every attempt
 * is printed as a test diagnostic.
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

const env = { FIXTURE_CPU_MS: '4', FIXTURE_CPU_ROUNDS: '1800', FIXTURE_SLO_MS: '100' };
const sloP99Ms = 100;

async function capacityOfSingle(out: string): Promise<{ report: CapacityReport; stdout: string; stderr: string }> {
  const result = await runCli(['capacity', fixtureScenario('cpu-bound.ts'), '--topology', 'single', '--json', '--quiet', '--out', out, '--target-rps', '1000'], { env });
  assert.equal(result.code, 0, result.stderr);
  return { report: JSON.parse(result.stdout) as CapacityReport, stdout: result.stdout, stderr: result.stderr };
}

/**
 * A fixed-rate open-model run of 2 s (after 500 ms warm-up) at `rps`, judged as a capacity step
 * is, with what other processes of the machine used meanwhile (as the search measures it).
 */
async function fixedRate(deployment: Deployment, rps: number) {
  const workload: WorkloadSpec = { name: 'cpu', requests: [{ method: 'GET', path: '/', headers: {} }], load: { connections: 10, pipelining: 1, durationMs: 2000, warmupMs: 500, timeoutMs: 5000 } };
  const maxConnections = stepConnections(workload, rps, sloP99Ms);
  const sampler = new ProbeSampler({ intervalMs: 250, processes: () => deployment.processes() });
  sampler.start();
  const result = await runOpenLoad({ url: deployment.url, requests: workload.requests, load: { ...workload.load, rate: rps, maxConnections } });
  const window = windowOf(result.phases);
  const raw = await sampler.stop(window.endMs);
  const others = othersCpu(raw, window, deployment.processes().map((info) => info.pid), cpus().length);
  const open = result.open;
  assert.ok(open);
  const step = {
    targetRps: rps,
    achievedRps: open.achievedRps,
    latencyMs: result.latencyMs,
    responses: result.requests.total,
    errors: result.requests.errors,
    timeouts: result.requests.timeouts,
    non2xx: result.requests.non2xx,
    dropped: open.dropped,
    delayed: open.delayed,
    maxConnections,
    connectionsUsed: open.maxConnectionsUsed,
  };
  return { step, others, disturbed: others !== null && others.max > disturbedCpuLimit, ...judgeStep(step, { p99Ms: sloP99Ms, errorTolerance: 0, minAchievedRatio: 0.95 }) };
}

/**
 * The run at 90% again, as the search would, while it failed with other processes busy on the
 * machine (a disturbance can only make the server look worse): twice at most, after a pause.
 */
async function fixedRateBelow(deployment: Deployment, rps: number) {
  let run = await fixedRate(deployment, rps);
  for (let retry = 0; retry < 2 && !run.passed && run.disturbed; retry += 1) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    run = await fixedRate(deployment, rps);
  }
  return run;
}

/**
 * `loadlab capacity` on the single topology, with the checks that hold whatever the machine's
 * speed: exit 0, the report's shape, the file written, nothing left running.
 */
async function searchSingle(): Promise<{ capacity: number; described: string; converged: boolean }> {
  const out = tempDir();
  const { report, stderr } = await capacityOfSingle(out);
  assert.deepEqual(processesMentioning(cpuBound), [], 'nothing left running');
  assert.equal(report.schema, 'loadlab/capacity@1');
  assert.equal(report.interrupted, false);
  const [result] = report.results;
  assert.ok(result && report.results.length === 1);
  const capacity = result.capacityRps;
  const described = result.steps
    .map((step) => `${step.targetRps}: p99 ${step.latencyMs.p99.toFixed(1)} ms, CPU ${step.cpuByProcess[0]?.cpu?.toFixed(2)}, others up to ${step.othersCpu?.max.toFixed(2)} cores, ${step.passed ? 'pass' : `fail (${step.reason})`}${step.counted ? '' : ' (not counted)'}`)
    .join('\n');
  assert.ok(capacity !== null && capacity > 0, described);
  // a search that a shift of the machine's speed kept from converging within its steps is a failed attempt, not a failed test
  const converged = result.stop === 'converged' && result.failedRps !== null && (result.failedRps - capacity) / capacity <= 0.05;
  assert.ok(result.steps.every((step) => step.passed || !step.counted || step.targetRps > capacity), 'no counted step at or below the capacity failed');
  // the file written is the document printed
  const file = stderr.match(/report written to (.+\.json)/)?.[1] ?? '';
  assert.match(file, /cpu-bound-4ms-capacity-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.json$/);
  assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), report);
  // the CPU of the process at capacity was measured, and the sizing follows from the capacity
  assert.equal(result.cpuAtCapacity?.length, 1);
  assert.ok((result.cpuAtCapacity?.[0]?.cpu ?? 0) > 0.2, JSON.stringify(result.cpuAtCapacity));
  assert.equal(report.sizing[0]?.options[0]?.instancesNeeded, Math.ceil(1000 / capacity));
  assert.match(report.summary[0] ?? '', /^On cpu, single holds [\d,.]+ req\/s within p99 100 ms\.$/);
  return { capacity, converged, described: `${prioritised ? '(at nice −10) ' : ''}${described}` };
}

/** The acceptance: a fresh deployment of the same app, driven at once at fixed rates of 90% and 130% of C. */
async function aroundCapacity(capacity: number) {
  const owner = new ProcessOwner();
  try {
    const app = { entry: cpuBound, args: [], env: { FIXTURE_CPU_ROUNDS: env.FIXTURE_CPU_ROUNDS }, readiness: '/', startTimeoutMs: 5000 };
    const deployment = await single.start({ name: 'single', kind: 'single', instances: 1, schedulingPolicy: 'rr' }, app, { owner, signal: new AbortController().signal, probeEnv: {} });
    const below = await fixedRateBelow(deployment, Math.round(0.9 * capacity));
    const above = await fixedRate(deployment, Math.round(1.3 * capacity));
    return { below, above };
  } finally {
    await owner.stopAll();
  }
}

function figures(run: Awaited<ReturnType<typeof fixedRate>>): string {
  const { step } = run;
  return `${step.targetRps} req/s: p99 ${step.latencyMs.p99.toFixed(1)} ms, sent ${step.achievedRps.toFixed(0)}, ${step.errors} errors, ${step.dropped} dropped, others up to ${run.others?.max.toFixed(2)} cores${run.reason ? ` (${run.reason})` : ''}`;
}

const attempts = 3;

describe('loadlab capacity on a CPU-bound fixture (single)', () => {
  test('finds a capacity C; a fixed rate at 90% of C meets the SLO, one at 130% does not', async (t) => {
    const tried: string[] = [];
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      const { capacity, described, converged } = await searchSingle();
      if (!converged) {
        tried.push(`attempt ${attempt}: the search did not converge within its steps\nsearch: ${described}`);
        continue;
      }
      const { below, above } = await aroundCapacity(capacity);
      const outcome = `attempt ${attempt}: capacity ${capacity} req/s; 90%: ${figures(below)}, ${below.passed ? 'met the SLO' : 'MISSED the SLO'}; 130%: ${figures(above)}, ${above.passed ? 'MET the SLO' : 'missed it'}\nsearch: ${described}`;
      t.diagnostic(outcome);
      tried.push(outcome);
      assert.deepEqual(processesMentioning(cpuBound), []);
      if (below.passed && !above.passed) return;
    }
    assert.fail(`in none of ${attempts} attempts did 90% of C meet the SLO while 130% missed it:\n${tried.join('\n')}`);
  });

  test('Ctrl-C mid-search: exit 130, what was measured is written (interrupted), nothing left running', async () => {
    const out = tempDir();
    const child = startCli(['capacity', fixtureScenario('cpu-bound.ts'), '--topology', 'single', '--start-rps', '50', '--format', 'json', '--out', out], { env });
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
