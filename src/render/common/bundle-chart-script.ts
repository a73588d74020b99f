import { buildSync } from 'esbuild';
import { fileURLToPath } from 'node:url';

/** The entry of the HTML report's script: browser code, type-checked by tsconfig.browser.json. */
export const chartScriptEntry = fileURLToPath(new URL('./browser/draw-charts.ts', import.meta.url));
/** The repository: the bundle names its sources relative to it, wherever the build runs from. */
const root = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * The page's script as one self-contained text: browser/ and what it imports (the formatters of
 * src/text among them) bundled by esbuild into a function run once. `npm run build` calls this
 * and inlines the text into dist (scripts/inline-chart-script.ts); from source (tsx: the tests,
 * development) chart-script.ts calls it on first use. esbuild is a development dependency, and
 * tsx's own: the installed CLI never loads it.
 */
export function bundleChartScript(): string {
  const result = buildSync({
    entryPoints: [chartScriptEntry],
    absWorkingDir: root,
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    legalComments: 'none',
    logLevel: 'silent',
  });
  const text = result.outputFiles[0]?.text ?? '';
  // inlined in a <script> element: a closing tag in it would end the element early
  if (text === '' || /<\/script/i.test(text)) throw new Error(`the chart script bundled from ${chartScriptEntry} cannot be inlined`);
  return text;
}
