/**
 * `npm run build`, after tsc: dist's chart-script.js becomes the HTML report's script as a
 * string (src/render/common/browser/ bundled by the same function the source uses on first
 * call), so the installed CLI never loads esbuild; the bundler module leaves dist.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleChartScript } from '../src/render/common/bundle-chart-script.js';

/** dist's chart-script.js around the bundled script: the same export as the source module. */
export function chartScriptModule(script: string): string {
  return [
    '// Written by scripts/inline-chart-script.ts at build time: src/render/common/browser/ bundled.',
    `const bundled = ${JSON.stringify(script)};`,
    "/** The HTML report's script, inlined at build time. */",
    'export function chartScript() {',
    '  return bundled;',
    '}',
    '',
  ].join('\n');
}

export function inlineChartScript(dist: string): void {
  const folder = join(dist, 'render', 'common');
  writeFileSync(join(folder, 'chart-script.js'), chartScriptModule(bundleChartScript()));
  for (const name of ['chart-script.js.map', 'bundle-chart-script.js', 'bundle-chart-script.js.map', 'bundle-chart-script.d.ts'])
    rmSync(join(folder, name), { force: true });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) inlineChartScript(resolve(process.argv[2] ?? 'dist'));
