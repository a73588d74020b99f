import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { chartScriptModule, inlineChartScript } from '../../../scripts/inline-chart-script.js';
import { chartScript } from '../../../src/render/common/chart-script.js';
import { renderHtml } from '../../../src/render/run/html.js';
import { makeReport } from '../../fixtures/report-fixture.js';
import { tempDir } from '../../helpers/cli.js';

test('the page inlines the script bundled from the browser source: one self-contained function, with the formatters of src/text', () => {
  const script = chartScript();
  assert.match(script, /^"use strict";\n\(\(\) => \{/);
  assert.doesNotMatch(script, /^\s*(import|export)\b|\brequire\(/m, 'nothing left to load');
  assert.doesNotMatch(script, /<\/script/i);
  assert.match(script, /\/\/ src\/text\/axis-format\.ts\n/, 'the axis formatters are src/text’s, not a copy');
  assert.match(script, /\/\/ src\/render\/common\/browser\/draw-charts\.ts\n/);
  assert.ok(renderHtml(makeReport()).includes(`<script>${script}</script>`));
  assert.equal(chartScript(), script, 'bundled once');
});

test('dist gets the same script: the module the build writes exports this text', async () => {
  const folder = tempDir();
  const file = join(folder, 'chart-script.mjs');
  writeFileSync(file, chartScriptModule(chartScript()));
  const built = (await import(pathToFileURL(file).href)) as { chartScript: () => string };
  assert.equal(built.chartScript(), chartScript());
});

test('the build step replaces the compiled module and drops the bundler from dist', async () => {
  const dist = tempDir();
  const common = join(dist, 'render', 'common');
  mkdirSync(common, { recursive: true });
  for (const name of ['chart-script.js', 'chart-script.js.map', 'bundle-chart-script.js', 'bundle-chart-script.js.map', 'bundle-chart-script.d.ts'])
    writeFileSync(join(common, name), 'compiled by tsc');
  inlineChartScript(dist);
  assert.equal(readFileSync(join(common, 'chart-script.js'), 'utf8'), chartScriptModule(chartScript()));
  assert.doesNotMatch(readFileSync(join(common, 'chart-script.js'), 'utf8'), /esbuild/);
  for (const name of ['chart-script.js.map', 'bundle-chart-script.js', 'bundle-chart-script.js.map', 'bundle-chart-script.d.ts'])
    assert.equal(existsSync(join(common, name)), false, name);
});
