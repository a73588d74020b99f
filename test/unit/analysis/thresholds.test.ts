import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluateThresholds, metricValue } from '../../../src/analysis/thresholds/index.js';
import { closestName } from '../../../src/scenario/closest-name.js';
import { metricNames, type MetricName } from '../../../src/scenario/thresholds/metric-names.js';
import { parseThreshold, type ScopedThreshold, type Threshold } from '../../../src/scenario/thresholds/parse.js';
import type { TrialResult } from '../../../src/contract/trial.js';
import { makeReport } from '../../fixtures/report-fixture.js';
import { answered } from '../../helpers/latency.js';

const MiB = 1024 ** 2;
const valid = 'p50, p90, p99, p999, max, mean, rps, errors, error_rate, timeouts, non2xx, checks, cpu, rss, fds, connections, el_delay_p99';

function parsed(text: string): Threshold {
  const result = parseThreshold(text);
  assert.ok('threshold' in result, `'${text}' did not parse: ${'error' in result ? result.error : ''}`);
  return result.threshold;
}

describe('parseThreshold', () => {
  const accepted: [string, MetricName, Threshold['operator'], number][] = [
    ['p99 < 150ms', 'p99', '<', 150],
    ['p99 < 0.15s', 'p99', '<', 150],
    ['p99<0.07s', 'p99', '<', 70],
    ['p50 <= 100', 'p50', '<=', 100],
    ['p999 < 1.5 s', 'p999', '<', 1500],
    ['max < 2s', 'max', '<', 2000],
    ['mean >= 0.5ms', 'mean', '>=', 0.5],
    ['p90 < .5ms', 'p90', '<', 0.5],
    ['P99 <= 150 MS', 'p99', '<=', 150],
    ['  errors == 0  ', 'errors', '==', 0],
    ['rps > 2000', 'rps', '>', 2000],
    ['timeouts == 0', 'timeouts', '==', 0],
    ['non2xx < 10', 'non2xx', '<', 10],
    ['error_rate < 1%', 'error_rate', '<', 0.01],
    ['error_rate <= 0.5 %', 'error_rate', '<=', 0.005],
    ['error_rate < 0.01', 'error_rate', '<', 0.01],
    ['cpu <= 80%', 'cpu', '<=', 0.8],
    ['cpu < 0.8', 'cpu', '<', 0.8],
    ['cpu < 150%', 'cpu', '<', 1.5],
    ['rss < 512MB', 'rss', '<', 512 * MiB],
    ['rss < 1.5GB', 'rss', '<', 1.5 * 1024 * MiB],
    ['rss < 800 KB', 'rss', '<', 800 * 1024],
    ['rss < 1000000', 'rss', '<', 1_000_000],
    ['fds < 1024', 'fds', '<', 1024],
    ['connections <= 10000', 'connections', '<=', 10_000],
    ['el_delay_p99 < 50ms', 'el_delay_p99', '<', 50],
  ];
  for (const [text, metric, operator, value] of accepted) {
    test(`'${text}'`, () => {
      assert.deepEqual(parsed(text), { source: text.trim(), metric, operator, value });
    });
  }

  const rejected: [string, string][] = [
    ['', 'empty threshold: write <metric> <operator> <number>[unit], e.g. p99 < 150ms'],
    ['   ', 'empty threshold: write <metric> <operator> <number>[unit], e.g. p99 < 150ms'],
    ['p95 < 150ms', `unknown metric 'p95' (${valid}); did you mean p90?`],
    ['erors == 0', `unknown metric 'erors' (${valid}); did you mean errors?`],
    ['el_delay < 5ms', `unknown metric 'el_delay' (${valid}); did you mean el_delay_p99?`],
    ['latency < 5', `unknown metric 'latency' (${valid})`],
    ['< 150', `missing metric at the start of '< 150' (${valid})`],
    ['p99 150ms', "missing operator after 'p99' (use <, <=, >, >= or ==)"],
    ['p99', "missing operator after 'p99' (use <, <=, >, >= or ==)"],
    ['p99 under 150ms', "missing operator after 'p99', found 'under' (use <, <=, >, >= or ==)"],
    ['errors = 0', "unknown operator '=' after 'errors' (use <, <=, >, >= or ==)"],
    ['errors != 0', "unknown operator '!=' after 'errors' (use <, <=, >, >= or ==)"],
    ['p99 => 150', "unknown operator '=>' after 'p99' (use <, <=, >, >= or ==)"],
    ['p99 <', "missing number after 'p99 <'"],
    ['p99 < fast', "missing number after 'p99 <' (found 'fast')"],
    ['p99 < -5', "missing number after 'p99 <' (found '-5')"],
    ['rps < 5ms', "unit 'ms' does not fit rps: rps takes a plain number, without a unit"],
    ['errors == 0%', "unit '%' does not fit errors: errors takes a plain number, without a unit"],
    ['p99 < 150MB', "unit 'MB' does not fit p99: p99 takes ms or s (a plain number is in ms)"],
    ['cpu < 80ms', "unit 'ms' does not fit cpu: cpu takes % of one core or a plain fraction of one core (80% = 0.8)"],
    ['error_rate < 1s', "unit 's' does not fit error_rate: error_rate takes % or a plain fraction (1% = 0.01)"],
    ['rss < 5%', "unit '%' does not fit rss: rss takes KB, MB or GB (1024-based: 1 MB = 1,048,576 bytes) or a plain number of bytes"],
    ['p99 < 150msec', "unknown unit 'msec' after 'p99 < 150': p99 takes ms or s (a plain number is in ms)"],
    ['p99 < 150ms or so', "unexpected 'or so' after 'p99 < 150ms'"],
    ['p99 < 150 or so', "unexpected 'or so' after 'p99 < 150'"],
    ['p99 < 150ms;', "unexpected ';' after 'p99 < 150ms'"],
    ['rps > 2,000', "unexpected ',000' after 'rps > 2' (write the number without separators: 2000, not 2,000)"],
  ];
  for (const [text, error] of rejected) {
    test(`rejects '${text}'`, () => {
      assert.deepEqual(parseThreshold(text), { error });
    });
  }

  test('every error is one line', () => {
    for (const [text] of rejected) {
      const result = parseThreshold(text);
      assert.ok('error' in result && !result.error.includes('\n'), text);
    }
  });
});

