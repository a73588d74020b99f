import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventImpact, withEventImpact } from '../../../src/analysis/run/event-impact.js';
import { eventSentences, eventWarnings } from '../../../src/analysis/run/event-summary.js';
import type { RunReport } from '../../../src/contract/run-report.js';
import { isProcessExit, isTrialEvent, type ProcessExitEvent, type SeriesPoint, type TrialEvent, type TrialResult } from '../../../src/contract/trial.js';
import { describeEvent, describeExit } from '../../../src/text/event-text.js';
import type { LineChart } from '../../../src/render/common/chart-data.js';
import { chartsOf } from '../../../src/render/run/html-charts.js';
import { renderHtml } from '../../../src/render/run/html.js';
import { renderMarkdown } from '../../../src/render/run/markdown.js';
import { renderTerminal } from '../../../src/render/run/terminal.js';
import { makeReport } from '../../fixtures/report-fixture.js';

/** One point a second: [rps, p99Ms, errors]. */
function series(...points: [number, number, number][]): SeriesPoint[] {
  return points.map(([rps, p99Ms, errors], t) => ({ t, rps, p50Ms: p99Ms / 2, p99Ms, errors }));
}

function done(startedMs: number, endedMs: number, overrides: Partial<TrialEvent> = {}): TrialEvent {
  return { action: 'reload', atMs: startedMs, startedMs, endedMs, status: 'done', detail: 'replaced every worker one at a time (1, 2 → 3, 4)', ...overrides };
}

const steady = series([500, 10, 0], [500, 12, 0], [480, 14, 0], [300, 41, 3], [350, 30, 1], [500, 11, 0]);

const impactCases: { title: string; event: TrialEvent; points: SeriesPoint[]; expected: ReturnType<typeof eventImpact> }[] = [
  {
    title: 'the seconds from its start to one second after its end, against the median p99 before',
    event: done(3000, 3200),
    points: steady,
    expected: { fromS: 3, toS: 4, errors: 4, p99DuringMs: 41, p99BeforeMs: 12 },
  },
  {
    title: 'an end on a whole second counts the second after it, not two',
    event: done(3000, 4000),
    points: steady,
    expected: { fromS: 3, toS: 4, errors: 4, p99DuringMs: 41, p99BeforeMs: 12 },
  },
  {
    title: 'an event in the first second has no seconds before it',
    event: done(0, 300),
    points: steady,
    expected: { fromS: 0, toS: 1, errors: 0, p99DuringMs: 12, p99BeforeMs: null },
  },
  {
    title: 'seconds without a response are left out of the p99s, not counted as 0',
    event: done(1500, 1800),
    points: series([500, 10, 0], [0, 0, 7], [0, 0, 2], [500, 11, 0]),
    expected: { fromS: 1, toS: 2, errors: 9, p99DuringMs: null, p99BeforeMs: 10 },
  },
  {
    title: 'an event that ends after the load keeps to the series it has',
    event: done(2500, 5000),
    points: series([500, 10, 0], [500, 12, 0], [400, 30, 1]),
    expected: { fromS: 2, toS: 2, errors: 1, p99DuringMs: 30, p99BeforeMs: 11 },
  },
  { title: 'a failed event has no impact', event: done(1000, 1200, { status: 'failed', endedMs: null }), points: steady, expected: undefined },
  {
    title: 'a skipped event has no impact',
    event: done(1000, 1200, { status: 'skipped', startedMs: null, endedMs: null }),
    points: steady,
    expected: undefined,
  },
];

