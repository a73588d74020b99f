import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { RunReport } from '../../src/contract/run-report.js';
import { findFreePort } from '../../src/deploy/free-port.js';
import { fixtureScenario, processesMentioning, reportFiles, runCli, tempDir } from '../helpers/cli.js';

const server = 'gzip-when-asked.js';

describe('content-encoding parity', () => {
  test('one topology gzips and the other not: recorded per trial, a parity difference and a warning in the reports', async () => {
    const out = tempDir();
    const port = await findFreePort();
    const run = await runCli(['run', fixtureScenario('content-encoding.ts'), '--out', out, '--format', 'json,md'], {
      env: { FIXTURE_GZIP_PORT: String(port) },
    });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(processesMentioning(server), [], 'no fixture server left');

    const [file] = reportFiles(out);
    assert.ok(file);
    const report = JSON.parse(readFileSync(file, 'utf8')) as RunReport;
    const trial = (name: string) => report.trials.find((entry) => entry.topology === name);
    assert.deepEqual(trial('plain')?.responseSample, [{ method: 'GET', path: '/', contentEncoding: 'identity' }]);
    assert.deepEqual(trial('gzip')?.responseSample, [{ method: 'GET', path: '/', contentEncoding: 'gzip' }]);
    for (const name of ['plain', 'gzip']) assert.ok((trial(name)?.requests.total ?? 0) > 0, `${name} served the load`);

    const comparison = report.comparisons.find((entry) => entry.topology === 'gzip');
    assert.equal(comparison?.baseline, 'plain');
    assert.equal(comparison?.parity?.ok, false);
    // 2 KiB of text against ~100 bytes gzipped: the bytes differ too
    assert.deepEqual(
      comparison?.parity?.differences.map((line) => line.replace(/:.*/, '')),
      ['bytes per response', 'content-encoding'],
    );
    assert.ok(comparison?.parity?.differences.includes('content-encoding: gzip against identity'), comparison?.parity?.differences.join('\n'));
    const warning = report.warnings.find((line) => line.startsWith('gzip and plain on text did not serve the same responses'));
    assert.ok(warning?.includes('content-encoding: gzip against identity'), report.warnings.join('\n'));
    const markdown = readFileSync(file.replace(/\.json$/, '.md'), 'utf8');
    assert.ok(markdown.includes('content-encoding: gzip against identity'), 'the markdown report shows it');

    // a report of a version without the sample still re-renders
    const old = structuredClone(report);
    for (const entry of old.trials) delete entry.responseSample;
    const oldFile = join(tempDir(), 'old.json');
    writeFileSync(oldFile, JSON.stringify(old));
    const againFolder = tempDir();
    const again = await runCli(['report', oldFile, '--format', 'md', '--out', againFolder]);
    assert.equal(again.code, 0, again.stderr);
    const [againMarkdown] = readdirSync(againFolder).filter((name) => name.endsWith('.md'));
    assert.ok(againMarkdown, readdirSync(againFolder).join(', '));
    const rendered = readFileSync(join(againFolder, againMarkdown), 'utf8');
    for (const trial of old.trials) assert.ok(rendered.includes(`| ${trial.topology} |`), `the ${trial.topology} row is in the re-rendered report`);
  });
});