describe('closestName', () => {
  const cases: [string, string | null][] = [
    ['p95', 'p90'],
    ['P95', 'p90'],
    ['errors_rate', 'error_rate'],
    ['non_2xx', 'non2xx'],
    ['conections', 'connections'],
    ['fd', 'fds'],
    ['pp99', 'p99'],
    ['el_delay', 'el_delay_p99'],
    ['memory', null],
    ['x', null],
    ['', null],
  ];
  for (const [typed, expected] of cases) {
    test(`'${typed}' → ${expected}`, () => assert.equal(closestName(typed, metricNames), expected));
  }
  test('a swap of two neighbours is one edit', () => assert.equal(closestName('clsuter', ['single', 'cluster']), 'cluster'));
});

/** The fixture's trials: single and cluster × cpu and io, one repeat each. */
function trials(): TrialResult[] {
  return makeReport().trials;
}

function trial(topology: string, workload: string, list = trials()): TrialResult {
  const found = list.find((entry) => entry.topology === topology && entry.workload === workload);
  assert.ok(found);
  return found;
}

const noResponse = (entry: TrialResult): TrialResult => ({
  ...entry,
  requests: { ...entry.requests, total: 0, rps: 0, errors: 0, timeouts: 0, non2xx: 0, statusCodes: {}, bytes: 0 },
  latencyMs: { p50: 0, p90: 0, p99: 0, p999: 0, max: 0, mean: 0, stdev: 0 },
});
const noProbes = (entry: TrialResult): TrialResult => ({
  ...entry,
  probes: { ...entry.probes, unavailable: ['no /proc on this platform: CPU, memory, file descriptors and connections are unavailable'], processes: [] },
});