test('event impact: the seconds an earlier event disturbed are not part of the p99 before a later one', () => {
  const points = series([500, 10, 0], [300, 90, 2], [500, 12, 0], [500, 14, 0], [300, 60, 1], [500, 11, 0]);
  const [fixtureTrial] = makeReport().trials;
  assert.ok(fixtureTrial);
  const trial = { ...fixtureTrial, series: points, events: [done(1000, 1500), done(4000, 4500, { action: 'kill-worker' })] };
  const [first, second] = (withEventImpact(trial).events ?? []).filter(isTrialEvent);
  assert.deepEqual([first?.impact?.fromS, first?.impact?.toS], [1, 2]);
  // seconds 0 and 3 (p99 10 and 14), not 1 and 2 (the first event's)
  assert.equal(second?.impact?.p99BeforeMs, 12);
  assert.equal(fixtureTrial.load.model, 'closed');
  assert.equal(eventImpact(done(4000, 4500), points)?.p99BeforeMs, 13);
});

test('event impact, open model: the second before the event counts too (its requests were filed under their intended start)', () => {
  assert.deepEqual(eventImpact(done(3200, 3400), steady, { model: 'open' }), { fromS: 2, toS: 4, errors: 4, p99DuringMs: 41, p99BeforeMs: 11 });
  assert.deepEqual(eventImpact(done(500, 700), steady, { model: 'open' })?.fromS, 0);
  assert.deepEqual(eventImpact(done(3200, 3400), steady, { model: 'closed' })?.fromS, 3);
});

for (const { title, event, points, expected } of impactCases) {
  test(`event impact: ${title}`, () => {
    assert.deepEqual(eventImpact(event, points), expected);
  });
}

test('an event in words: when, how long, errors, p99 during against before; skipped and failed say why', () => {
  const impact = { fromS: 3, toS: 4, errors: 0, p99DuringMs: 41, p99BeforeMs: 12 };
  assert.equal(
    describeEvent({ ...done(3000, 4200), impact }, { detail: false }),
    'reload at 3 s took 1.2 s; 0 errors; p99 41.0 ms during it against 12.0 ms before',
  );
  assert.equal(
    describeEvent({ ...done(3000, 4200), impact: { ...impact, errors: 1 } }, { detail: true }),
    'reload at 3 s took 1.2 s; 1 error; p99 41.0 ms during it against 12.0 ms before (replaced every worker one at a time (1, 2 → 3, 4))',
  );
  assert.equal(
    describeEvent({ ...done(1000, 1100), impact: { ...impact, p99DuringMs: null } }, { detail: false }),
    'reload at 1 s took 100 ms; 0 errors; no response during it',
  );
  assert.equal(
    describeEvent(done(1000, 1200, { status: 'skipped', startedMs: null, endedMs: null, detail: "'reload' is not supported by topology 'single' (single)" }), {
      detail: true,
    }),
    "reload at 1 s skipped: 'reload' is not supported by topology 'single' (single)",
  );
  assert.equal(
    describeEvent(done(1000, 1200, { status: 'failed', endedMs: null, detail: 'no worker is listening' }), { detail: true }),
    'reload at 1 s failed: no worker is listening',
  );
  assert.equal(
    describeEvent(done(1500, 1700, { atMs: 1000, action: 'restart' }), { detail: false }),
    'restart at 1 s (began at 1.5 s, after the one before it) took 200 ms',
  );
});

/** The fixture with a done reload on cluster × io, a skipped one on single × io, and a failed kill on cluster × cpu. */
function reportWithEvents(): RunReport {
  const report = makeReport();
  const trials = report.trials.map((trial) => {
    if (trial.workload === 'io' && trial.topology === 'cluster') return withEventImpact({ ...trial, events: [done(2000, 3200)] });
    if (trial.workload === 'io' && trial.topology === 'single')
      return {
        ...trial,
        events: [done(2000, 0, { status: 'skipped', startedMs: null, endedMs: null, detail: "'reload' is not supported by topology 'single' (single)" })],
      };
    if (trial.workload === 'cpu' && trial.topology === 'cluster')
      return { ...trial, events: [done(1000, 0, { action: 'kill-worker', endedMs: null, status: 'failed', detail: 'the cluster primary exited <now>' })] };
    return trial;
  });
  return { ...report, trials };
}

