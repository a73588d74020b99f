import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { once } from 'node:events';
import { OutputTail, tellsPortOrError } from '../../../src/deploy/output-tail.js';

const cases: Array<[title: string, maxLines: number, chunks: string[], expected: string]> = [
  ['nothing written', 3, [], ''],
  ['an empty chunk', 3, [''], ''],
  ['fewer lines than the limit', 3, ['a\nb\n'], 'a\nb'],
  ['exactly the limit', 3, ['a\nb\nc\n'], 'a\nb\nc'],
  ['more lines than the limit keeps the last ones', 3, ['1\n2\n3\n4\n5\n'], '3\n4\n5'],
  ['a line split across chunks', 3, ['hel', 'lo wor', 'ld\n'], 'hello world'],
  ['the newline alone in the next chunk', 3, ['first', '\n', 'second\n'], 'first\nsecond'],
  ['many lines over many chunks', 2, ['a\nb', '\nc\nd', '\ne\n'], 'd\ne'],
  ['one character at a time', 2, [...'x\ny\nz\n'], 'y\nz'],
  ['a trailing partial line is included', 3, ['a\nb\npartial'], 'a\nb\npartial'],
  ['a trailing partial line counts towards the limit', 2, ['a\nb\nc\npartial'], 'c\npartial'],
  ['only a partial line', 2, ['no newline yet'], 'no newline yet'],
  ['CRLF line endings are stripped of \\r', 3, ['a\r\nb\r\n'], 'a\nb'],
  ['a CRLF split between chunks', 3, ['a\r', '\nb\r', '\n'], 'a\nb'],
  ['only a final \\r is stripped', 3, ['50%\r100%\r\n'], '50%\r100%'],
  ['empty lines are kept', 4, ['a\n\n\nb\n'], 'a\n\n\nb'],
  ['a limit of one', 1, ['a\nb\nc\n'], 'c'],
];

for (const [title, maxLines, chunks, expected] of cases) {
  test(`OutputTail: ${title}`, () => {
    const tail = new OutputTail(maxLines);
    for (const chunk of chunks) tail.push(chunk);
    assert.equal(tail.text(), expected);
  });
}

test('OutputTail.text can be read while the stream is still writing', () => {
  const tail = new OutputTail(2);
  tail.push('one\ntw');
  assert.equal(tail.text(), 'one\ntw');
  tail.push('o\nthree\n');
  assert.equal(tail.text(), 'two\nthree');
});

test('OutputTail.follow reads a stream, including multi-byte characters split between chunks', async () => {
  const stream = new PassThrough();
  const tail = new OutputTail(2);
  tail.follow(stream);
  const euro = Buffer.from('€');
  stream.write(Buffer.concat([Buffer.from('skipped\nprice: 5'), euro.subarray(0, 1)]));
  stream.write(Buffer.concat([euro.subarray(1), Buffer.from('\r\nError: boom')]));
  stream.end();
  await once(stream, 'end');
  assert.equal(tail.text(), 'price: 5€\nError: boom');
});

test('OutputTail.follow accepts a missing stream', () => {
  const tail = new OutputTail(2);
  tail.follow(null);
  assert.equal(tail.text(), '');
});

test('OutputTail: one endless line keeps its first 1,000 characters and says how many more there were', () => {
  const tail = new OutputTail(3);
  tail.push('Error: ');
  for (let index = 0; index < 1000; index += 1) tail.push('x'.repeat(1000));
  assert.equal(tail.text(), `Error: ${'x'.repeat(993)}… (${1_000_007 - 1000} more characters)`);
  tail.push('\nnext\n');
  assert.deepEqual(
    tail
      .text()
      .split('\n')
      .map((line) => line.length),
    [1000 + ` (${1_000_007 - 1000} more characters)`.length + 1, 4],
  );
});

test('OutputTail: a long line within a chunk is clipped too, and the lines after it are whole', () => {
  const tail = new OutputTail(3);
  tail.push(`${'y'.repeat(5000)}\nshort\n`);
  assert.equal(tail.text(), `${'y'.repeat(1000)}… (4000 more characters)\nshort`);
});

test('OutputTail.tellingLines: a line about a port or an error is kept however many lines follow it, with where it was written', () => {
  const tail = new OutputTail(3);
  tail.push('starting\nlistening on 8123\n');
  for (let index = 0; index < 100; index += 1) tail.push(`request ${index} served\n`);
  assert.deepEqual(tail.tellingLines(), [{ index: 1, text: 'listening on 8123', count: 1 }]);
  assert.deepEqual(
    tail.tail().map((line) => line.index),
    [99, 100, 101],
  );
});

test('OutputTail.tellingLines: lines of a big chunk that fall out of the tail at once are still looked at', () => {
  const tail = new OutputTail(2);
  tail.push(['Error: listen EADDRINUSE: address already in use :::8123', ...Array.from({ length: 50 }, (_, index) => `line ${index}`), ''].join('\n'));
  assert.deepEqual(tail.tellingLines(), [{ index: 0, text: 'Error: listen EADDRINUSE: address already in use :::8123', count: 1 }]);
  assert.equal(tail.text(), 'line 48\nline 49');
});

test('OutputTail.tellingLines: a repeated line is kept once and counted; stack frames and plain lines are not kept', () => {
  const tail = new OutputTail(5);
  tail.push('Error: boom\n    at main (/srv/app.js:3:9)\nhello\n'.repeat(20));
  assert.deepEqual(tail.tellingLines(), [{ index: 0, text: 'Error: boom', count: 20 }]);
});

test('OutputTail.tellingLines: at most 20 distinct lines, the first ones; a partial line is not one yet', () => {
  const tail = new OutputTail(5);
  tail.push(Array.from({ length: 30 }, (_, index) => `error ${index}\n`).join('') + 'error in progress');
  const telling = tail.tellingLines();
  assert.equal(telling.length, 20);
  assert.equal(telling[19]?.text, 'error 19');
});

const tellingCases: Array<[line: string, telling: boolean]> = [
  ['listening on 8123', true],
  ['Server running at http://127.0.0.1:3000/', true],
  ['Error: Cannot find module "express"', true],
  ["  code: 'ERR_UNKNOWN_FILE_EXTENSION'", true],
  ['connect ECONNREFUSED 127.0.0.1:5432', true],
  ['fatal: cannot reach the database', true],
  ['    at Server.listen (node:net:2008:7)', false],
  ['GET / 200 3 ms', false],
  ['Node.js v20.20.2', false],
  ['', false],
];

for (const [line, telling] of tellingCases) {
  test(`tellsPortOrError: ${JSON.stringify(line)} ${telling ? 'tells' : 'does not'}`, () => {
    assert.equal(tellsPortOrError(line), telling);
  });
}
