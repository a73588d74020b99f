import assert from 'node:assert/strict';
import { test } from 'node:test';
import { axisBytes, axisLatency, axisRps } from '../../../src/text/axis-format.js';

// What the HTML report's charts print on their axes and in their tooltips: short, no trailing zeros.
const cases: [(value: number) => string, number, string][] = [
  [axisLatency, 0, '0'],
  [axisLatency, 0.0123, '0.012 ms'],
  [axisLatency, 0.5, '0.5 ms'],
  [axisLatency, 1.5, '1.5 ms'],
  [axisLatency, 100, '100 ms'],
  [axisLatency, 999.5, '1000 ms'],
  [axisLatency, 1000, '1 s'],
  [axisLatency, 1500, '1.5 s'],
  [axisRps, 0, '0'],
  [axisRps, 5, '5'],
  [axisRps, 12.25, '12.3'],
  [axisRps, 99.96, '100'],
  [axisRps, 100, '100'],
  [axisRps, 12345, '12,345'],
  [axisBytes, 0, '0 B'],
  [axisBytes, 512, '512 B'],
  [axisBytes, 1536, '1.5 KiB'],
  [axisBytes, 10240, '10 KiB'],
  [axisBytes, 52428800, '50 MiB'],
  [axisBytes, 1073741824, '1 GiB'],
];

for (const [format, value, expected] of cases) {
  test(`${format.name}(${value}) = '${expected}'`, () => assert.equal(format(value), expected));
}
