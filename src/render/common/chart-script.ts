import { bundleChartScript } from './bundle-chart-script.js';

let bundled: string | undefined;

/**
 * The HTML report's script (browser/draw-charts.ts and what it imports), bundled into one text
 * the page inlines. Run from source it is bundled on first use; `npm run build` writes dist's
 * copy of this module with the text inlined instead (scripts/inline-chart-script.ts), by the
 * same function, so the tests and the installed CLI draw with the same script.
 */
export function chartScript(): string {
  bundled ??= bundleChartScript();
  return bundled;
}