describe('metricValue', () => {
  test('every metric of single on cpu, in its base unit', () => {
    const single = trial('single', 'cpu');
    const expected: Record<MetricName, number | null> = {
      p50: 31.2,
      p90: 38.5,
      p99: 52.4,
      p999: 68.9,
      max: 81.2,
      mean: 32.8,
      rps: 7602 / 5,
      errors: 0,
      error_rate: 0,
      timeouts: 0,
      non2xx: 0,
      // no request of the fixture has expect: nothing was checked
      checks: null,
      cpu: 0.99,
      rss: 92 * MiB,
      fds: 69,
      connections: 50,
      el_delay_p99: 31.5,
    };
    for (const metric of metricNames) assert.equal(metricValue(metric, single), expected[metric], metric);
  });

  test('process figures are the highest peak of any server process', () => {
    const cluster = trial('cluster', 'io');
    assert.equal(metricValue('cpu', cluster), 0.95);
    assert.equal(metricValue('rss', cluster), 81 * MiB);
    assert.equal(metricValue('fds', cluster), 46);
    assert.equal(metricValue('connections', cluster), 26);
    assert.equal(metricValue('el_delay_p99', cluster), 4.1);
  });

  test('error_rate counts errors and non-2xx over the attempted requests', () => {
    assert.equal(metricValue('error_rate', trial('cluster', 'io')), 16 / 192_033);
  });

  test('unavailable is null, never 0', () => {
    const silent = noResponse(trial('single', 'cpu'));
    for (const metric of ['p50', 'p90', 'p99', 'p999', 'max', 'mean', 'error_rate'] as const) assert.equal(metricValue(metric, silent), null, metric);
    assert.equal(metricValue('rps', silent), 0);
    assert.equal(metricValue('errors', silent), 0);
    const blind = noProbes(trial('single', 'cpu'));
    for (const metric of ['cpu', 'rss', 'fds', 'connections', 'el_delay_p99'] as const) assert.equal(metricValue(metric, blind), null, metric);
    // The fixture's cluster on cpu ran without the in-app agent.
    assert.equal(metricValue('el_delay_p99', trial('cluster', 'cpu')), null);
  });
});

function scoped(text: string, scope: { topology?: string; workload?: string } = {}): ScopedThreshold {
  return { threshold: parsed(text), ...scope };
}

