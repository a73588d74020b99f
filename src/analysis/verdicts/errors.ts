import { formatNon2xx, groupThousands } from '../../text/format.js';
import { judged, notEnoughData, type VerdictRule } from './judgement.js';
import { exitReason } from './process-exited.js';

/**
 * Fails when the share of failed requests — connection errors and timeouts (a timeout counts
 * among the errors) and non-2xx responses — is above the scenario's errorTolerance; passes at or
 * below. value: failed ÷ attempted (responses + errors); limit: errorTolerance; both fractions.
 * Default 0: a healthy app under load loses nothing, and failed requests flatter the figures (an
 * error is often answered faster than a real response), so any is a fault to fix first.
 */
export const errors: VerdictRule = (trial, { scenario }) => {
  const limit = scenario.errorTolerance;
  const { total, errors: failedToAnswer, timeouts, non2xx } = trial.requests;
  const attempted = total + failedToAnswer;
  if (attempted === 0) return notEnoughData(limit, 'no request was answered or failed in the measured phase');
  const failed = failedToAnswer + non2xx;
  const value = failed / attempted;
  if (failed === 0) return judged('pass', value, limit, 'no errors, timeouts or non-2xx responses');
  const counted = `${groupThousands(failed)} of ${groupThousands(attempted)} requests failed (${formatShare(value)}): ${groupThousands(failedToAnswer)} ${failedToAnswer === 1 ? 'error' : 'errors'} (${groupThousands(timeouts)} ${timeouts === 1 ? 'timeout' : 'timeouts'}${flowFailures(trial.requests.errorKinds)}), ${formatNon2xx(non2xx, trial.requests.statusCodes)}`;
  if (value <= limit) return judged('pass', value, limit, `${counted}, within the ${formatShare(limit)} tolerance`);
  const above = limit > 0 ? `, above the ${formatShare(limit)} tolerance` : '';
  const advice = exitReason(trial, { measuredOnly: true, withErrorsAfter: true }) ?? 'fix them before trusting the latency';
  return judged('fail', value, limit, `${counted}${above} — ${advice}`);
};

/** ', 12 failed checks, 1 hook error': a flow's answers that failed, among the errors. */
function flowFailures(kinds: Partial<Record<'check' | 'hook', number>> | undefined): string {
  const checks = kinds?.check ?? 0;
  const hooks = kinds?.hook ?? 0;
  return `${checks > 0 ? `, ${groupThousands(checks)} failed ${checks === 1 ? 'check' : 'checks'}` : ''}${hooks > 0 ? `, ${groupThousands(hooks)} ${hooks === 1 ? 'hook' : 'hooks'} threw` : ''}`;
}

/** A share as a percentage that keeps small values visible: 0.25 → '25%', 0.034 → '3.4%', 0.000083 → '0.0083%'. */
function formatShare(fraction: number): string {
  const percent = fraction * 100;
  if (percent >= 10) return `${Math.round(percent)}%`;
  if (percent >= 1) return `${percent.toFixed(1)}%`;
  return `${Number(percent.toPrecision(2))}%`;
}