test('analysis: a summary line per done event, a warning per failed one, none for skipped ones', () => {
  const { trials } = reportWithEvents();
  const io = trials.find((trial) => trial.topology === 'cluster' && trial.workload === 'io');
  const impact = (io?.events ?? []).filter(isTrialEvent)[0]?.impact;
  assert.ok(impact && io);
  assert.deepEqual([impact.fromS, impact.toS], [2, 4]);
  assert.equal(
    impact.errors,
    io.series.filter((point) => point.t >= 2 && point.t <= 4).reduce((sum, point) => sum + point.errors, 0),
  );
  const sentences = eventSentences(trials);
  assert.equal(sentences.length, 1);
  assert.match(sentences[0] ?? '', /^cluster on io: reload at 2 s took 1\.2 s; \d+ errors?; p99 .* during it against .* before\.$/);
  assert.deepEqual(eventWarnings(trials), ['cluster on cpu: kill-worker at 1 s failed: the cluster primary exited <now>']);
  assert.deepEqual(eventSentences(makeReport().trials), []);
});

test('terminal: a line per event under the trial table of its workload', () => {
  const output = renderTerminal(reportWithEvents(), { color: false });
  assert.match(output, /\nevents\n {2}cluster {2}kill-worker at 1 s failed: the cluster primary exited <now>\n/);
  assert.match(
    output,
    /\nevents\n {2}single {3}reload at 2 s skipped: 'reload' is not supported by topology 'single' \(single\)\n {2}cluster {2}reload at 2 s took 1\.2 s; \d+ errors?; p99 .* \(replaced every worker one at a time \(1, 2 → 3, 4\)\)\n/,
  );
  assert.doesNotMatch(renderTerminal(makeReport(), { color: false }), /\nevents\n/);
});

test('markdown: an Events list per workload', () => {
  const output = renderMarkdown(reportWithEvents());
  assert.match(output, /\*\*Events\*\*\n\n- \*\*cluster\*\*: kill-worker at 1 s failed: the cluster primary exited \\<now\\>\n/);
  assert.match(output, /\*\*Events\*\*\n\n- \*\*single\*\*: reload at 2 s skipped: .*\n- \*\*cluster\*\*: reload at 2 s took 1\.2 s; /);
  assert.doesNotMatch(renderMarkdown(makeReport()), /\*\*Events\*\*/);
});

