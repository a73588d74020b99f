import type { Parity } from '../../contract/run-report.js';
import type { TrialResult } from '../../contract/trial.js';
import { formatBytes } from '../../text/format.js';

/**
 * Bytes per response may differ by this share: compression shrinks a text body to a third or
 * less and a different page differs by far more, while the same body differs only in a header.
 */
const bytesShareTolerance = 0.1;
/**
 * ... and by at least this many bytes: a proxy adds or drops a header or two (20 to 60 bytes),
 * which on a tiny response is more than 10% but serves the same thing.
 */
const bytesFloor = 100;
/**
 * A status code's share of the responses may differ by this much (absolute): a route that
 * answers some requests differently (304s, redirects, rate limiting) moves its share far more,
 * while a few stray errors in a long run do not (the errors verdict judges those).
 */
const statusShareTolerance = 0.01;

/**
 * Whether a trial served the same thing as its baseline, so that comparing their throughput
 * and latency is like for like: the status-code mix, the mean bytes per response (headers and
 * body) and the content-encoding of each request of the mix (from the response sample taken
 * before the load). Any encoding difference counts: compressing costs the server CPU and saves
 * bytes on the wire, so one topology compressing and another not is never like for like, even
 * when the bytes happen to match. An encoding is compared only when both trials recorded it (a
 * report of a version without the sample, or a request that failed there, has none). Null when
 * either trial received no response: there is nothing to compare.
 */
export function checkParity(trial: TrialResult, baseline: TrialResult): Parity | null {
  if (trial.requests.total === 0 || baseline.requests.total === 0) return null;
  const differences = [...statusDifferences(trial, baseline), ...bytesDifferences(trial, baseline), ...encodingDifferences(trial, baseline)];
  return { ok: differences.length === 0, differences };
}

/** 'content-encoding: gzip against identity'; with more than one request in the mix, naming it: 'content-encoding of GET /a: …'. */
function encodingDifferences(trial: TrialResult, baseline: TrialResult): string[] {
  const sample = trial.responseSample ?? [];
  const baselineSample = baseline.responseSample ?? [];
  // a request the mix repeats would repeat its line: each line once
  const lines = sample.flatMap((response, index) => {
    const other = baselineSample[index];
    // the same workload has the same mix; a mismatch means the two were not the same request
    if (!other || other.method !== response.method || other.path !== response.path) return [];
    if (response.contentEncoding === null || other.contentEncoding === null || response.contentEncoding === other.contentEncoding) return [];
    const which = sample.length > 1 ? ` of ${response.method} ${response.path}` : '';
    return [`content-encoding${which}: ${response.contentEncoding} against ${other.contentEncoding}`];
  });
  return [...new Set(lines)];
}

function bytesDifferences(trial: TrialResult, baseline: TrialResult): string[] {
  const bytes = trial.requests.bytes / trial.requests.total;
  const baselineBytes = baseline.requests.bytes / baseline.requests.total;
  const difference = Math.abs(bytes - baselineBytes);
  const share = baselineBytes > 0 ? difference / baselineBytes : Infinity;
  if (share <= bytesShareTolerance || difference < bytesFloor) return [];
  const change = Number.isFinite(share) ? ` (${bytes > baselineBytes ? '+' : '−'}${Math.round(share * 100)}%)` : '';
  return [`bytes per response: ${formatBytes(Math.round(bytes))} against ${formatBytes(Math.round(baselineBytes))}${change}`];
}

function statusDifferences(trial: TrialResult, baseline: TrialResult): string[] {
  const shares = sharesOf(trial.requests.statusCodes, trial.requests.total);
  const baselineShares = sharesOf(baseline.requests.statusCodes, baseline.requests.total);
  const codes = [...new Set([...shares.keys(), ...baselineShares.keys()])].sort();
  return codes.flatMap((code) => {
    const share = shares.get(code) ?? 0;
    const baselineShare = baselineShares.get(code) ?? 0;
    // The 1e-9 keeps a difference of exactly one point (1 − 0.99 = 0.01000…09 in floating point) within the tolerance.
    return Math.abs(share - baselineShare) > statusShareTolerance + 1e-9
      ? [`status ${code}: ${percent(share)} of responses against ${percent(baselineShare)}`]
      : [];
  });
}

function sharesOf(statusCodes: Record<string, number>, total: number): Map<string, number> {
  return new Map(Object.entries(statusCodes).map(([code, count]) => [code, count / total]));
}

/** 0.7 → '70%', 0.004 → '0.4%': one decimal below 10%, so that a small share is not shown as 0. */
function percent(share: number): string {
  const value = share * 100;
  return value >= 10 || value === 0 ? `${Math.round(value)}%` : `${value.toFixed(1)}%`;
}
