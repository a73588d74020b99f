/**
 * The HTML report's style sheet, inlined into the page (the report works offline). Colours are
 * variables with a light and a dark set (prefers-color-scheme); print always uses the light
 * set on white and keeps each chart and table on one page.
 */

const light = `
  --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --border: #d1d9e0; --panel: #f6f8fa;
  --plot: #fbfcfd; --grid: #e4e8ec; --guide: #cf222e;
  --pass: #1a7f37; --warn: #9a6700; --fail: #cf222e;
  --c0: #1f6feb; --c1: #d1480f; --c2: #1a7f37; --c3: #8250df; --c4: #bf3989; --c5: #9a6700; --c6: #0a7e8c; --c7: #6e7781;`;

const dark = `
  --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --border: #3d444d; --panel: #151b23;
  --plot: #11161d; --grid: #262c36; --guide: #f85149;
  --pass: #3fb950; --warn: #d29922; --fail: #f85149;
  --c0: #4493f8; --c1: #f0883e; --c2: #3fb950; --c3: #a371f7; --c4: #db61a2; --c5: #d29922; --c6: #39c5cf; --c7: #9198a1;`;

const palette = Array.from(
  { length: 8 },
  (_, index) =>
    `.s${index} { stroke: var(--c${index}); } .f${index} { fill: var(--c${index}); } ul.legend .key.k${index} { border-color: var(--c${index}); background: var(--c${index}); color: var(--c${index}); }`,
).join('\n');

export const styleSheet = `
:root { color-scheme: light dark; ${light} }
@media (prefers-color-scheme: dark) { :root { ${dark} } }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1180px; padding: 24px 28px 48px; background: var(--bg); color: var(--fg);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; }
h1 { font-size: 26px; margin: 0 0 4px; }
h1 .brand { color: var(--muted); font-weight: 500; }
h2 { font-size: 20px; margin: 36px 0 4px; padding-bottom: 4px; border-bottom: 1px solid var(--border); }
h3 { font-size: 15px; margin: 20px 0 8px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
p { margin: 6px 0; }
.muted, .load { color: var(--muted); }
.summary { margin: 14px 0; padding: 12px 16px 12px 32px; background: var(--panel); border: 1px solid var(--border); border-radius: 8px; }
.summary li { margin: 2px 0; }
.banner { padding: 10px 14px; border-radius: 8px; border: 1px solid var(--warn); color: var(--warn); margin: 12px 0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 12px 0; font-size: 14px; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; margin: 8px 0; font-size: 14px; font-variant-numeric: tabular-nums; }
th, td { padding: 5px 12px; border-bottom: 1px solid var(--border); text-align: right; white-space: nowrap; }
th { font-weight: 600; color: var(--muted); border-bottom-width: 2px; }
th:first-child, td:first-child, td.text, th.text { text-align: left; }
td.message, th.message { white-space: normal; text-align: left; min-width: 24em; }
.status { font-weight: 600; }
.status.pass { color: var(--pass); } .status.warn { color: var(--warn); } .status.fail { color: var(--fail); }
.badges { white-space: normal; text-align: left; line-height: 1.9; }
.badge { display: inline-block; padding: 0 8px; margin: 1px 2px 1px 0; border-radius: 999px; border: 1px solid; font-size: 12px; line-height: 1.6; cursor: help; }
.badge.pass { color: var(--pass); } .badge.warn { color: var(--warn); font-weight: 600; } .badge.fail { color: var(--fail); font-weight: 600; }
ul.problems { margin: 6px 0 10px; padding-left: 20px; font-size: 14px; }
ul.problems li { margin: 3px 0; }
details { margin: 6px 0 4px; font-size: 14px; }
details summary { cursor: pointer; color: var(--muted); }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(460px, 1fr)); gap: 16px; margin: 12px 0; }
figure.chart { margin: 0; padding: 12px 14px 10px; border: 1px solid var(--border); border-radius: 8px; background: var(--panel); min-width: 0; }
figure.chart figcaption { font-weight: 600; font-size: 14px; margin-bottom: 6px; }
figure.chart figcaption .scale { font-weight: 400; color: var(--muted); }
figure.chart svg { display: block; width: 100%; height: auto; }
svg text { fill: var(--muted); font: 11px system-ui, sans-serif; }
svg .plot { fill: var(--plot); stroke: var(--border); }
svg .grid { stroke: var(--grid); fill: none; }
svg .guide { stroke: var(--guide); stroke-width: 1.2; stroke-dasharray: 6 4; fill: none; }
svg text.guide-label { fill: var(--guide); }
svg .line { fill: none; stroke-width: 2; stroke-linejoin: round; stroke-linecap: round; }
svg .dashed { stroke-dasharray: 5 4; stroke-width: 1.6; }
svg .open { fill: var(--panel); stroke-width: 2; }
svg .mark { stroke: var(--bg); stroke-width: 1.5; }
svg .mark-line { stroke-width: 1.2; stroke-dasharray: 2 3; fill: none; }
svg .event-line { stroke-width: 2; stroke-dasharray: 6 3; fill: none; }
svg .fair { stroke: var(--fg); stroke-width: 1.2; stroke-dasharray: 3 3; fill: none; opacity: .7; }
svg text.group { fill: var(--fg); font-weight: 600; }
ul.legend { list-style: none; margin: 6px 0 0; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 12px; color: var(--muted); }
ul.legend li { display: inline-flex; align-items: center; gap: 6px; }
ul.legend .key { display: inline-block; width: 18px; height: 0; border-top: 3px solid; }
ul.legend .key.dashed { border-top-style: dashed; background: none !important; }
ul.legend .key.box { height: 10px; width: 12px; border: 0; border-radius: 2px; }
ul.legend .key.dot { width: 9px; height: 9px; border: 2px solid; border-radius: 50%; background: none !important; }
ul.legend .key.symbol { width: auto; height: auto; border: 0; background: none !important; font-size: 13px; line-height: 1; }
.notes li.warning::marker { content: "⚠ "; color: var(--warn); }
.notes li.note::marker { content: "ℹ "; color: var(--muted); }
.gate.failed { color: var(--fail); } .gate.passed { color: var(--pass); } .gate.warned { color: var(--warn); }
div.gate { padding: 8px 14px; border-radius: 8px; border: 1px solid currentColor; margin: 12px 0; } div.gate p { margin: 4px 0; } div.gate ul { color: var(--fg); margin: 4px 0; }
footer { margin-top: 40px; font-size: 12px; color: var(--muted); }
${palette}
@media print {
  :root { color-scheme: light; ${light} }
  body { max-width: none; padding: 0; font-size: 11pt; }
  .charts { grid-template-columns: 1fr 1fr; }
  figure.chart, table, .summary { break-inside: avoid; }
  h2 { break-after: avoid; }
  .table-wrap { overflow: visible; }
}
`;
