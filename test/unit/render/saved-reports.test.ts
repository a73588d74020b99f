import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readSavedReport } from '../../../src/contract/read-report.js';
import { renderCapacityMarkdown } from '../../../src/render/capacity/markdown.js';
import { renderMarkdown } from '../../../src/render/run/markdown.js';

/*
 * Reports written by real runs and saved with the markdown loadlab wrote for them: run-0 and
 * capacity-0 by the version before the regression windows and the outcome (no windows, no
 * outcome), the others by the version after. Renderers may gain figures for new fields, but a
 * saved report must keep rendering as it did: this is what `loadlab report` promises. Read as
 * `loadlab report` reads them: run-0 is given an outcome then, and opens with it (its .md was
 * rendered so once, when the outcome's fallback moved from the renderers to the reader).
 */
const folder = new URL('../../fixtures/saved/', import.meta.url);

for (const name of readdirSync(folder).filter((file) => file.endsWith('.json'))) {
  test(`${name}: the markdown it was saved with, byte for byte`, async () => {
    const saved = await readSavedReport(fileURLToPath(new URL(name, folder)));
    const expected = readFileSync(new URL(name.replace(/\.json$/, '.md'), folder), 'utf8');
    const rendered = saved.schema === 'loadlab/capacity@1' ? renderCapacityMarkdown(saved.report) : renderMarkdown(saved.report);
    assert.equal(rendered, expected);
  });
}
