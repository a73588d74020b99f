import type { Outcome } from '../../contract/gate.js';
import { html, type SafeHtml } from '../../text/html-escape.js';
import { checkKind, outcomeLines } from './outcome-text.js';

/** The outcome as the page's first block: the headline, and every check that did not pass. */
export function outcomeBlock(outcome: Outcome): SafeHtml {
  const level = outcome.status === 'failed' ? 'failed' : outcome.status === 'passed' && outcome.unjudgedVerdicts === 0 ? 'passed' : 'warned';
  const mark = { failed: '✗', passed: '✓', warned: '⚠' }[level];
  const lines = outcomeLines(outcome);
  return html`<div class="gate ${level}"><p><strong>${mark} ${outcome.headline}</strong></p>${lines.length > 0 ? html`<ul>${lines.map(({ check }) => html`<li>${check.message} <span class="muted">(${checkKind(check, outcome)})</span></li>`)}</ul>` : null}</div>`;
}
