/**
 * Number formatting shared by the renderers: pure, locale-independent (the same report renders
 * the same text on every machine), and `—` for a value that is not a number rather than a
 * made-up zero.
 */

/** Shown where there is no value: no responses, no comparison. */
export const missing = '—';

/** Shown where a value exists but could not be measured (no /proc, no in-app agent): never 0. */
export const unavailable = 'n/a';

/** 1234567 → '1,234,567'. Rounds to a whole number first. */
export function groupThousands(value: number): string {
  if (!Number.isFinite(value)) return missing;
  const sign = value < 0 ? '-' : '';
  const digits = String(Math.round(Math.abs(value)));
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * A latency in milliseconds with about three significant figures: 0.183 → '0.18 ms',
 * 52.4 → '52.4 ms', 1234 → '1.23 s'. A loopback server answers in fractions of a
 * millisecond, so those never round to '0 ms'. Null (nothing answered, so no latency) is `—`.
 */
export function formatLatency(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return missing;
  if (ms === 0) return '0 ms';
  if (ms < 0.005) return '< 0.01 ms';
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 999.5) return `${ms.toPrecision(3)} ms`;
  const seconds = ms / 1000;
  return `${seconds < 999.5 ? seconds.toPrecision(3) : groupThousands(seconds)} s`;
}

/** Requests per second: '12,345' from 100 up, one decimal below ('42.5'), '0' for none. */
export function formatRps(rps: number): string {
  if (!Number.isFinite(rps) || rps < 0) return missing;
  if (rps === 0) return '0';
  const tenths = Math.round(rps * 10) / 10;
  return tenths >= 100 ? groupThousands(rps) : tenths.toFixed(1);
}

/** A ratio against a baseline: 2.1 → '2.10×'; `—` when there is none. */
export function formatRatio(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return missing;
  return `${ratio.toFixed(2)}×`;
}

/** A fraction as a whole percentage: 0.97 → '97%', 1.02 → '102%' (CPU above one core). */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction) || fraction < 0) return missing;
  return `${Math.round(fraction * 100)}%`;
}

/** A share of failures with the decimals a small one needs: 0.031 → '3.1%', 0.0004 → '0.04%', 0 → '0.0%'. */
export function formatShare(share: number): string {
  if (!Number.isFinite(share) || share < 0) return missing;
  return `${(share * 100).toFixed(share > 0 && share < 0.001 ? 2 : 1)}%`;
}

const byteUnits = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/** Bytes in binary units with one decimal: 1536 → '1.5 KiB', 17179869184 → '16.0 GiB'. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return missing;
  const { value, unit } = inBinaryUnits(bytes);
  return unit === 'B' ? `${value} B` : `${value.toFixed(1)} ${unit}`;
}

/** Bytes in the largest binary unit they make at least one of: 1536 → 1.5 KiB. */
export function inBinaryUnits(bytes: number): { value: number; unit: (typeof byteUnits)[number] } {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < byteUnits.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return { value, unit: byteUnits[unit] ?? 'B' };
}

/**
 * A latency as the tables show it, with more digits when it would read the same as the limit it
 * is judged against: '100.01 ms is above the 100 ms target', never '100 ms is above 100 ms'.
 */
export function formatLatencyAgainst(ms: number, limitMs: number): string {
  const text = formatLatency(ms);
  return ms === limitMs || text !== formatLatency(limitMs) ? text : `${Number(ms.toFixed(3))} ms`;
}

/** How many status codes a breakdown names before it counts the rest. */
const shownStatusCodes = 4;

/**
 * The answers that were not 2xx, by status code, most frequent first: '404 ×12,791',
 * '500 ×3, 503 ×1', '404 ×9, 500 ×4, 502 ×2, 503 ×1 and 2 more codes'; '' when every answer was
 * 2xx. statusCodes: responses per status code (RequestCounts.statusCodes).
 */
export function formatStatusCodes(statusCodes: Readonly<Record<string, number>>): string {
  const failing = Object.entries(statusCodes)
    .filter(([code, count]) => count > 0 && !/^2\d\d$/.test(code))
    .sort(([codeA, countA], [codeB, countB]) => countB - countA || codeA.localeCompare(codeB));
  const shown = failing.slice(0, shownStatusCodes).map(([code, count]) => `${code} ×${groupThousands(count)}`);
  const rest = failing.length - shown.length;
  return rest > 0 ? `${shown.join(', ')} and ${rest} more ${rest === 1 ? 'code' : 'codes'}` : shown.join(', ');
}

/**
 * The non-2xx answers with their status codes, as every output says them: '12,791 non-2xx: 404
 * ×12,791'; '0 non-2xx'. statusCodes may be absent in a report of a version that did not count them.
 */
export function formatNon2xx(non2xx: number, statusCodes: Readonly<Record<string, number>> | undefined): string {
  const codes = non2xx > 0 && statusCodes ? formatStatusCodes(statusCodes) : '';
  return `${groupThousands(non2xx)} non-2xx${codes ? `: ${codes}` : ''}`;
}
