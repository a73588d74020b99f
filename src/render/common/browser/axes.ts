import type { Unit } from '../chart-data.js';
import { axisBytes, axisLatency, axisRps } from '../../../text/axis-format.js';
import { formatPercent } from '../../../text/format.js';

/** How a chart's values read on its axis and in its tooltips, by unit. */
export const axisFormats: Record<Unit, (value: number) => string> = {
  ms: axisLatency,
  rps: axisRps,
  cores: formatPercent,
  share: formatPercent,
  bytes: axisBytes,
};

/** A value axis: its ticks, and where a value sits between the two ends given (in drawing units). */
export interface Axis {
  ticks: number[];
  at: (value: number) => number;
}

/** The binary unit (B, KiB, MiB, …) of a number of bytes, as a number of bytes. */
export function byteUnit(bytes: number): number {
  return Math.pow(1024, Math.max(0, Math.min(4, Math.floor(Math.log(Math.max(bytes, 1)) / Math.log(1024)))));
}

/** A round step that gives about count intervals over span: 1, 2 or 5 × 10^n. */
export function niceStep(span: number, count: number): number {
  const raw = span / count;
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const n = raw / power;
  return (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * power;
}

/** From 0 to max and a little above. unit: ticks are round numbers of it (1 MiB for memory), not of the raw value. */
export function linearAxis(max: number, from: number, to: number, unit: number): Axis {
  const step = niceStep(max > 0 ? max / unit : 1, 4) * unit;
  const top = Math.max(step, Math.ceil(max / step - 1e-9) * step);
  const ticks: number[] = [];
  for (let value = 0; value <= top + step / 2; value += step) ticks.push(+value.toPrecision(12));
  return { ticks, at: (value) => from + (to - from) * (value / top) };
}

/** Whole decades around min and max; 1, 2 and 5 of each decade when there are few. */
export function logAxis(min: number, max: number, from: number, to: number): Axis {
  const lo = Math.floor(Math.log10(min));
  let hi = Math.ceil(Math.log10(max));
  if (hi === lo) hi += 1;
  let ticks: number[] = [];
  for (let power = lo; power <= hi; power += 1) {
    for (const multiple of [1, 2, 5]) {
      const value = multiple * Math.pow(10, power);
      if (value <= Math.pow(10, hi) * 1.0001) ticks.push(+value.toPrecision(12));
    }
  }
  if (hi - lo > 3) ticks = ticks.filter((value) => Math.abs(Math.log10(value) % 1) < 1e-9);
  return { ticks, at: (value) => from + (to - from) * ((Math.log10(value) - lo) / (hi - lo)) };
}
