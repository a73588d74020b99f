import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { once } from 'node:events';
import { OutputTail } from '../../../src/deploy/output-tail.js';

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
