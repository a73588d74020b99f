import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { CapacityReport } from '../../../src/contract/capacity-report.js';
import type { RunReport } from '../../../src/contract/run-report.js';
import { renderCapacityMarkdown } from '../../../src/render/capacity/markdown.js';
import { renderMarkdown } from '../../../src/render/run/markdown.js';

/*
 * Reports written by real runs and saved with the markdown loadlab wrote for them: run-0 and
 * capacity-0 by the version before the regression windows and the outcome (no windows, no
 * outcome), the others by the version after. Renderers may gain figures for new fields, but a
 * saved report must keep rendering as it did: this is what `loadlab report` promises.
 */
const folder = new URL('../../fixtures/saved/', import.meta.url);

for (const name of readdirSync(folder).filter((file) => file.endsWith('.json'))) {
  test(`${name}: the markdown it was saved with, byte for byte`, () => {
    const report = JSON.parse(readFileSync(new URL(name, folder), 'utf8')) as RunReport | CapacityReport;
    const expected = readFileSync(new URL(name.replace(/\.json$/, '.md'), folder), 'utf8');
    const rendered = report.schema === 'loadlab/capacity@1' ? renderCapacityMarkdown(report) : renderMarkdown(report);
    assert.equal(rendered, expected);
  });
}