describe('evaluateThresholds', () => {
  test('a failure names the trial and the figure', () => {
    const list = trials();
    answered(trial('cluster', 'cpu', list).latencyMs).p99 = 211;
    const result = evaluateThresholds([scoped('p99 < 150ms')], list);
    assert.equal(result.passed, false);
    assert.deepEqual(result.failures, ['p99 < 150ms: cluster on cpu had p99 211 ms']);
    assert.deepEqual(
      result.results.map((entry) => [entry.trial?.topology, entry.trial?.workload, entry.status, entry.value, entry.limit]),
      [
        ['single', 'cpu', 'pass', 52.4, 150],
        ['single', 'io', 'pass', 1.27, 150],
        ['cluster', 'cpu', 'fail', 211, 150],
        ['cluster', 'io', 'pass', 2.05, 150],
      ],
    );
    assert.equal(result.results[0]?.message, 'p99 < 150ms: single on cpu had p99 52.4 ms');
  });

  test("the fixture's gate: errors == 0 fails on cluster on io", () => {
    const result = evaluateThresholds([scoped('p99 < 150'), scoped('errors == 0')], trials());
    assert.deepEqual(result.failures, ['errors == 0: cluster on io had 2 errors']);
    assert.equal(result.results.length, 8);
  });

  test('every metric and unit reads as the tables show it', () => {
    const cases: [string, string][] = [
      ['rps > 2000', 'rps > 2000: single on cpu had 1,520 rps'],
      ['error_rate < 0.001%', 'error_rate < 0.001%: cluster on io had error_rate 0.0083% (503 ×14)'],
      ['cpu <= 80%', 'cpu <= 80%: single on cpu had cpu 99% of a core'],
      ['rss < 64MB', 'rss < 64MB: single on cpu had rss 92.0 MiB'],
      ['el_delay_p99 < 10ms', 'el_delay_p99 < 10ms: single on cpu had el_delay_p99 31.5 ms'],
      ['non2xx == 0', 'non2xx == 0: cluster on io had 14 non2xx (503 ×14)'],
      ['connections < 50', 'connections < 50: single on cpu had 50 connections'],
    ];
    for (const [text, message] of cases)
      assert.ok(
        evaluateThresholds([scoped(text)], trials()).failures.includes(message),
        `${text}: ${evaluateThresholds([scoped(text)], trials()).failures.join(' | ')}`,
      );
  });

  test('at the limit: < fails and <= passes; a value that would read as the limit shows more digits', () => {
    const list = [trial('single', 'cpu')];
    answered((list[0] as TrialResult).latencyMs).p99 = 150;
    assert.equal(evaluateThresholds([scoped('p99 < 150ms')], list).passed, false);
    assert.equal(evaluateThresholds([scoped('p99 <= 150ms')], list).passed, true);
    answered((list[0] as TrialResult).latencyMs).p99 = 150.004;
    assert.deepEqual(evaluateThresholds([scoped('p99 <= 0.15s')], list).failures, ['p99 <= 0.15s: single on cpu had p99 150.004 ms']);
  });

  test('a metric that could not be measured is a failure, never a pass', () => {
    const list = [noProbes(trial('single', 'cpu')), noResponse(trial('single', 'io'))];
    const result = evaluateThresholds([scoped('cpu < 200%'), scoped('p99 < 10s')], list);
    assert.equal(result.passed, false);
    assert.deepEqual(
      result.results.map((entry) => entry.status),
      // cpu: no probes on the first, a busy core on the second; p99: the first answered, the second did not.
      ['no-data', 'pass', 'pass', 'no-data'],
    );
    assert.equal(
      result.results[0]?.message,
      'cpu < 200%: not enough data on single on cpu: no CPU sample of a server process in the measured phase; no /proc on this platform: CPU, memory, file descriptors and connections are unavailable',
    );
    assert.equal(result.results[3]?.message, 'p99 < 10s: not enough data on single on io: no response was received, so there is no latency');
    assert.equal(result.results[3]?.value, null);
  });

  test('a scope limits the trials judged', () => {
    const result = evaluateThresholds(
      [
        scoped('p99 < 10ms', { topology: 'cluster' }),
        scoped('rps > 20000', { workload: 'io' }),
        scoped('p50 < 20ms', { topology: 'cluster', workload: 'cpu' }),
      ],
      trials(),
    );
    assert.deepEqual(
      result.results.map((entry) => [entry.threshold, entry.trial?.topology, entry.trial?.workload, entry.status]),
      [
        ['p99 < 10ms', 'cluster', 'cpu', 'fail'],
        ['p99 < 10ms', 'cluster', 'io', 'pass'],
        ['rps > 20000', 'single', 'io', 'pass'],
        ['rps > 20000', 'cluster', 'io', 'pass'],
        ['p50 < 20ms', 'cluster', 'cpu', 'pass'],
      ],
    );
    assert.deepEqual(result.failures, ['p99 < 10ms (topology cluster): cluster on cpu had p99 27.3 ms']);
    assert.deepEqual(result.results[0]?.scope, { topology: 'cluster' });
  });

  test('a scope that matches no trial fails, with the names that ran', () => {
    const result = evaluateThresholds(
      [
        scoped('p99 < 150ms', { topology: 'clustr' }),
        scoped('p99 < 150ms', { workload: 'database' }),
        scoped('p99 < 150ms', { topology: 'pm2', workload: 'ioo' }),
      ],
      trials(),
    );
    assert.equal(result.passed, false);
    assert.deepEqual(result.failures, [
      "p99 < 150ms (topology clustr): no trial matched: no topology 'clustr' ran (topologies: single, cluster); did you mean cluster?",
      "p99 < 150ms (workload database): no trial matched: no workload 'database' ran (workloads: cpu, io)",
      "p99 < 150ms (topology pm2, workload ioo): no trial matched: no topology 'pm2' ran (topologies: single, cluster); no workload 'ioo' ran (workloads: cpu, io); did you mean io?",
    ]);
    assert.deepEqual(result.results[0], {
      threshold: 'p99 < 150ms',
      scope: { topology: 'clustr' },
      trial: null,
      status: 'no-data',
      value: null,
      limit: 150,
      message: result.failures[0],
    });
  });

  test('a topology and a workload that both ran but not together', () => {
    const list = trials().filter((entry) => !(entry.topology === 'cluster' && entry.workload === 'io'));
    assert.deepEqual(evaluateThresholds([scoped('errors == 0', { topology: 'cluster', workload: 'io' })], list).failures, [
      "errors == 0 (topology cluster, workload io): no trial matched: topology 'cluster' did not run workload 'io'",
    ]);
  });

  test('no trial at all fails', () => {
    assert.deepEqual(evaluateThresholds([scoped('errors == 0')], []).failures, ['errors == 0: no trial to judge (none finished)']);
  });

  test('no threshold passes', () => {
    assert.deepEqual(evaluateThresholds([], trials()), { passed: true, failures: [], results: [] });
  });

  test('each repeat is judged, and named when there are several', () => {
    const first = trial('single', 'cpu');
    const second = { ...structuredClone(first), repeat: 2, latencyMs: { ...answered(first.latencyMs), p99: 180 } };
    const result = evaluateThresholds([scoped('p99 < 150ms')], [first, second]);
    assert.deepEqual(result.failures, ['p99 < 150ms: single on cpu (repeat 2) had p99 180 ms']);
    assert.deepEqual(
      result.results.map((entry) => entry.trial),
      [
        { topology: 'single', workload: 'cpu', repeat: 1 },
        { topology: 'single', workload: 'cpu', repeat: 2 },
      ],
    );
  });
});
