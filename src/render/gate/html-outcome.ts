import type { Outcome } from '../../contract/gate.js';
import type { RegressionReport } from '../../contract/regression-report.js';
import { html, type SafeHtml } from '../../text/html-escape.js';
import { htmlTable } from '../common/html-page.js';
import { checkKind, outcomeLines } from './outcome-text.js';
import { comparisonRows, describeRun, regressionColumns, regressionLegend } from './regression-figures.js';

/** The outcome as the page's first block: the headline, and every check that did not pass. */
export function outcomeBlock(outcome: Outcome): SafeHtml {
  const level = outcome.status === 'failed' ? 'failed' : outcome.status === 'passed' && outcome.unjudgedVerdicts === 0 ? 'passed' : 'warned';
  const mark = { failed: '✗', passed: '✓', warned: '⚠' }[level];
  const lines = outcomeLines(outcome);
  return html`<div class="gate ${level}"><p><strong>${mark} ${outcome.headline}</strong></p>${lines.length > 0 ? html`<ul>${lines.map(({ check }) => html`<li>${check.message} <span class="muted">(${checkKind(check, outcome)})</span></li>`)}</ul>` : null}</div>`;
}

/** With --baseline: the comparison, in the markdown's columns, with its legend. */
export function regressionBlock(report: RegressionReport): SafeHtml {
  const oneSide = [
    ...report.onlyInBase.map((key) => `${key.topology} on ${key.workload} (base only)`),
    ...report.onlyInCurrent.map((key) => `${key.topology} on ${key.workload} (current only)`),
  ];
  return html`<section class="regression">
<h2>Against the baseline</h2>
<dl class="facts"><dt>Base</dt><dd>${describeRun(report.base)}</dd>
<dt>Current</dt><dd>${describeRun(report.current)}</dd></dl>
${
  report.comparisons.length === 0
    ? html`<p>Nothing was compared.</p>`
    : htmlTable(regressionColumns, report.comparisons.flatMap(comparisonRows), [
        undefined,
        'text',
        'text',
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        'text',
      ])
}
${report.comparisons.length === 0 ? null : html`<p class="muted">${regressionLegend(report)}</p>`}
${oneSide.length > 0 ? html`<p>Not compared: ${oneSide.join(', ')}</p>` : null}
${report.warnings.length > 0 ? html`<ul class="notes">${report.warnings.map((warning) => html`<li class="warning">${warning}</li>`)}</ul>` : null}
</section>`;
}
