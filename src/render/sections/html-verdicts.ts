import { html, type SafeHtml } from '../../text/html-escape.js';
import type { VerdictLine, VerdictsBlock } from './model.js';

/** Text symbols, coloured by the style sheet: colour emoji need a font a server or a print may not have. */
const symbols = { pass: '✓', warn: '⚠', fail: '✗' } as const;

/**
 * Per trial a line of badges, one per verdict (its message on hover); under it the message of
 * every verdict that did not pass; and the verdicts that passed with their messages in a table to
 * open. The outcome at the top gives each failed verdict's message, so it is not repeated.
 */
export function htmlVerdicts(block: VerdictsBlock): SafeHtml {
  const badges = block.trials.map(
    ({ label, verdicts }) =>
      html`<tr><td>${label}</td><td class="text badges">${verdicts.map(
        (verdict) => html`<span class="badge ${verdict.level}" title="${verdict.message}">${symbols[verdict.level]} ${verdict.id}</span> `,
      )}</td></tr>
`,
  );
  const problems = block.trials.flatMap(({ label, verdicts }) =>
    verdicts
      .filter((verdict) => verdict.level === 'warn')
      .map(
        (verdict) =>
          html`<li><span class="status ${verdict.level}">${symbols[verdict.level]} ${verdict.id}${status(verdict)}</span> <strong>${label}</strong>: ${verdict.message}</li>
`,
      ),
  );
  const rows = block.trials.flatMap(({ label, verdicts }) =>
    verdicts
      .filter((verdict) => verdict.level === 'pass')
      .map(
        (verdict) =>
          html`<tr><td>${label}</td><td class="text status ${verdict.level}">${symbols[verdict.level]} ${verdict.level}</td><td class="text">${verdict.id}</td><td class="message">${verdict.message}</td></tr>
`,
      ),
  );
  return html`<div class="table-wrap"><table class="verdicts"><tbody>${badges}</tbody></table></div>
${problems.length > 0 ? html`<ul class="problems">${problems}</ul>` : null}
${
  rows.length > 0
    ? html`<details><summary>The verdicts that passed, with their messages</summary>
<div class="table-wrap"><table><thead><tr><th>topology</th><th class="text">verdict</th><th class="text">check</th><th class="text">message</th></tr></thead><tbody>${rows}</tbody></table></div>
</details>`
    : null
}`;
}

/** A status this version does not know (e.g. not enough data) beside the warning it shows as. */
function status(verdict: VerdictLine): string {
  return verdict.status === verdict.level ? '' : ` (${verdict.status})`;
}
