import { groupThousands, inBinaryUnits } from './format.js';

/*
 * Figures on a chart's axes and in its tooltips (the HTML report's script): shorter than the
 * tables' figures, without trailing zeros ('1.5 ms', '0.5 ms', '5', '512 KiB'), for a tick is a
 * round number and a label has little room.
 */

/** 0 → '0', 0.25 → '0.25 ms', 1.5 → '1.5 ms', 150 → '150 ms', 1500 → '1.5 s'. */
export function axisLatency(ms: number): string {
  if (ms === 0) return '0';
  if (ms < 1) return `${+ms.toPrecision(2)} ms`;
  if (ms < 1000) return `${+ms.toPrecision(3)} ms`;
  return `${+(ms / 1000).toPrecision(3)} s`;
}

/** 2.5 → '2.5', 5 → '5', 12000 → '12,000'. */
export function axisRps(rps: number): string {
  return rps >= 100 ? groupThousands(rps) : String(+rps.toFixed(1));
}

/** 0 → '0 B', 1536 → '1.5 KiB', 52428800 → '50 MiB': two figures below 10, whole ones above. */
export function axisBytes(bytes: number): string {
  const { value, unit } = inBinaryUnits(bytes);
  return `${value < 10 ? String(+value.toPrecision(2)) : groupThousands(value)} ${unit}`;
}
