import asciichart from 'asciichart';
import { paint } from '../common/terminal-chart.js';
import type { VerdictsBlock } from './model.js';

/** How a verdict's status reads: a mark with colour, a word without (CI logs). */
const statusMarks: Record<string, { mark: string; word: string; color: string | undefined }> = {
  pass: { mark: '✓', word: 'pass', color: asciichart.green },
  warn: { mark: '!', word: 'warn', color: asciichart.yellow },
  fail: { mark: '✗', word: 'FAIL', color: asciichart.red },
  'no-data': { mark: '?', word: 'n/a', color: asciichart.yellow },
};

/**
 * The verdicts that did not pass, one a line, under a title that counts those that did; those
 * that failed only counted, as the outcome at the top names them. The title is the block's own.
 */
export function terminalVerdicts(block: VerdictsBlock, color: boolean): string[] {
  const { passed, failed, total } = block;
  if (passed === total) return [`${statusText('pass', color)} verdicts: all ${passed} passed`];
  const namedAtTop = failed > 0 ? `, ${failed} failed: named at the top` : '';
  const title = `verdicts (${passed} of ${total} passed${namedAtTop})`;
  // a failed verdict is named by the outcome at the top: said once
  const shown = block.trials.flatMap(({ label, verdicts }) =>
    verdicts.filter((verdict) => verdict.status !== 'pass' && verdict.status !== 'fail').map((verdict) => ({ label, verdict })),
  );
  if (shown.length === 0) return [title];
  const labelWidth = Math.max(...shown.map(({ label }) => label.length));
  const idWidth = Math.max(...shown.map(({ verdict }) => verdict.id.length));
  return [
    title,
    ...shown.map(
      ({ label, verdict }) => `  ${statusText(verdict.status, color)} ${label.padEnd(labelWidth)}  ${verdict.id.padEnd(idWidth)}  ${verdict.message}`,
    ),
  ];
}

function statusText(status: string, color: boolean): string {
  const look = statusMarks[status] ?? { mark: '!', word: status, color: asciichart.yellow };
  return color ? paint(look.mark, look.color, color) : look.word.padEnd(4);
}
