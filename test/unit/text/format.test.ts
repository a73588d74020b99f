import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatBytes, formatLatency, formatPercent, formatRatio, formatRps, groupThousands } from '../../../src/text/format.js';

const cases: Array<[name: string, format: (value: number) => string, Array<[input: number, expected: string]>]> = [
  [
    'formatLatency',
    formatLatency,
    [
      [0, '0 ms'],
      [0.001, '< 0.01 ms'],
      [0.0049, '< 0.01 ms'],
      [0.005, '0.01 ms'],
      [0.183, '0.18 ms'],
      [0.5, '0.50 ms'],
      [0.999, '1.00 ms'],
      [1, '1.00 ms'],
      [1.27, '1.27 ms'],
      [9.996, '10.0 ms'],
      [52.4, '52.4 ms'],
      [150, '150 ms'],
      [999.4, '999 ms'],
      [999.6, '1.00 s'],
      [1234, '1.23 s'],
      [12_345, '12.3 s'],
      [2_000_000, '2,000 s'],
      [Number.NaN, '—'],
      [Number.POSITIVE_INFINITY, '—'],
      [-1, '—'],
    ],
  ],
  [
    'formatRps',
    formatRps,
    [
      [0, '0'],
      [0.5, '0.5'],
      [42.46, '42.5'],
      [99.9, '99.9'],
      [99.96, '100'],
      [100, '100'],
      [1520.4, '1,520'],
      [24_117.6, '24,118'],
      [1_234_567, '1,234,567'],
      [Number.NaN, '—'],
    ],
  ],
  [
    'formatRatio',
    formatRatio,
    [
      [1, '1.00×'],
      [2.1, '2.10×'],
      [3192.8 / 1520.4, '2.10×'],
      [0.456, '0.46×'],
      [Number.NaN, '—'],
      [Number.POSITIVE_INFINITY, '—'],
    ],
  ],
  [
    'formatBytes',
    formatBytes,
    [
      [0, '0 B'],
      [512, '512 B'],
      [1536, '1.5 KiB'],
      [5 * 1024 ** 2, '5.0 MiB'],
      [16 * 1024 ** 3, '16.0 GiB'],
      [16_000_000_000, '14.9 GiB'],
      [3 * 1024 ** 4, '3.0 TiB'],
      [-1, '—'],
    ],
  ],
  [
    'formatPercent',
    formatPercent,
    [
      [0, '0%'],
      [0.004, '0%'],
      [0.51, '51%'],
      [97_936 / 192_031, '51%'],
      [0.97, '97%'],
      [1, '100%'],
      [1.02, '102%'],
      [2.5, '250%'],
      [Number.NaN, '—'],
      [-0.1, '—'],
    ],
  ],
  [
    'groupThousands',
    groupThousands,
    [
      [0, '0'],
      [999, '999'],
      [1000, '1,000'],
      [1234.6, '1,235'],
      [-1_234_567, '-1,234,567'],
      [Number.NaN, '—'],
    ],
  ],
];

for (const [name, format, table] of cases) {
  for (const [input, expected] of table) {
    test(`${name}(${input}) is '${expected}'`, () => {
      assert.equal(format(input), expected);
    });
  }
}

test('formatRatio shows a missing ratio as —', () => {
  assert.equal(formatRatio(null), '—');
  assert.equal(formatRatio(undefined), '—');
});
