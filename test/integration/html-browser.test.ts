import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, test } from 'node:test';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { CapacityReport } from '../../src/contract/capacity-report.js';
import type { RunReport } from '../../src/contract/run-report.js';
import { renderCapacityHtml } from '../../src/render/capacity/html.js';
import { chartNames } from '../../src/render/common/chart-data.js';
import { renderHtml } from '../../src/render/run/html.js';
import { makeCapacityReport } from '../fixtures/capacity-fixture.js';
import { makeReport } from '../fixtures/report-fixture.js';
import { fixtureScenario, repoRoot, runCli } from '../helpers/cli.js';

/** Debian's chromium package; .ci/run installs it. playwright-core never downloads a browser here. */
const chromiumPath = '/usr/bin/chromium';
const skip = existsSync(chromiumPath) ? false : `no Chromium at ${chromiumPath} (apt-get install chromium): the HTML report is not checked in a real browser`;
/** Kept after the test (reports/ is ignored by git): the report and its screenshot, for a person or a CI artifact. */
const outFolder = join(repoRoot, 'reports', 'html-browser-test');

interface PageProblems {
  errors: string[];
  /** Requests for anything but the file itself: the report must work offline. */
  requests: string[];
  dialogs: string[];
}

async function withBrowser(use: (context: BrowserContext) => Promise<void>): Promise<void> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'loadlab-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 900 },
  });
  try {
    await use(context);
  } finally {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
}

async function open(context: BrowserContext, file: string): Promise<{ page: Page; problems: PageProblems }> {
  const page = await context.newPage();
  const url = pathToFileURL(file).href;
  const problems: PageProblems = { errors: [], requests: [], dialogs: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') problems.errors.push(message.text());
  });
  page.on('pageerror', (error) => problems.errors.push(error.message));
  page.on('request', (request) => {
    if (request.url() !== url) problems.requests.push(request.url());
  });
  page.on('dialog', (dialog) => {
    problems.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, problems };
}

/** Each chart: its name, whether the script marked it drawn, and how many data marks (lines, bars) its SVG holds. */
function charts(page: Page): Promise<{ name: string | null; drawn: string | null; marks: number }[]> {
  return page.$$eval('[data-chart]', (figures) =>
    figures.map((figure) => ({
      name: figure.getAttribute('data-chart'),
      drawn: figure.getAttribute('data-drawn'),
      marks: figure.querySelectorAll('svg path.line, svg rect:not(.plot)').length,
    })),
  );
}

