import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileTemplate, renderTemplate, type Template, type TemplateScope } from '../../../src/scenario/flows/template.js';
import { parseCsv } from '../../../src/scenario/flows/parse-csv.js';

function compiled(text: string): Template {
  const template = compileTemplate(text);
  if ('error' in template) assert.fail(template.error);
  return template;
}

function scope(vars: Record<string, string>, vu = 7): TemplateScope & { seq: number } {
  const result = { vars, vu, seq: 0, nextSeq: () => (result.seq += 1) };
  return result;
}

test('a template fills variables and built-ins, and leaves text as written', () => {
  const template = compiled('/users/{{ user }}/cart/{{$vu}}?n={{$seq}}&m={{$seq}}');
  assert.deepEqual(template.variables, ['user']);
  assert.equal(renderTemplate(template, scope({ user: 'ann' })), '/users/ann/cart/7?n=1&m=2');
  assert.equal(renderTemplate(compiled('no placeholder'), scope({})), 'no placeholder');
});

test('$uuid differs each time; $randomInt(a,b) stays within its bounds, both included', () => {
  const uuid = compiled('{{$uuid}}');
  const seen = new Set(Array.from({ length: 50 }, () => renderTemplate(uuid, scope({}))));
  assert.equal(seen.size, 50);
  for (const id of seen) assert.match(id, /^[0-9a-f-]{36}$/);
  const random = compiled('{{$randomInt(1,3)}}');
  const values = new Set(Array.from({ length: 300 }, () => Number(renderTemplate(random, scope({})))));
  assert.deepEqual([...values].sort(), [1, 2, 3]);
});

test('a template is split once: rendering it does not parse', () => {
  const template = compiled('a{{x}}b');
  assert.deepEqual(template.parts, [
    { kind: 'text', text: 'a' },
    { kind: 'variable', name: 'x' },
    { kind: 'text', text: 'b' },
  ]);
});

for (const [text, message] of [
  ['{{$nope}}', /no built-in/],
  ['{{a b}}', /no variable name/],
  ['{{$randomInt(5,1)}}', /lower bound is above/],
] as const) {
  test(`'${text}' does not compile`, () => {
    const result = compileTemplate(text);
    assert.ok('error' in result);
    assert.match(result.error, message);
  });
}

test('CSV: quoted fields with commas, quotes and line breaks; CRLF; blank lines skipped', () => {
  assert.deepEqual(parseCsv('user,note\r\nann,"a, ""b"""\n\nbob,"two\nlines"\n'), {
    rows: [
      ['user', 'note'],
      ['ann', 'a, "b"'],
      ['bob', 'two\nlines'],
    ],
  });
  assert.deepEqual(parseCsv('a,b\n1,'), {
    rows: [
      ['a', 'b'],
      ['1', ''],
    ],
  });
  assert.deepEqual(parseCsv('a\n"open'), { error: 'a quoted field is never closed', line: 2 });
});