test('HTML: a marker at each event that began on the per-second charts, the events listed, strings escaped', () => {
  const report = reportWithEvents();
  const io = chartsOf(report).find((entry) => entry.workload === 'io');
  for (const name of ['latency-over-time', 'rps-over-time']) {
    const chart = io?.charts.find((entry) => entry.name === name) as LineChart | undefined;
    assert.ok(chart, name);
    assert.deepEqual(
      chart.marks.map((mark) => [mark.symbol, mark.x, mark.y]),
      [['event', 2, null]],
      `${name}: the skipped event has no marker`,
    );
    assert.match(chart.marks[0]?.label ?? '', /^cluster: reload at 2 s took 1\.2 s/);
  }
  const page = renderHtml(report);
  assert.match(page, /<h3>Events<\/h3>\n<ul class="events"><li><strong>single<\/strong>: reload at 2 s skipped: &#39;reload&#39; is not supported/);
  assert.ok(page.includes('the cluster primary exited &lt;now&gt;'));
  assert.ok(!page.includes('exited <now>'), 'no unescaped string from the report');
  assert.doesNotMatch(renderHtml(makeReport()), /<h3>Events<\/h3>/);
});

/** The fixture with single × cpu's instance killed 1.5 s into the measured phase, and cluster × cpu's worker replaced during a kill-worker event. */
function reportWithExits(): RunReport {
  const report = makeReport();
  const exit = (overrides: Partial<ProcessExitEvent>): ProcessExitEvent => ({
    kind: 'process-exit',
    pid: 41_000,
    role: 'instance',
    code: null,
    signal: 'SIGKILL',
    atMs: 1500,
    phase: 'measured',
    during: null,
    replacedBy: null,
    ...overrides,
  });
  const trials = report.trials.map((trial) => {
    if (trial.workload !== 'cpu') return trial;
    if (trial.topology === 'single') return { ...trial, events: [exit({})] };
    return {
      ...trial,
      events: [
        done(1000, 1400, { action: 'kill-worker', detail: 'killed worker 41191 (SIGKILL); the primary forked 41195 in its place' }),
        exit({ pid: 41_191, role: 'worker', atMs: 1003, during: 'kill-worker', replacedBy: { pid: 41_195, by: 'the cluster primary' } }),
      ],
    };
  });
  return { ...report, trials };
}

test('describeExit: the process, how it ended, when, the event it was part of and what took its place', () => {
  const exit = { pid: 4242, role: 'instance', code: null, signal: 'SIGKILL', atMs: 1500, phase: 'measured', during: null, replacedBy: null } as const;
  assert.equal(describeExit(exit), 'instance 4242 was killed by SIGKILL 1.5 s into the measured phase');
  assert.equal(
    describeExit({ ...exit, signal: null, code: 3, atMs: -250, phase: 'warmup' }),
    'instance 4242 exited with code 3 in the warm-up, 250 ms before the measured phase',
  );
  assert.equal(
    describeExit({ ...exit, role: 'worker', signal: null, during: 'reload', replacedBy: { pid: null, by: 'PM2' } }),
    'worker 4242 exited (code and signal unknown) 1.5 s into the measured phase during the reload event; PM2 started another in its place',
  );
});

test('exits on the timeline: listed with the events in terminal, markdown and HTML, marked on the charts, planned ones as planned', () => {
  const report = reportWithExits();
  const terminal = renderTerminal(report, { color: false });
  assert.match(
    terminal,
    /\nevents\n {2}single {3}instance 41000 was killed by SIGKILL 1\.5 s into the measured phase\n {2}cluster {2}kill-worker at 1 s took 400 ms \(killed worker 41191 \(SIGKILL\); the primary forked 41195 in its place\)\n {2}cluster {2}worker 41191 was killed by SIGKILL 1 s into the measured phase during the kill-worker event; the cluster primary started 41195 in its place\n/,
  );
  const markdown = renderMarkdown(report);
  assert.match(
    markdown,
    /\*\*Events\*\*\n\n- \*\*single\*\*: instance 41000 was killed by SIGKILL 1\.5 s into the measured phase\n- \*\*cluster\*\*: kill-worker at 1 s took 400 ms/,
  );
  assert.match(markdown, /- \*\*cluster\*\*: worker 41191 was killed by SIGKILL 1 s into the measured phase during the kill-worker event;/);
  const page = renderHtml(report);
  assert.match(page, /<li><strong>single<\/strong>: instance 41000 was killed by SIGKILL 1\.5 s into the measured phase<\/li>/);
  const cpu = chartsOf(report).find((entry) => entry.workload === 'cpu');
  const chart = cpu?.charts.find((entry) => entry.name === 'rps-over-time') as LineChart | undefined;
  assert.deepEqual(
    chart?.marks.map((mark) => [mark.x, mark.label]),
    [
      [1.5, 'single: instance 41000 was killed by SIGKILL 1.5 s into the measured phase'],
      [1, 'cluster: kill-worker at 1 s took 400 ms'],
      [
        1.003,
        'cluster: worker 41191 was killed by SIGKILL 1 s into the measured phase during the kill-worker event; the cluster primary started 41195 in its place',
      ],
    ],
  );
  // the event's impact is computed as before; an exit has none, and the summary's event lines are the events'
  const [event, exit] = withEventImpact(report.trials.find((trial) => trial.topology === 'cluster' && trial.workload === 'cpu') as TrialResult).events ?? [];
  assert.ok(event && !isProcessExit(event) && event.impact);
  assert.ok(exit && isProcessExit(exit));
  assert.deepEqual(eventSentences(report.trials).length, 1);
});
