import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { judgeTrial } from '../../../src/analysis/verdicts/index.js';
import { connectionsLine } from '../../../src/analysis/verdicts/slowloris.js';
import type { AttackResult } from '../../../src/contract/attack.js';
import type { RunReport } from '../../../src/contract/run-report.js';
import type { TrialResult } from '../../../src/contract/trial.js';
import { topologies, type TopologySpec } from '../../../src/deploy/topologies/index.js';
import { renderHtml } from '../../../src/render/run/html.js';
import { renderMarkdown } from '../../../src/render/run/markdown.js';
import { renderTerminal } from '../../../src/render/run/terminal.js';
import { validateScenario, type ValidateOptions } from '../../../src/scenario/validate.js';
import { makeReport } from '../../fixtures/report-fixture.js';
import { emptyProbe } from '../../helpers/process-probe.js';
import { slowloris } from '../../../src/analysis/verdicts/slowloris.js';

const dir = mkdtempSync(join(tmpdir(), 'loadlab-attack-'));
writeFileSync(join(dir, 'app.js'), "require('node:http').createServer((q, s) => s.end('ok')).listen(process.env.PORT);\n");
const file = join(dir, 'attack.ts');
after(() => rmSync(dir, { recursive: true, force: true }));
const options: ValidateOptions<TopologySpec> = { file, cores: 2, topologies };

function withAttack(attack: unknown): unknown {
  return { app: { entry: './app.js' }, topologies: [{ kind: 'single' }], workloads: { users: { requests: [{ path: '/' }], attack } } };
}

describe('the attack field of a workload', () => {
  test('defaults: 200 connections, a fragment every second', () => {
    const result = validateScenario(withAttack({ kind: 'slowloris' }), options);
    assert.ok('scenario' in result, JSON.stringify(result));
    assert.deepEqual(result.scenario.workloads[0]?.attack, { kind: 'slowloris', connections: 200, intervalMs: 1000 });
  });

  test('every mistake, with its field', () => {
    const result = validateScenario(withAttack({ kind: 'syn-flood', connections: 0, interval: 'soon', rate: 3 }), options);
    assert.ok('issues' in result);
    assert.deepEqual(
      result.issues.map((issue) => issue.path),
      ['workloads.users.attack.rate', 'workloads.users.attack.kind', 'workloads.users.attack.connections', 'workloads.users.attack.interval'],
    );
    const missing = validateScenario(withAttack({ connections: 10 }), options);
    assert.ok('issues' in missing);
    assert.match(missing.issues[0]?.message ?? '', /is required \(slowloris\)/);
  });
});

const attackOf = (change: Partial<AttackResult> = {}): AttackResult => ({
  kind: 'slowloris',
  connections: 1000,
  intervalMs: 1000,
  opened: 1800,
  failedToConnect: 0,
  held: { atStart: 1000, atEnd: 950, min: 700, max: 1000 },
  closedByServer: 800,
  closedAfterMs: { min: 1020, median: 1080, max: 1310 },
  closedWith: { '408': 790, reset: 10 },
  durationMs: 9000,
  calm: { total: 2475, rps: 495, latencyMs: { p50: 20.5, p90: 20.9, p99: 21, p999: 25, max: 30, mean: 20.6, stdev: 0.4 }, errors: 0, timeouts: 0, non2xx: 0 },
  ...change,
});

/** The fixture with single on cpu under an attack; the verdicts judged again. */
function attackedReport(attack: AttackResult): RunReport {
  const report = makeReport();
  const trial = report.trials[0] as TrialResult;
  const attacked = { ...trial, attack, requests: { ...trial.requests, rps: 480 } };
  const trials = [{ ...attacked, verdicts: judgeTrial(attacked, { ...report, topologies }) }];
  return { ...report, trials, comparisons: [] };
}

describe('the slowloris verdict behind a balancer', () => {
  test("says whether the app's processes saw the slow connections", () => {
    const report = makeReport();
    const trial = {
      ...(report.trials[0] as TrialResult),
      kind: 'proxy' as const,
      attack: attackOf({ closedByServer: 0, closedAfterMs: null, closedWith: {} }),
    };
    trial.probes = {
      ...trial.probes,
      processes: [emptyProbe(1, 'balancer', { connections: { mean: 1030, max: 1040 } }), emptyProbe(2, 'instance', { connections: { mean: 20, max: 20 } })],
    };
    const verdict = slowloris(trial, { ...report, topologies });
    assert.match(
      verdict.message,
      /closed none in the attack's 9 s \(nginx's client_header_timeout is 60 s unless set; HAProxy closes them only with timeout http-request\); the balancer held them: the app's processes had at most 20 connections/,
    );
  });
});

describe('the attack in the reports', () => {
  test('the slow connections in words: held, closed, after how long, how', () => {
    assert.equal(
      connectionsLine(attackOf()),
      'the server held 700 to 1,000 of them in the measured phase, and closed 800 after 1.02 s to 1.31 s (median 1.08 s) (answered 408: 790, reset: 10), which the attack reopened',
    );
    assert.match(
      connectionsLine(attackOf({ closedByServer: 0, closedAfterMs: null, closedWith: {}, held: { atStart: 1000, atEnd: 1000, min: 1000, max: 1000 } })),
      /^the server held 1,000 of them through the measured phase and closed none in the attack's 9 s/,
    );
  });

  test('terminal, markdown and HTML: a row per attacked trial, calm against attack, and the verdict', () => {
    const report = attackedReport(attackOf());
    const terminal = renderTerminal(report, { color: false, width: 200 });
    assert.match(terminal, /^slowloris: the users without the attack → beside it$/m);
    assert.match(
      terminal,
      /│ single\s+│ 1,000 every 1\.00 s │ 700–1,000 │\s+800 │ 1\.02 s–1\.31 s │\s+495 → 480 \(97%\) │ 21\.0 ms → 52\.4 ms │\s+0 → 0 │ degrades │/,
    );
    const markdown = renderMarkdown(report);
    assert.match(
      markdown,
      /^\| single \| 1,000 every 1\.00 s \| 700–1,000 \| 800 \| 1\.02 s–1\.31 s \| 495 → 480 \(97%\) \| 21\.0 ms → 52\.4 ms \| 0 → 0 \| degrades \|$/m,
    );
    assert.match(markdown, /⚠️ slowloris: degrades: beside 1,000 slow connections/);
    assert.match(renderHtml(report), /<h3>Slowloris: the users without the attack → beside it<\/h3>/);
  });
});
