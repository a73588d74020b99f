import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeValue, durationInput, formatDuration, parseDuration } from '../../../src/text/duration.js';

const valid: Array<[input: unknown, ms: number]> = [
  ['500ms', 500],
  ['10s', 10_000],
  ['1.5m', 90_000],
  ['2h', 7_200_000],
  ['0s', 0],
  ['0.5s', 500],
  ['10 s', 10_000],
  [' 10s ', 10_000],
  ['\t250ms\n', 250],
  [0, 0],
  [250, 250],
  [12.5, 12.5],
];

for (const [input, ms] of valid) {
  test(`parseDuration(${JSON.stringify(input)}) is ${ms} ms`, () => {
    assert.deepEqual(parseDuration(input), { ms });
  });
}

const invalid: Array<[label: string, input: unknown, messagePart: string]> = [
  ["'10' (no unit)", '10', "cannot read '10' as a duration"],
  ["'10 sec' (unknown unit)", '10 sec', "cannot read '10 sec' as a duration"],
  ["'ten seconds'", 'ten seconds', "cannot read 'ten seconds' as a duration"],
  ["'-5s'", '-5s', "cannot read '-5s' as a duration"],
  ["'10S' (units are lower case)", '10S', "cannot read '10S' as a duration"],
  ["'' (empty)", '', "cannot read '' as a duration"],
  ['-5', -5, 'expected a duration of 0 ms or more, found -5'],
  ['NaN', Number.NaN, 'expected a duration of 0 ms or more, found NaN'],
  ['Infinity', Number.POSITIVE_INFINITY, 'expected a duration of 0 ms or more, found Infinity'],
  ['null', null, 'found null'],
  ['undefined', undefined, 'found nothing'],
  ['{}', {}, 'found an object'],
  ['[]', [], 'found a list'],
  ['true', true, 'found true'],
];

for (const [label, input, messagePart] of invalid) {
  test(`parseDuration(${label}) is an error`, () => {
    const result = parseDuration(input);
    assert.ok('error' in result, `expected an error, got ${JSON.stringify(result)}`);
    assert.ok(result.error.includes(messagePart), `'${result.error}' should contain '${messagePart}'`);
  });
}

test('the error for a unitless string says which units exist', () => {
  const result = parseDuration('10');
  assert.ok('error' in result);
  assert.match(result.error, /ms, s, m or h/);
});

test('the error for a wrong type suggests both accepted forms', () => {
  const result = parseDuration(null);
  assert.ok('error' in result);
  assert.match(result.error, /'10s' or a number of milliseconds/);
});

const formatted: Array<[ms: number, text: string]> = [
  [0, '0 ms'],
  [1, '1 ms'],
  [0.25, '0.3 ms'],
  [800, '800 ms'],
  [999, '999 ms'],
  [1000, '1 s'],
  [1500, '1.5 s'],
  [2500, '2.5 s'],
  [10_000, '10 s'],
  [119_000, '119 s'],
  [999.96, '1 s'],
  [119_999, '2 min'],
  [120_000, '2 min'],
  [180_000, '3 min'],
  [90 * 60_000, '90 min'],
  [7_200_000, '120 min'],
];

for (const [ms, text] of formatted) {
  test(`formatDuration(${ms}) is '${text}'`, () => {
    assert.equal(formatDuration(ms), text);
  });
}

test('formatDuration and parseDuration agree on whole seconds', () => {
  for (const input of ['1s', '2.5s', '45s']) {
    const parsed = parseDuration(input);
    assert.ok('ms' in parsed);
    assert.equal(formatDuration(parsed.ms), input.replace('s', ' s'));
  }
});

test('durationInput writes the largest whole unit, and parseDuration reads it back', () => {
  const cases: Array<[ms: number, text: string]> = [
    [10_000, '10s'],
    [2_000, '2s'],
    [15_000, '15s'],
    [500, '500ms'],
    [1_500, '1500ms'],
    [120_000, '2m'],
    [3_600_000, '1h'],
    [0, '0ms'],
  ];
  for (const [ms, text] of cases) {
    assert.equal(durationInput(ms), text);
    assert.deepEqual(parseDuration(text), { ms });
  }
});

const described: Array<[input: unknown, text: string]> = [
  [null, 'null'],
  [undefined, 'nothing'],
  [[1, 2], 'a list'],
  ['abc', "'abc'"],
  [{ a: 1 }, 'an object'],
  [-3, '-3'],
  [false, 'false'],
];

for (const [input, text] of described) {
  test(`describeValue(${JSON.stringify(input) ?? 'undefined'}) is ${text}`, () => {
    assert.equal(describeValue(input), text);
  });
}
