import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decideOutcome } from '../../../src/analysis/outcome.js';
import type { RegressionReport } from '../../../src/analysis/regression/index.js';
import type { Outcome, ThresholdResult } from '../../../src/contract/gate.js';
import type { TrialResult } from '../../../src/contract/trial.js';
import type { Verdict, VerdictId } from '../../../src/contract/verdict.js';
import { makeReport } from '../../fixtures/report-fixture.js';
import { renderJunit } from '../../../src/render/gate/junit.js';

interface Element {
  name: string;
  attributes: Record<string, string>;
  children: Element[];
  text: string;
}

/**
 * A small XML reader for what renderJunit writes: elements, double-quoted attributes, text and
 * the five predefined entities plus numeric references. It throws on anything malformed (an
 * unescaped < or &, a stray quote, a wrong closing tag), which is what the tests rely on.
 */
function parseXml(xml: string): Element {
  const declaration = /^<\?xml version="1\.0" encoding="UTF-8"\?>\n/;
  assert.match(xml, declaration);
  let at = xml.match(declaration)?.[0].length ?? 0;
  const decode = (text: string) => {
    assert.doesNotMatch(text, /&(?!(?:amp|lt|gt|quot|apos|#\d+);)/, `a bare & in ${text}`);
    return text.replace(/&(amp|lt|gt|quot|apos|#\d+);/g, (_, entity: string) =>
      entity.startsWith('#')
        ? String.fromCodePoint(Number(entity.slice(1)))
        : (({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[entity] ?? ''),
    );
  };
  const element = (): Element => {
    const open = /^<([A-Za-z][\w-]*)((?:\s+[A-Za-z][\w-]*="[^"<]*")*)\s*(\/?)>/.exec(xml.slice(at));
    assert.ok(open, `no element at ${at}: ${xml.slice(at, at + 60)}`);
    at += open[0].length;
    const [, name, attributeText, selfClosing] = open as unknown as [string, string, string, string];
    const attributes: Record<string, string> = {};
    for (const match of attributeText.matchAll(/([A-Za-z][\w-]*)="([^"]*)"/g)) attributes[match[1] as string] = decode(match[2] as string);
    const result: Element = { name, attributes, children: [], text: '' };
    if (selfClosing) return result;
    for (;;) {
      const text = /^[^<]*/.exec(xml.slice(at))?.[0] ?? '';
      assert.doesNotMatch(text, />/, `a bare > in ${text}`);
      result.text += decode(text);
      at += text.length;
      if (xml.startsWith(`</${name}>`, at)) {
        at += name.length + 3;
        return result;
      }
      result.children.push(element());
    }
  };
  const root = element();
  assert.equal(xml.slice(at), '\n');
  return root;
}

const thresholds: ThresholdResult[] = [
  {
    threshold: 'p99 < 150ms',
    scope: {},
    trial: { topology: 'single', workload: 'cpu', repeat: 1 },
    status: 'pass',
    value: 52.4,
    limit: 150,
    message: 'p99 < 150ms: single on cpu had p99 52.4 ms',
  },
  {
    threshold: 'p99 < 150ms',
    scope: {},
    trial: { topology: 'cluster', workload: 'cpu', repeat: 1 },
    status: 'fail',
    value: 211,
    limit: 150,
    message: 'p99 < 150ms: cluster on cpu had p99 211 ms',
  },
  {
    threshold: 'cpu <= 80%',
    scope: { topology: 'cluster' },
    trial: { topology: 'cluster', workload: 'cpu', repeat: 1 },
    status: 'no-data',
    value: null,
    limit: 0.8,
    message: 'cpu <= 80% (topology cluster): not enough data on cluster on cpu: no CPU sample of a server process in the measured phase',
  },
  {
    threshold: 'errors == 0',
    scope: { workload: 'nope' },
    trial: null,
    status: 'no-data',
    value: null,
    limit: 0,
    message: "errors == 0 (workload 'nope'): no trial matched",
  },
];

function metric(name: 'p50' | 'p99' | 'rps', verdict: 'regression' | 'improvement' | 'no-change' | 'not-enough-data', message: string) {
  return {
    metric: name,
    direction: name === 'rps' ? ('higher-is-better' as const) : ('lower-is-better' as const),
    verdict,
    baseMedian: 1,
    currentMedian: 1,
    baseCount: 30,
    currentCount: 30,
    change: 0,
    pValue: 0.5,
    pBeyondTolerance: null,
    reason: '',
    baseRun: 1,
    currentRun: 1,
    message,
  };
}

const regression: RegressionReport = {
  base: { scenario: 'api', startedAt: '2026-03-01T09:00:00.000Z', loadlab: '0.1.0', node: 'v20.19.0', cpus: 4, cpuModel: 'x' },
  current: { scenario: 'api', startedAt: '2026-03-02T09:00:00.000Z', loadlab: '0.1.0', node: 'v20.19.0', cpus: 4, cpuModel: 'x' },
  maxRegression: 0.1,
  alpha: 0.05,
  comparisons: [
    {
      topology: 'cluster',
      workload: 'cpu',
      repeats: { base: 3, current: 3 },
      samples: { unit: 'window' as const, widthMs: { base: 100, current: 100 } },
      metrics: [
        metric('p50', 'no-change', 'cluster on cpu: p50 +1.0%'),
        metric('p99', 'regression', 'cluster on cpu: p99 +33.3% (30.0 ms → 40.0 ms): worse by more than the 10% tolerance, significantly (p = 0.002)'),
        metric('rps', 'improvement', 'cluster on cpu: rps +25.0%'),
      ],
    },
    {
      topology: 'single',
      workload: 'io',
      repeats: { base: 3, current: 3 },
      samples: { unit: 'window' as const, widthMs: { base: 100, current: 100 } },
      metrics: [metric('p50', 'not-enough-data', 'single on io: p50 (1.00 ms → no sample): no sample in the current run')],
    },
  ],
  onlyInBase: [{ topology: 'pm2', workload: 'io' }],
  onlyInCurrent: [{ topology: 'proxy', workload: 'cpu' }],
  regressed: true,
  passed: false,
  regressions: ['cluster on cpu: p99 +33.3% (30.0 ms → 40.0 ms): worse by more than the 10% tolerance, significantly (p = 0.002)'],
  inconclusive: [
    'single on io: p50 (1.00 ms → no sample): no sample in the current run',
    'pm2 on io: ran in the base run only, so it was not compared: run it in the current run too, or leave it out of both (--topology, --workload)',
    'proxy on cpu: ran in the current run only, so it was not compared: run it in the base run too, or leave it out of both (--topology, --workload)',
  ],
  warnings: [],
};

const failing = (policy: 'fail' | 'warn' = 'fail'): Outcome => decideOutcome({ thresholds, regression, inconclusive: policy });

/** Each test case as [suite, name, failure type or 'skipped' or 'pass', message]. */
function cases(root: Element): string[][] {
  return root.children.flatMap((suite) =>
    suite.children.map((testcase) => {
      const [child] = testcase.children;
      const outcome = child === undefined ? 'pass' : child.name === 'skipped' ? 'skipped' : (child.attributes.type ?? '?');
      return [suite.attributes.name ?? '', testcase.attributes.name ?? '', outcome, child?.attributes.message ?? ''];
    }),
  );
}

describe('renderJunit', () => {
  test('a test case per threshold result and per compared metric; what could not be judged is a failure', () => {
    const root = parseXml(renderJunit({ thresholds, regression, outcome: failing(), suiteName: 'loadlab api' }));
    assert.equal(root.name, 'testsuites');
    assert.deepEqual(root.attributes, { name: 'loadlab api', tests: '10', failures: '7', errors: '0', skipped: '0' });
    assert.deepEqual(
      root.children.map((suite) => [suite.name, suite.attributes]),
      [
        ['testsuite', { name: 'loadlab api · thresholds', tests: '4', failures: '3', errors: '0', skipped: '0' }],
        ['testsuite', { name: 'loadlab api · regression', tests: '6', failures: '4', errors: '0', skipped: '0' }],
      ],
    );
    assert.deepEqual(cases(root), [
      ['loadlab api · thresholds', 'p99 < 150ms · single on cpu', 'pass', ''],
      ['loadlab api · thresholds', 'p99 < 150ms · cluster on cpu', 'threshold', 'p99 < 150ms: cluster on cpu had p99 211 ms'],
      ['loadlab api · thresholds', 'cpu <= 80% (topology cluster) · cluster on cpu', 'inconclusive', thresholds[2]?.message ?? ''],
      ['loadlab api · thresholds', 'errors == 0 (workload nope)', 'inconclusive', "errors == 0 (workload 'nope'): no trial matched"],
      ['loadlab api · regression', 'cluster on cpu · p50', 'pass', ''],
      ['loadlab api · regression', 'cluster on cpu · p99', 'regression', regression.comparisons[0]?.metrics[1]?.message ?? ''],
      ['loadlab api · regression', 'cluster on cpu · rps', 'pass', ''],
      ['loadlab api · regression', 'single on io · p50', 'inconclusive', 'single on io: p50 (1.00 ms → no sample): no sample in the current run'],
      ['loadlab api · regression', 'pm2 on io', 'inconclusive', regression.inconclusive[1] ?? ''],
      ['loadlab api · regression', 'proxy on cpu', 'inconclusive', regression.inconclusive[2] ?? ''],
    ]);
    for (const testcase of root.children.flatMap((suite) => suite.children)) {
      assert.match(testcase.attributes.classname ?? '', /^loadlab api\.(thresholds|regression)$/);
      const failure = testcase.children.find((child) => child.name === 'failure');
      if (failure) assert.equal(failure.text, failure.attributes.message, 'the body repeats the message');
    }
  });

  test('--inconclusive warn: what could not be judged is skipped, and only real failures fail', () => {
    const root = parseXml(renderJunit({ thresholds, regression, outcome: failing('warn'), suiteName: 'x' }));
    assert.deepEqual(root.attributes, { name: 'x', tests: '10', failures: '2', errors: '0', skipped: '5' });
    const skipped = cases(root).filter((entry) => entry[2] === 'skipped');
    assert.ok(
      skipped.every((entry) => entry[3]?.startsWith('inconclusive (--inconclusive warn): ')),
      JSON.stringify(skipped),
    );
  });

  test('the file has a failure exactly when the outcome exits 1', () => {
    const passing = thresholds.filter((result) => result.status === 'pass');
    const inputs: [{ thresholds?: ThresholdResult[]; regression?: RegressionReport }, string][] = [
      [{ thresholds: passing }, '0'],
      [{ thresholds }, '3'],
      [{ regression: { ...regression, comparisons: [], onlyInBase: [], onlyInCurrent: [], regressions: [], inconclusive: ['nothing to compare'] } }, '1'],
    ];
    for (const [input, expected] of inputs) {
      const outcome = decideOutcome({ ...input, inconclusive: 'fail' });
      const root = parseXml(renderJunit({ ...input, outcome, suiteName: 'x' }));
      assert.equal(root.attributes.failures, expected);
      assert.equal(outcome.exitCode === 1, expected !== '0');
    }
  });

  test("a suite of the trials' verdicts: a failed one fails, one without data is skipped", () => {
    const [trial] = makeReport().trials as [TrialResult];
    const verdict = (id: VerdictId, status: Verdict['status']): Verdict => ({ id, status, value: null, limit: 0, message: `${id} said ${status}` });
    const trials = [
      { ...trial, verdicts: [verdict('slo-p99', 'fail'), verdict('scale-cpu', 'warn'), verdict('event-loop', 'no-data'), verdict('errors', 'pass')] },
    ];
    const outcome = decideOutcome({ trials, inconclusive: 'fail' });
    const root = parseXml(renderJunit({ trials, outcome, suiteName: 'x' }));
    assert.deepEqual(cases(root), [
      ['x · verdicts', `${trial.topology} on ${trial.workload} · slo-p99`, 'verdict', 'slo-p99 said fail'],
      ['x · verdicts', `${trial.topology} on ${trial.workload} · scale-cpu`, 'pass', ''],
      ['x · verdicts', `${trial.topology} on ${trial.workload} · event-loop`, 'skipped', 'event-loop said no-data'],
      ['x · verdicts', `${trial.topology} on ${trial.workload} · errors`, 'pass', ''],
    ]);
    assert.equal(outcome.exitCode, 1);
  });

  test('<, >, &, quotes, line breaks and control characters are escaped or dropped', () => {
    const nasty = `p99 < 150ms & "rps" > '2000'\n<script>alert(1)</script>\u0007\u0000 ✓`;
    const results: ThresholdResult[] = [
      {
        threshold: nasty,
        scope: { topology: 'a&b' },
        trial: { topology: 'a&b', workload: '<w>', repeat: 1 },
        status: 'fail',
        value: 1,
        limit: 0,
        message: nasty,
      },
    ];
    const xml = renderJunit({ thresholds: results, outcome: decideOutcome({ thresholds: results, inconclusive: 'fail' }), suiteName: 'suite "x" & <y>' });
    assert.doesNotMatch(xml, /<script>|\u0007|\u0000/);
    assert.match(xml, /&lt;script&gt;/);
    const root = parseXml(xml);
    assert.equal(root.attributes.name, 'suite "x" & <y>');
    const [[, name, type, message]] = cases(root) as [string[]];
    assert.equal(name, `${nasty.replace(/[\u0000\u0007]/g, '')} (topology a&b) · a&b on <w>`);
    assert.equal(type, 'threshold');
    assert.equal(message, nasty.replace(/[\u0000\u0007]/g, ''), 'the line break survives in the attribute as &#10;');
    const failure = root.children[0]?.children[0]?.children[0];
    assert.equal(failure?.text, nasty.replace(/[\u0000\u0007]/g, ''));
  });

  test('several repeats of one trial are named apart', () => {
    const repeat = (n: number): ThresholdResult => ({
      threshold: 'errors == 0',
      scope: {},
      trial: { topology: 's', workload: 'w', repeat: n },
      status: 'pass',
      value: 0,
      limit: 0,
      message: '',
    });
    const results = [repeat(1), repeat(2)];
    const root = parseXml(renderJunit({ thresholds: results, outcome: decideOutcome({ thresholds: results, inconclusive: 'fail' }), suiteName: 'x' }));
    assert.deepEqual(
      cases(root).map((entry) => entry[1]),
      ['errors == 0 · s on w (repeat 1)', 'errors == 0 · s on w (repeat 2)'],
    );
  });

  test('nothing compared is a failing test case', () => {
    const empty: RegressionReport = {
      ...regression,
      comparisons: [],
      onlyInBase: [],
      onlyInCurrent: [],
      regressed: false,
      regressions: [],
      inconclusive: ['nothing to compare: no topology × workload ran in both runs (base: none; current: none)'],
    };
    const root = parseXml(renderJunit({ regression: empty, outcome: decideOutcome({ regression: empty, inconclusive: 'fail' }), suiteName: 'x' }));
    assert.deepEqual(cases(root), [['x · regression', 'comparison', 'inconclusive', empty.inconclusive[0] ?? '']]);
  });

  test('no input: an empty but valid document', () => {
    const xml = renderJunit({ outcome: decideOutcome({ inconclusive: 'fail' }), suiteName: 'x' });
    assert.equal(xml, '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="x" tests="0" failures="0" errors="0" skipped="0">\n</testsuites>\n');
    assert.deepEqual(parseXml(xml).children, []);
  });
});