describe('the HTML report in a real browser', { skip }, () => {
  test('a real run: no console error, nothing fetched, every chart drawn; a screenshot beside the report', { timeout: 120_000 }, async () => {
    rmSync(outFolder, { recursive: true, force: true });
    const run = await runCli([
      'run',
      fixtureScenario('demo-both.ts'),
      '--duration',
      '2s',
      '--warmup',
      '500ms',
      '--format',
      'html,json',
      '--quiet',
      '--out',
      outFolder,
    ]);
    assert.equal(run.code, 0, run.stderr);
    const htmlFile = /^report written to (.+\.html)$/m.exec(run.stderr)?.[1];
    assert.ok(htmlFile, run.stderr);
    await withBrowser(async (context) => {
      const { page, problems } = await open(context, htmlFile);
      const drawn = await charts(page);
      const screenshot = htmlFile.replace(/\.html$/, '.png');
      await page.screenshot({ path: screenshot, fullPage: true });
      assert.deepEqual(problems, { errors: [], requests: [], dialogs: [] });
      assert.ok(drawn.length > 0, 'no chart in the page');
      for (const chart of drawn) {
        assert.equal(chart.drawn, 'true', `${chart.name} not drawn`);
        assert.ok(chart.marks > 0, `${chart.name} has no line or bar`);
      }
      // single and a 2-worker cluster, sampled from /proc: every kind of chart has something to show
      if (process.platform === 'linux') assert.deepEqual([...new Set(drawn.map((chart) => chart.name))].sort(), [...chartNames].sort());
      assert.ok(statSync(screenshot).size > 10_000, 'the screenshot is an image of the page');
      const report = JSON.parse(readFileSync(htmlFile.replace(/\.html$/, '.json'), 'utf8')) as RunReport;
      assert.equal(await page.title(), `loadlab · ${report.scenario.name}`);
    });
  });

  test('hostile names stay text: no script runs, no element is made of them', { timeout: 60_000 }, async () => {
    const script = '<script>alert(1)</script>';
    const bold = '<b>x</b>';
    const base = makeReport();
    const rename = (name: string) => (name === 'cluster' ? bold : name);
    const report: RunReport = {
      ...base,
      scenario: { ...base.scenario, name: script },
      trials: base.trials.map((trial) => ({ ...trial, topology: rename(trial.topology) })),
      comparisons: base.comparisons.map((entry) => ({ ...entry, topology: rename(entry.topology), baseline: rename(entry.baseline) })),
      warnings: [`${bold} on io: </script><script>alert(2)</script>`],
    };
    const folder = mkdtempSync(join(tmpdir(), 'loadlab-hostile-'));
    const file = join(folder, 'hostile.html');
    writeFileSync(file, renderHtml(report));
    try {
      await withBrowser(async (context) => {
        const { page, problems } = await open(context, file);
        const drawn = await charts(page);
        assert.deepEqual(problems, { errors: [], requests: [], dialogs: [] });
        assert.equal(await page.title(), `loadlab · ${script}`);
        assert.equal(await page.locator('b').count(), 0);
        assert.equal(await page.locator('script').count(), 2);
        assert.ok(drawn.every((chart) => chart.drawn === 'true'));
        const legend = await page.locator('ul.legend').first().textContent();
        assert.ok(legend?.includes(`${bold} p99`), legend ?? '');
      });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  test(
    'events: a dashed line at each on the per-second charts, its words in the tooltip and legend; hostile details stay text',
    { timeout: 60_000 },
    async () => {
      const base = makeReport();
      const detail = '<b>x</b> replaced';
      const report: RunReport = {
        ...base,
        trials: base.trials.map((trial) =>
          trial.topology === 'cluster' && trial.workload === 'io'
            ? {
                ...trial,
                events: [
                  {
                    action: 'reload',
                    atMs: 2000,
                    startedMs: 2000,
                    endedMs: 3200,
                    status: 'done',
                    detail,
                    impact: { fromS: 2, toS: 4, errors: 0, p99DuringMs: 40, p99BeforeMs: 12 },
                  },
                ],
              }
            : trial,
        ),
      };
      const folder = mkdtempSync(join(tmpdir(), 'loadlab-events-'));
      const file = join(folder, 'events.html');
      writeFileSync(file, renderHtml(report));
      try {
        await withBrowser(async (context) => {
          const { page, problems } = await open(context, file);
          assert.deepEqual(problems, { errors: [], requests: [], dialogs: [] });
          assert.equal(await page.locator('b').count(), 0);
          for (const name of ['latency-over-time', 'rps-over-time']) {
            const figure = page.locator(`[data-chart="${name}"]`).nth(1);
            assert.equal(await figure.getAttribute('data-drawn'), 'true');
            const marks = figure.locator('svg path[data-mark="event"]');
            assert.equal(await marks.count(), 1, name);
            assert.match(
              (await marks.first().locator('title').textContent()) ?? '',
              /^cluster: reload at 2 s took 1\.2 s; 0 errors; p99 40\.0 ms during it against 12\.0 ms before$/,
            );
            assert.match((await figure.locator('ul.legend').textContent()) ?? '', /┆cluster: reload at 2 s/);
          }
          assert.match((await page.locator('ul.events').textContent()) ?? '', /cluster: reload at 2 s took 1\.2 s; .*\(<b>x<\/b> replaced\)/);
        });
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    },
  );

  test(
    'a capacity page: no console error, nothing fetched, each chart drawn with its SLO line, capacities and knees; hostile names stay text',
    { timeout: 60_000 },
    async () => {
      const bold = '<b>x</b>';
      const base = makeCapacityReport();
      const report: CapacityReport = {
        ...base,
        scenario: { ...base.scenario, name: '<script>alert(1)</script>' },
        results: base.results.map((result) => ({ ...result, topology: result.topology === 'cluster' ? bold : result.topology })),
      };
      mkdirSync(outFolder, { recursive: true });
      const file = join(outFolder, 'capacity.html');
      writeFileSync(file, renderCapacityHtml(report));
      await withBrowser(async (context) => {
        const { page, problems } = await open(context, file);
        const drawn = await charts(page);
        await page.screenshot({ path: join(outFolder, 'capacity.png'), fullPage: true });
        assert.deepEqual(problems, { errors: [], requests: [], dialogs: [] });
        assert.deepEqual(
          drawn.map((chart) => [chart.name, chart.drawn]),
          [
            ['p99-by-rate', 'true'],
            ['p99-by-rate', 'true'],
          ],
        );
        assert.ok(
          drawn.every((chart) => chart.marks > 0),
          JSON.stringify(drawn),
        );
        const cpu = page.locator('[data-chart-id="p99-by-rate-0"]');
        assert.equal(await cpu.locator('svg path.line').count(), 2, 'a line per topology');
        assert.equal(await cpu.locator('svg circle.open').count(), 1, 'the step measured again, apart');
        assert.equal(await cpu.locator('svg path.guide').count(), 1, 'the SLO');
        assert.equal(await cpu.locator('svg path[data-mark="triangle"]').count(), 2, 'a capacity per topology');
        assert.equal(await cpu.locator('svg path[data-mark="diamond"]').count(), 2, 'a knee per topology');
        assert.equal(await cpu.locator('svg path.mark-line').count(), 4);
        const legend = await cpu.locator('ul.legend').textContent();
        assert.ok(legend?.includes(`${bold} ×2: capacity 2,052 req/s`), legend ?? '');
        assert.equal(await page.locator('b').count(), 0);
        assert.equal(await page.title(), `loadlab capacity · ${report.scenario.name}`);
      });
    },
  );

  test(
    "every chart label inside its chart box, and chart text at the size of the page's own small text, on a wide page and a narrow one",
    { timeout: 60_000 },
    async () => {
      mkdirSync(outFolder, { recursive: true });
      const file = join(outFolder, 'capacity-labels.html');
      writeFileSync(file, renderCapacityHtml(makeCapacityReport()));
      for (const width of [1280, 700]) {
        await withBrowser(async (context) => {
          const { page, problems } = await open(context, file);
          await page.setViewportSize({ width, height: 900 });
          await page.reload({ waitUntil: 'load' });
          await page.screenshot({ path: join(outFolder, `capacity-labels-${width}.png`), fullPage: true });
          assert.deepEqual(problems.errors, []);
          const measured = await page.$$eval('figure.chart svg', (svgs) =>
            svgs.map((svg) => {
              const box = svg.getBoundingClientRect();
              const outside = [...svg.querySelectorAll('text')]
                .map((text) => ({ text: text.textContent ?? '', rect: text.getBoundingClientRect() }))
                .filter(({ rect }) => rect.left < box.left - 0.5 || rect.right > box.right + 0.5 || rect.top < box.top - 0.5 || rect.bottom > box.bottom + 0.5)
                .map(({ text, rect }) => `${text} (${Math.round(rect.left - box.left)}…${Math.round(rect.right - box.left)} of ${Math.round(box.width)})`);
              const heights = [...svg.querySelectorAll('text')].map((text) => text.getBoundingClientRect().height);
              return { outside, tallest: Math.max(...heights) };
            }),
          );
          assert.ok(measured.length >= 2, 'two charts');
          for (const chart of measured) {
            assert.deepEqual(chart.outside, [], `at ${width} px: labels outside the chart`);
            // 11 px labels render about 13–15 px tall; a drawing scaled up twice would make them ~28
            assert.ok(chart.tallest <= 18, `at ${width} px: a chart label ${chart.tallest.toFixed(1)} px tall`);
          }
        });
      }
    },
  );
});
